/**
 * Bad schemas: each gets an error naming the file, the JSON pointer, the line
 * and the column; the exit code is 1; the output folder is left untouched.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { captureIo, demoSchema, positionOf, writeSchema } from "../support/schemas.js";

async function runBad(text: string) {
  const { root, file } = writeSchema(text);
  const out = join(root, "generated");
  mkdirSync(join(out, "demo"), { recursive: true });
  writeFileSync(join(out, "demo", "sentinel.ts"), "// left by an earlier run\n");
  const capture = captureIo();
  const status = await generateCommand([file, "--out", out], capture.io);
  expect(readdirSync(out)).toEqual(["demo"]);
  expect(readdirSync(join(out, "demo"))).toEqual(["sentinel.ts"]);
  expect(readFileSync(join(out, "demo", "sentinel.ts"), "utf8")).toBe("// left by an earlier run\n");
  return { status, stderr: capture.stderr(), file };
}

/** Position of the value that follows `prefix` (a property name and colon). */
function valuePosition(text: string, prefix: string) {
  const after = text.indexOf(prefix) + prefix.length;
  const before = text.slice(0, after);
  return { line: before.split("\n").length, column: after - before.lastIndexOf("\n") };
}

function expectLocated(stderr: string, file: string, pointer: string, pos: { line: number; column: number }) {
  expect(stderr).toContain(`${file}:${pos.line}:${pos.column} at ${pointer}`);
  expect(stderr).toMatch(/was left unchanged/);
}

describe("bad schemas", () => {
  it("malformed JSON", async () => {
    const text = demoSchema().replace('"role": "peers",', '"role": "peers",,');
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("malformed JSON");
    const pos = positionOf(text, ',,');
    expectLocated(r.stderr, r.file, "/x-juju", { line: pos.line, column: pos.column + 1 });
  });

  it("a schema that fails the meta-schema", async () => {
    const text = demoSchema().replace('"role": "peers"', '"role": "sidecar"');
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("must be one of");
    const pos = positionOf(text, '"sidecar"');
    expectLocated(r.stderr, r.file, "/x-juju/role", pos);
  });

  it("a flag rule naming a key that does not exist", async () => {
    const text = demoSchema().replace(/("present": \[\s*)"count"/, '$1"cuont"');
    expect(text).toContain("cuont");
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('names key "cuont"');
    expectLocated(r.stderr, r.file, "/x-juju/flags/ready/rule/allUnits/present/0", positionOf(text, '"cuont"'));
  });

  it("a setter naming a key that does not exist", async () => {
    const text = demoSchema().replace(/("params": \[\s*)"count"/, '$1"amount"');
    expect(text).toContain("amount");
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('setter setCount names key "amount"');
    expectLocated(r.stderr, r.file, "/x-juju/setters/setCount/params/0", positionOf(text, '"amount"'));
  });

  it("two keys that map to the same TypeScript name", async () => {
    const text = demoSchema({
      unit: { "foo-bar": { type: "string" }, foo_bar: { type: "string" }, count: { type: "string", contentMediaType: "application/json", contentSchema: { type: "integer" } } },
    });
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('keys "foo-bar" and "foo_bar" both map to the TypeScript name "fooBar"');
    expectLocated(r.stderr, r.file, "/$defs/DemoUnit/properties/foo_bar", valuePosition(text, '"foo_bar": '));
  });

  it("a key that is a reserved word in TypeScript", async () => {
    const text = demoSchema({
      unit: { class: { type: "string" }, count: { type: "string", contentMediaType: "application/json", contentSchema: { type: "integer" } } },
    });
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('key "class" maps to "class", a reserved word');
    expectLocated(r.stderr, r.file, "/$defs/DemoUnit/properties/class", valuePosition(text, '"class": '));
  });

  it("a setter constant that its key's schema does not allow", async () => {
    const text = demoSchema({
      xJuju: { interface: "demo", version: 0, role: "peers", setters: { setCount: { description: "d", values: { count: "many" } } } },
    });
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('constant is not allowed by the schema of "count"');
    expectLocated(r.stderr, r.file, "/x-juju/setters/setCount/values/count", positionOf(text, '"many"'));
  });

  it("minimumPeers without minimumUnits, and flags that refer to each other in a cycle", async () => {
    const text = demoSchema({
      xJuju: {
        interface: "demo", version: 0, role: "peers",
        flags: {
          a: { description: "a", rule: { joinedUnits: { min: "minimumPeers" }, flags: ["b"] } },
          b: { description: "b", rule: { flags: ["a"] } },
        },
      },
    });
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"minimumPeers" needs x-juju.minimumUnits');
    expect(r.stderr).toMatch(/cycle: a -> b -> a|cycle: b -> a -> b/);
  });

  it("a setter whose name the endpoint class already uses, or whose parameters share a name", async () => {
    const text = demoSchema({
      xJuju: {
        interface: "demo", version: 0, role: "peers",
        setters: {
          publish: { description: "d", params: ["count"] },
          setTwice: { description: "d", params: [{ key: "count", name: "n" }, { key: "foo-bar", name: "n" }] },
        },
      },
    });
    const r = await runBad(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('setter name "publish" is taken by the generated endpoint class');
    expect(r.stderr).toContain('at /x-juju/setters/setTwice/params/1: two parameters are named "n"');
  });

  it("reports every problem of a run, not just the first", async () => {
    const text = demoSchema({
      unit: { class: { type: "string" }, "foo-bar": { type: "string" }, foo_bar: { type: "string" }, count: { type: "string", contentMediaType: "application/json", contentSchema: { type: "integer" } } },
    });
    const r = await runBad(text);
    expect(r.stderr).toContain("2 problem(s)");
  });
});

/** This repository's runtime, for output written outside it. */
const RUNTIME = join(import.meta.dirname, "..", "..", "src", "runtime");

describe("bad schemas of an interface version", () => {
  /** Writes schema files into `<tmp>/schema/<path>` and runs `relgen generate` on the folder given. */
  async function runFolder(files: Record<string, string>, folder: string, extra: string[] = []) {
    const { root } = writeSchema(demoSchema());
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, "schema", path, ".."), { recursive: true });
      writeFileSync(join(root, "schema", path), text);
    }
    const capture = captureIo();
    const status = await generateCommand([join(root, "schema", folder), "--out", join(root, "generated"), "--runtime", RUNTIME, ...extra], capture.io);
    return { status, stderr: capture.stderr(), stdout: capture.stdout(), root };
  }
  const side = (role: string, xJuju?: Record<string, unknown>, unit?: Record<string, unknown>) =>
    JSON.stringify({ type: "object", properties: { unit: { type: "object", properties: unit ?? { host: { type: "string" } }, required: ["host"] } }, ...(xJuju ? { "x-juju": xJuju } : {}) }, null, 2) + "\n";

  it("an invalid JSON Schema keyword is an error at its file, pointer, line and column (no stack)", async () => {
    const text = side("provider", undefined, { port: { type: "string", contentMediaType: "application/json", contentSchema: { type: "integr" } } });
    const r = await runFolder({ "demo/v0/provider.json": text }, "demo/v0");
    expect(r.status).toBe(1);
    const pos = positionOf(text, '"integr"');
    expect(r.stderr).toContain(`schema/demo/v0/provider.json:${pos.line}:${pos.column} at /properties/unit/properties/port/contentSchema/type: not a valid JSON Schema here: must be one of`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("x-juju that disagrees with the path is an error; another interface name is reported", async () => {
    const version = await runFolder({ "demo/v1/provider.json": side("provider", { interface: "demo", version: 3, role: "provider" }) }, "demo/v1");
    expect(version.status).toBe(1);
    expect(version.stderr).toMatch(/provider\.json:\d+:\d+ at \/x-juju\/version: x-juju says version 3, but the path says v1/);
    const role = await runFolder({ "demo/v1/provider.json": side("provider", { interface: "demo", version: 1, role: "requirer" }) }, "demo/v1");
    expect(role.stderr).toMatch(/at \/x-juju\/role: x-juju says role "requirer", but the path says "provider"/);
    const renamed = await runFolder({ "my_demo/v1/provider.json": side("provider", { interface: "demo", version: 1, role: "provider" }) }, "my_demo/v1");
    expect(renamed.status).toBe(0);
    expect(renamed.stderr).toContain('warning: x-juju names the interface "demo" while the path says "my_demo": generating it as "demo"');
    expect(readdirSync(join(renamed.root, "generated"))).toEqual(["demo"]);
  });

  it("two files of one folder that disagree on the interface or version are refused, naming both", async () => {
    const r = await runFolder(
      { "demo/v1/provider.json": side("provider", { interface: "demo", version: 1, role: "provider" }), "demo/v1/requirer.json": side("requirer", { interface: "other", version: 1, role: "requirer" }) },
      "demo/v1",
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/schema\/demo\/v1\/requirer\.json is other v1 but \S*schema\/demo\/v1\/provider\.json, in the same folder, is demo v1/);
  });

  it("a flag rule is checked against the bag it reads: the other side's", async () => {
    const provider = side("provider", { interface: "demo", version: 1, role: "provider", flags: { ready: { description: "d", rule: { allUnits: { present: ["host"] } } } } }, { host: { type: "string" } });
    const requirer = side("requirer", undefined, { client: { type: "string" } });
    const r = await runFolder({ "demo/v1/provider.json": provider, "demo/v1/requirer.json": requirer.replace('"required": [\n          "host"\n        ]', '"required": []') }, "demo/v1");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/provider\.json:\d+:\d+ at \/x-juju\/flags\/ready\/rule\/allUnits\/present\/0: flag rule names key "host", which is not a key of the requirer side's unit bag \(the bag this rule reads\)/);
  });

  it("a schema at a path that says nothing needs --interface, --version and --role", async () => {
    const { root } = writeSchema(demoSchema());
    const file = join(root, "loose.json");
    writeFileSync(file, side("provider"));
    const capture = captureIo();
    expect(await generateCommand([file, "--out", join(root, "out"), "--runtime", RUNTIME], capture.io)).toBe(1);
    expect(capture.stderr()).toContain("cannot tell which interface, version and side this is: there is no x-juju object, and the path must end in <interface>/v<N>/<provider|requirer|peers>.json (or interfaces/<interface>/v<N>/schemas/<role>.json), or pass --interface NAME --version N --role provider|requirer|peers");
    const ok = captureIo();
    expect(await generateCommand([file, "--out", join(root, "out"), "--runtime", RUNTIME, "--interface", "loose", "--version", "2", "--role", "provider"], ok.io)).toBe(0);
    expect(readdirSync(join(root, "out", "loose", "v2")).sort()).toContain("provider.endpoint.ts");
    expect(ok.stderr()).toContain("no requirer.json beside it");
  });
});

describe("where the runtime cannot be found", () => {
  it("says so in one line, with what to do", async () => {
    const { root, file } = writeSchema(demoSchema());
    const capture = captureIo();
    const status = await generateCommand([file, "--out", join(root, "out")], capture.io, { cwd: root });
    expect(status).toBe(1);
    expect(capture.stderr()).toBe("relgen generate: relgen/runtime is not resolvable from out: run npm install relgen in that project (or pass --runtime)\n");
  });
});
