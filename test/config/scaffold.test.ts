/**
 * The config module and the scaffold's config: generated/config.ts from
 * config.yaml (escaped, one-line errors), config.yaml merged by relgen add,
 * and relgen init of a requirer whose keys come from the hook's context and
 * from config options, type-checked as a project.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { configModule, parseConfigOptions } from "../../src/generator/config/index.js";
import { mergeConfigYaml } from "../../src/project/config-yaml.js";
import { initProject } from "../../src/project/scaffold.js";
import { typeCheckEntry } from "../../src/project/typecheck.js";
import { corpus, corpusPresent } from "../support/corpus.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "relgen-config-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project made by init, with relgen and Node's types linked in (as npm install would give). */
async function project(name: string, schema: string): Promise<string> {
  const dir = join(work, name);
  await initProject({ dir, interfaces: [schema], relgen: "file:../relgen.tgz" });
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "relgen"));
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
  return dir;
}

describe("the config module", () => {
  it("types every option, documents it from its description, and escapes what it quotes", async () => {
    const text = `options:
  name: {type: string, default: "a\\"b", description: "Ends a comment */ and a string \\"); x(); //"}
  port: {type: int, default: 80}
  ratio: {type: float}
  debug: {type: boolean, default: true}
  api-token: {type: secret, description: "A user secret's URI."}
`;
    const file = await configModule(parseConfigOptions(text, "config.yaml"), "relgen/runtime", join(work, "generated"), true);
    expect(file.path).toBe("config.ts");
    const c = file.content;
    expect(c).toMatch(/^\/\/ generated from config\.yaml by relgen; do not edit\./);
    expect(c).toContain("readonly name: string;");
    expect(c).toContain("readonly port: number;");
    expect(c).toContain("readonly ratio?: number | undefined;");
    expect(c).toContain("readonly debug: boolean;");
    expect(c).toContain("readonly apiToken?: ConfigSecret | undefined;");
    expect(c).toContain(`export type ConfigOption = "api-token" | "debug" | "name" | "port" | "ratio";`);
    expect(c).toContain(`{ name: "name", ts: "name", type: "string", default: 'a"b' }`);
    expect(c).toContain("Ends a comment *\\/ and a string");
    expect(c.split("*/").length).toBe(c.split("/**").length); // no description closes a comment early
  });

  it("refuses a bad option in one line naming the file, the line and the option", () => {
    expect(() => parseConfigOptions("options:\n  port:\n    type: integer\n", "config.yaml")).toThrow('config.yaml:3: option "port": type "integer" is not one of string, int, float, boolean, secret');
    expect(() => parseConfigOptions("options:\n  port:\n    type: int\n    default: eighty\n", "config.yaml")).toThrow('config.yaml:4: option "port": the default is not a int');
    expect(() => parseConfigOptions("options:\n  a-b: {type: string}\n  a_b: {type: string}\n", "config.yaml")).toThrow(/config\.yaml:3: options "a-b" and "a_b" both become aB/);
    expect(parseConfigOptions("name: x\nconfig:\n  options:\n    port: {type: int, default: 1}\n", "charmcraft.yaml", true).options).toEqual([{ name: "port", ts: "port", type: "int", default: 1 }]);
  });

  it("relgen add's merge keeps the file's comments and order, and leaves an option that is there", () => {
    const before = "# mine\noptions:\n  # the port\n  port:\n    type: int\n    default: 1\n";
    const merged = mergeConfigYaml(before, "config.yaml", [
      { name: "port", ts: "port", type: "string" },
      { name: "tls", ts: "tls", type: "boolean", description: "TLS?" },
    ]);
    expect(merged.text).toBe(`${before}  tls:\n    type: boolean\n    description: TLS?\n`);
    expect(merged.added).toEqual(["tls"]);
    expect(merged.warnings).toEqual(["config.yaml: option port is there already: left as it is (the handler reads it as hook.config.port; check its type is string)"]);
  });
});

describe("relgen init: keys from the context and from config", () => {
  it("fills model, name and host from the hook, makes config options of the other scalars, and type-checks", async () => {
    const dir = await project("webclient", join(import.meta.dirname, "fixtures", "web_api", "v0", "requirer.json"));
    const config = parseConfigOptions(readFileSync(join(dir, "config.yaml"), "utf8"), "config.yaml");
    expect(config.options.map((o) => [o.name, o.type, o.default])).toEqual([
      ["port", "int", 8080],
      ["tls", "boolean", undefined],
    ]);
    const charm = readFileSync(join(dir, "src", "charm.ts"), "utf8");
    expect(charm).toContain(`export const charm = defineCharm({ endpoints: [webApi], config });`);
    expect(charm).toContain(`webApi.publish({ host: await hook.networkAddress("web-api") });`);
    expect(charm).toContain(
      `if (hook.config.tls !== undefined && (await hook.isLeader())) webApi.publishApp({ model: hook.model.name, name: hook.app, port: hook.config.port, tls: hook.config.tls, paths: ["/api"] });`,
    );
    expect(charm).toContain(`if (hook.config.tls === undefined) return hook.status("blocked", "set the tls config option (juju config <app> tls=...)");`);
    expect(typeCheckEntry(join(dir, "src", "hook.ts"))).toEqual([]);
    // relgen generate --check reads config.yaml: the module init wrote is what it generates.
    let out = "";
    let err = "";
    const code = await generateCommand(["--check"], { stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, { cwd: dir });
    expect(err).not.toContain("stale");
    expect(out).toMatch(/generated files are up to date/);
    expect(code).toBe(0);
  });

  it.skipIf(!corpusPresent)("scaffolds the ingress v2 requirer with no glue: model, port and name from hook.model, hook.config and hook.app", async () => {
    const dir = await project("ingressed", join(corpus, "charm-relation-interfaces", "ingress", "v2", "requirer.json"));
    expect(readFileSync(join(dir, "config.yaml"), "utf8")).toMatch(/options:\n {2}port:\n {4}type: int\n {4}description: The port the unit wishes to be exposed/);
    const charm = readFileSync(join(dir, "src", "charm.ts"), "utf8");
    expect(charm).toContain(`ingress.publishApp({ model: hook.model.name, port: hook.config.port, name: hook.app });`);
    expect(charm).toContain(`ingress.publish({ host: await hook.networkAddress("ingress") });`);
    expect(typeCheckEntry(join(dir, "src", "hook.ts"))).toEqual([]);
  });
});
