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
