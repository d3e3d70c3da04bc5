/**
 * Key names, enum values and descriptions full of quotes, backticks, `${`,
 * `*\/`, backslashes and newlines must generate correct code that keeps the
 * text intact. The generated code is type-checked by the generator, then
 * imported and run here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIND } from "../../src/runtime/endpoint.js";
import { ts } from "ts-morph";
import { generate } from "../../src/generator/pipeline.js";
import { writeFiles } from "../../src/generator/write.js";
import { writeSchema } from "../support/schemas.js";

const EVIL = "q\"b`t${x}*/ /* \\ \n\u2028end";
const ENUM = ['a"b', "c`d", "${x}", "*/", "x\ny", "back\\slash"];
const KEYS = { quote: 'a"b', tick: "c`d", dollar: "e${f}", comment: "g*/h", newline: "i\nj", backslash: "k\\l" };

const schema = {
  title: EVIL,
  description: EVIL,
  type: "object",
  properties: { unit: { $ref: "#/$defs/U" } },
  $defs: {
    U: {
      type: "object",
      description: EVIL,
      properties: {
        [KEYS.quote]: { type: "string", description: EVIL, title: EVIL },
        [KEYS.tick]: { type: "string", contentMediaType: "application/json", contentSchema: { enum: ENUM, description: EVIL }, description: EVIL },
        [KEYS.dollar]: { type: "string", contentMediaType: "application/json", contentSchema: { type: "object", properties: { [EVIL]: { type: "integer" } }, required: [EVIL] } },
        [KEYS.comment]: { type: "string", description: "*/" },
        [KEYS.newline]: { type: "string", contentMediaType: "application/json", contentSchema: { type: "boolean" } },
        [KEYS.backslash]: { type: "string", contentMediaType: "application/json", contentSchema: { const: EVIL } },
      },
    },
  },
  "x-juju": {
    interface: "hostile",
    version: 0,
    role: "peers",
    flags: { ready: { description: EVIL, rule: { joinedUnits: { min: 1 }, allUnits: { present: [KEYS.dollar, KEYS.newline] } } } },
    setters: {
      setPair: { description: EVIL, params: [{ key: KEYS.quote, name: "first" }, { key: KEYS.tick, name: "second" }] },
      setFlag: { description: EVIL, values: { [KEYS.newline]: true, [KEYS.backslash]: EVIL } },
    },
  },
};

let outRoot: string;
let lib: Record<string, unknown>;

beforeAll(async () => {
  const { root, file } = writeSchema(JSON.stringify(schema, null, 2), "hostile");
  mkdirSync(join(process.cwd(), ".test-output"), { recursive: true });
  outRoot = mkdtempSync(join(process.cwd(), ".test-output", "hostile-"));
  const result = await generate({ schemas: [file], outDir: outRoot, baseDir: root });
  writeFiles(outRoot, result.interfaces, result.files);
  lib = (await import(join(outRoot, "hostile", "index.ts"))) as Record<string, unknown>;
});
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

type Fn = (...args: unknown[]) => unknown;

describe("hostile text in a schema", () => {
  it("keeps every wire key intact in the key table", () => {
    const spec = lib["hostilePeersUnitSpec"] as { keys: { wire: string; ts: string }[] };
    expect(spec.keys.map((k) => k.wire).sort()).toEqual(Object.values(KEYS).sort());
    expect(spec.keys.map((k) => k.ts).sort()).toEqual(["aB", "cD", "eF", "gH", "iJ", "kL"]);
  });

  it("reads, validates and encodes through the hostile keys", () => {
    const read = lib["readHostilePeersUnit"] as Fn;
    const bag = {
      [KEYS.quote]: "raw text",
      [KEYS.tick]: JSON.stringify("${x}"),
      [KEYS.dollar]: JSON.stringify({ [EVIL]: 3 }),
      [KEYS.newline]: "true",
      [KEYS.backslash]: JSON.stringify(EVIL),
    };
    const view = read(bag) as { received: Record<string, unknown>; issues: unknown[] };
    expect(view.issues).toEqual([]);
    expect(view.received).toEqual({ aB: "raw text", cD: "${x}", eF: { [EVIL]: 3 }, iJ: true, kL: EVIL });
    for (const value of ENUM) expect((read({ [KEYS.tick]: JSON.stringify(value) }) as { issues: unknown[] }).issues).toEqual([]);
    const bad = read({ [KEYS.tick]: JSON.stringify("${y}"), [KEYS.backslash]: '"other"' }) as { issues: { key: string }[] };
    expect(bad.issues.map((i) => i.key).sort()).toEqual([KEYS.tick, KEYS.backslash].sort());
  });

  it("computes flags through the hostile keys", () => {
    const compute = lib["computeHostilePeersFlags"] as Fn;
    expect(compute({ units: [{ raw: { [KEYS.dollar]: "{}", [KEYS.newline]: "true" } }] })).toEqual({ ready: false });
    expect(compute({ units: [{ raw: { [KEYS.dollar]: '{"a":1}', [KEYS.newline]: "true" } }] })).toEqual({ ready: true });
  });

  it("setters write the hostile keys and constants intact", () => {
    const Endpoint = lib["HostilePeersEndpoint"] as new (ep: string) => Record<string | symbol, Fn>;
    const writes: Record<string, string>[] = [];
    const port = {
      relations: () => [{ id: "h:0", application: "hostile", units: [], app: {}, local: {}, localApp: {} }],
      flagsOf: () => ({}),
      isLeader: () => true,
      write: (_r: unknown, _s: string, values: Record<string, string>) => void writes.push(values),
      overrideIngress: () => {},
    };
    const ep = new Endpoint("h");
    ep[BIND]!(port);
    ep["setPair"]!("v1", "*/");
    ep["setFlag"]!();
    expect(writes).toEqual([
      { [KEYS.quote]: "v1", [KEYS.tick]: '"*/"' },
      { [KEYS.newline]: "true", [KEYS.backslash]: JSON.stringify(EVIL).replace(/\u2028/g, "\\u2028") },
    ]);
  });

  it("never lets text escape a comment or a string: no word of it is ever scanned as code", () => {
    for (const file of ["peers.endpoint.ts", "peers.flags.ts", "peers.accessors.ts", "peers.types.ts"]) {
      const text = readFileSync(join(outRoot, "hostile", "v0", file), "utf8");
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
      const identifiers = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) identifiers.add(node.text);
        ts.forEachChild(node, visit);
      };
      visit(source);
      // The hostile text's words (q, b, t, x, end) would show up as identifiers had it broken out.
      for (const word of ["q", "b", "t", "x", "end"]) expect(identifiers.has(word), `${file}: ${word}`).toBe(false);
    }
  });
});
