/**
 * Interfaces by name: `relgen init` and `relgen add` look an interface up in
 * the registry (a folder here, in both of its layouts; the loopback URL is
 * registry-url.test.ts), take its newest version unless told, print the
 * choice, suggest the nearest names for a misspelt one, and `add` puts the
 * endpoint into the metadata keeping the file as it was written. A refused
 * add writes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { main } from "../../src/cli/main.js";
import { addInterface } from "../../src/project/add.js";
import { ChooseError, lazyRegistry, nearestNames, parseInterfaceName } from "../../src/project/choose.js";
import { initProject } from "../../src/project/scaffold.js";
import { openRegistry } from "../../src/registry/index.js";
import { registryFixture } from "../support/registry-fixture.js";
import { tempDir } from "../support/temp.js";

const registryDir = registryFixture();
const registry = () => lazyRegistry(() => openRegistry(registryDir));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

/** `relgen generate` run in a project folder, as its `npm run generate` does. */
async function generateIn(dir: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await generateCommand(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, { cwd: dir });
  return { code, out, err };
}

/** Every file under a folder with its bytes, to prove a refused command changed nothing. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("interface names", () => {
  it("reads NAME, NAME@vN, NAME@N and NAME/vN, and nothing else", () => {
    expect(parseInterfaceName("ingress")).toEqual({ name: "ingress", version: null });
    expect(parseInterfaceName("ingress@v2")).toEqual({ name: "ingress", version: 2 });
    expect(parseInterfaceName("ingress@2")).toEqual({ name: "ingress", version: 2 });
    expect(parseInterfaceName("k8s-service/v0")).toEqual({ name: "k8s-service", version: 0 });
    for (const bad of ["Ingress", "ingress@", "ingress/v", "ingress/2", "../ingress", "a b", "ingress@v2/x", ""]) expect(parseInterfaceName(bad), bad).toBeNull();
  });

  it("suggests the nearest names: a typo, a missing part, - for _", () => {
    const names = ["ingress", "ingress_per_unit", "tls_certificates", "mysql_client", "postgresql_client", "tracing"];
    expect(nearestNames("ingres", names)[0]).toBe("ingress");
    expect(nearestNames("tls-certificates", names)).toEqual(["tls_certificates"]);
    expect(nearestNames("mysql", names)).toContain("mysql_client");
    expect(nearestNames("zzzzzz", names)).toEqual([]);
  });
});

describe("relgen init by name", () => {
  it("takes the newest version, prints the choice, and copies both sides from either layout", async () => {
    const dir = join(tempDir(), "greeter");
    const result = await initProject({ dir, interfaces: ["greeting", "counter"], role: ["requirer", "provider"], registry: registry(), relgen: "^0.1.0" });
    expect(result.notes).toEqual([
      `greeting: v1 (the newest of v0, v1), the requirer side, from ${registryDir}`,
      `counter: v0 (its only version), the provider side, from ${registryDir}`,
    ]);
    for (const f of ["schema/greeting/v1/requirer.json", "schema/greeting/v1/provider.json", "schema/counter/v0/provider.json", "schema/counter/v0/requirer.json"]) expect(existsSync(join(dir, f)), f).toBe(true);
    // Copied byte for byte from the registry.
    expect(readFileSync(join(dir, "schema/greeting/v1/requirer.json"), "utf8")).toBe(readFileSync(join(registryDir, "docs/json_schemas/greeting/v1/requirer.json"), "utf8"));
    const metadata = readFileSync(join(dir, "metadata.yaml"), "utf8");
    expect(metadata).toContain("requires:\n  greeting:\n    interface: greeting\n");
    expect(metadata).toContain("provides:\n  counter:\n    interface: counter\n");
    // The schema's example is the charm's first publish.
    // A scalar key this side must publish is a config option, its example the default (see src/project/config-options.ts).
    expect(readFileSync(join(dir, "src/charm.ts"), "utf8")).toContain(`greeting.publishApp({ message: hook.config.message })`);
    expect(readFileSync(join(dir, "config.yaml"), "utf8")).toContain(`  message:\n    type: string\n`);
  });

  it("takes the version asked for, as NAME@vN and NAME/vN", async () => {
    for (const spec of ["greeting@v0", "greeting/v0"]) {
      const dir = join(tempDir(), "old");
      const result = await initProject({ dir, interfaces: [spec], role: "provider", registry: registry(), relgen: "^0.1.0" });
      expect(result.notes).toEqual([`greeting: v0 (as asked), the provider side, from ${registryDir}`]);
      expect(existsSync(join(dir, "schema/greeting/v0/provider.json"))).toBe(true);
    }
  });

  it("refuses, in one line and leaving nothing: a misspelt name (with the nearest), a version it does not have, a side it does not have, both sides without --role", async () => {
    const cases: [string[], RegExp][] = [
      [["--interface", "greting"], /no interface greting in the registry at .*; did you mean greeting\?/],
      [["--interface", "greeting@v7"], /greeting has no v7 in the registry \(it has v0, v1\)/],
      [["--interface", "echo", "--role", "requirer"], /echo v0 has no requirer side \(it holds provider\)/],
      [["--interface", "greeting"], /greeting v1 holds both sides \(provider, requirer\): pass --role provider or --role requirer/],
      [["--interface", "greeting@"], /give a version as NAME@vN or NAME\/vN/],
    ];
    for (const [args, message] of cases) {
      const parent = tempDir();
      const r = await cli(["init", join(parent, "x"), ...args, "--registry", registryDir]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(readdirSync(parent), args.join(" ")).toEqual([]);
    }
  });

  it("takes a side whose counterpart in the registry is empty or not JSON, with a warning: the project reads that side untyped and generates", async () => {
    for (const [spec, why] of [["lamp@v0", "is empty"], ["lamp@v1", "is not valid JSON"]] as const) {
      const dir = join(tempDir(), "lamp");
      const result = await initProject({ dir, interfaces: [spec], role: "provider", registry: registry(), relgen: "^0.1.0" });
      const version = spec.slice(-2);
      expect(result.warnings).toContain(`lamp ${version}: the requirer schema ${why}: not copied; what the requirer side publishes is read untyped (open bags)`);
      expect(readdirSync(join(dir, "schema/lamp", version))).toEqual(["provider.json"]);
      const r = await generateIn(dir, ["--check"]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/no requirer\.json beside it: what the requirer side publishes is read untyped/);
    }
  });

  it("inlines a registry schema that a copied schema refers to by URL, so the project generates offline", async () => {
    const dir = join(tempDir(), "backer");
    await initProject({ dir, interfaces: ["backup"], role: "provider", registry: registry(), relgen: "^0.1.0" });
    const copied = readFileSync(join(dir, "schema/backup/v0/provider.json"), "utf8");
    expect(copied).not.toContain("https://");
    // The project's own generate, with no registry at all, reads it whole.
    const r = await generateIn(dir, ["--check"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("relgen add", () => {
  const metadata = `# The greeter charm.
name: greeter   # its name
summary: Says hello.
requires:
  # the one it greets
  greeting:
    interface: greeting
    limit: 1
`;

  async function project(): Promise<string> {
    const dir = join(tempDir(), "greeter");
    await initProject({ dir, interfaces: ["greeting"], role: "requirer", registry: registry(), relgen: "^0.1.0" });
    writeFileSync(join(dir, "metadata.yaml"), metadata);
    return dir;
  }

  it("copies the schemas, generates, adds the endpoint keeping comments and order, and prints the handler", async () => {
    const dir = await project();
    const r = await cli(["add", dir, "--interface", "counter", "--role", "provider", "--endpoint", "tally", "--registry", registryDir]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`relgen: counter: v0 (its only version), the provider side, from ${registryDir}\n`);
    expect(r.out).toContain("relgen: added the endpoint tally (provides counter v0) to metadata.yaml\n");
    expect(r.out).toContain(`export const tally = counterProvider("tally");`);
    expect(r.out).toContain("then add tally to defineCharm({ endpoints: [...] }), and a handler after it:");
    expect(r.out).toContain("charm.when(tally.flags.connected).do(async function tallyConnected(hook: Hook<Config>) {");
    expect(r.out).toContain("tally.publish({ count: hook.config.count });");
    // The option it publishes from is merged into config.yaml, and typed in generated/config.ts.
    expect(readFileSync(join(dir, "config.yaml"), "utf8")).toMatch(/options:\n(.|\n)*  count:\n    type: int\n/);
    expect(readFileSync(join(dir, "generated/config.ts"), "utf8")).toContain("readonly count: number;");
    expect(readFileSync(join(dir, "metadata.yaml"), "utf8")).toBe(
      metadata.replace("greeter   # its name", "greeter # its name") + "provides:\n  tally:\n    interface: counter\n",
    );
    expect(existsSync(join(dir, "schema/counter/v0/provider.json"))).toBe(true);
    expect(existsSync(join(dir, "generated/counter/v0/provider.endpoint.ts"))).toBe(true);
    expect(existsSync(join(dir, "generated/greeting/v1/requirer.endpoint.ts"))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith(".relgen"))).toEqual([]);
    // What add generated is what the project's own generate gives.
    const check = await generateIn(dir, ["--check"]);
    expect(check.err).toBe("");
    expect(check.code).toBe(0);
  });

  it("refuses a second endpoint of the same name, an unknown interface, a bad endpoint name, a folder that is no charm: nothing is written", async () => {
    const dir = await project();
    const before = tree(dir);
    const cases: [string[], RegExp][] = [
      [["--interface", "greeting@v0", "--role", "requirer"], /metadata.yaml declares the endpoint greeting already \(requires, interface greeting\): pass --endpoint/],
      [["--interface", "countre", "--role", "provider"], /did you mean counter\?/],
      [["--interface", "counter", "--role", "provider", "--endpoint", "Tally!"], /"Tally!" is not an endpoint name/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(["add", dir, ...args, "--registry", registryDir]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(message);
      expect(tree(dir), args.join(" ")).toEqual(before);
    }
    const empty = tempDir();
    mkdirSync(join(empty, "src"));
    const r = await cli(["add", empty, "--interface", "counter", "--registry", registryDir]);
    expect(r.err).toMatch(/has no metadata.yaml \(nor a charmcraft.yaml\): relgen add works in a charm project/);
  });

  it("adds to a charmcraft.yaml, and to an empty `peers: {}` as a block", async () => {
    const dir = await project();
    writeFileSync(join(dir, "charmcraft.yaml"), "name: greeter\ntype: charm\npeers: {}\n");
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "metadata.yaml"));
    const peersDir = join(registryDir, "docs/json_schemas/ring/v0");
    mkdirSync(peersDir, { recursive: true });
    writeFileSync(join(peersDir, "peers.json"), JSON.stringify({ type: "object", properties: { unit: { type: "object", properties: { seen: { type: "string" } } } } }));
    const result = await addInterface({ dir, interface: "ring", registry: registry() });
    expect(result.kind).toBe("peers");
    expect(readFileSync(join(dir, "charmcraft.yaml"), "utf8")).toBe("name: greeter\ntype: charm\npeers:\n  ring:\n    interface: ring\n");
  });

  it("a name that is also a path here is read as the path", async () => {
    const dir = await project();
    const schemaDir = join(dir, "counter", "v0");
    mkdirSync(schemaDir, { recursive: true });
    writeFileSync(join(schemaDir, "provider.json"), readFileSync(join(registryDir, "interfaces/counter/v0/schemas/provider.json")));
    const result = await addInterface({ dir, interface: join(dir, "counter", "v0"), registry: () => { throw new ChooseError("the registry was opened"); } });
    expect(result.notes).toEqual([]);
    expect(result.identity).toEqual({ name: "counter", version: 0, role: "provider" });
  });
});
