/**
 * Input that used to end `relgen generate` in a raw stack (issue 17): each is
 * now one line naming the file, the line and column, what is wrong and what
 * to do, with exit code 1 and the output folder untouched. And the JSON
 * reader, on any text: JSON.parse's value, or an error with a line and a
 * column, never another exception.
 */
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { JsonSyntaxError, MAX_JSON_DEPTH, parseJsonWithPositions } from "../../src/generator/json-source.js";
import { captureIo, demoSchema, positionOf, writeSchema } from "../support/schemas.js";

/** Runs `relgen generate FILE --out <root>/out` (plus `extra`) in process; checks the output folder was not made. */
async function generateBad(root: string, args: string[]) {
  const capture = captureIo();
  const status = await generateCommand([...args, "--out", "out"], capture.io, { cwd: root });
  expect(readdirSync(root)).not.toContain("out");
  const stderr = capture.stderr();
  // One line per problem, then the summary; no stack.
  expect(stderr).not.toMatch(/^\s+at /m);
  return { status, stderr, lines: stderr.trimEnd().split("\n") };
}

/** Writes `text` (or bytes) as schema/demo/v0/peers.json and runs generate on it. */
async function runText(text: string | Buffer) {
  const { root, file } = writeSchema("{}");
  writeFileSync(file, text);
  return { ...(await generateBad(root, [file])), file: "schema/demo/v0/peers.json" };
}

/** `{"properties": {"unit": {"properties": {"a": ... }}}}`, `levels` schemas deep. */
function nested(levels: number): string {
  let inner = '{"type": "string"}';
  for (let i = 0; i < levels; i++) inner = `{"type": "object", "properties": {"a": ${inner}}}`;
  return `{"type": "object", "properties": {"unit": ${inner}}}`;
}

describe("schemas that used to end in a raw stack", () => {
  it("nested 300, 500 or 10,000 levels (ts-morph's, ajv's, the reader's RangeError): refused at the first value past the limit", async () => {
    for (const levels of [300, 500, 10_000]) {
      const text = nested(levels);
      const r = await runText(text);
      expect(r.status).toBe(1);
      // The document is level 1, its "properties" 2, "unit" 3, and each "properties" and "a" one more: the 31st "a" is level 65.
      let at = 0;
      for (let k = 0; k < 31; k++) at = text.indexOf('"a": ', at) + 5;
      const pointer = "/properties/unit" + "/properties/a".repeat(31);
      expect(r.lines[0]).toBe(`error: ${r.file}:1:${at + 1} at ${pointer}: the schema nests deeper than ${MAX_JSON_DEPTH} levels, relgen's limit (the deepest schema of Canonical's registry nests 10): flatten it`);
      expect(r.lines.slice(1)).toEqual([`relgen: 1 problem(s); out/ was left unchanged`]);
    }
  });

  it("a chain of $refs nesting deeper than the limit (ajv's RangeError): refused where the limit is passed, naming the first $ref", async () => {
    const defs: Record<string, unknown> = {};
    for (let k = 0; k < 300; k++) defs[`D${k}`] = { type: "object", properties: { x: { $ref: `#/$defs/D${k + 1}` } } };
    defs["D300"] = { type: "string" };
    const text = JSON.stringify({ type: "object", properties: { unit: { $ref: "#/$defs/D0" } }, $defs: defs }, null, 1);
    const r = await runText(text);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/^error: \S+peers\.json:\d+:\d+ at \/\$defs\/D\d+\/properties: the schema nests deeper than 64 levels through \d+ \$refs from \/properties\/unit\/\$ref, relgen's limit \(the deepest schema of Canonical's registry nests 10\): flatten it$/);
  });

  it('a bad escape ("\\x", a raw SyntaxError): at the backslash', async () => {
    const text = demoSchema().replace('"A raw key."', '"A raw \\x key."');
    const r = await runText(text);
    expect(r.status).toBe(1);
    const pos = positionOf(text, "\\x");
    expect(r.lines).toEqual([
      `error: ${r.file}:${pos.line}:${pos.column} at /$defs/DemoUnit/properties/foo-bar/description: malformed JSON: invalid escape \\x in a string: JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (write a backslash itself as \\\\)`,
      "relgen: 1 problem(s); out/ was left unchanged",
    ]);
  });

  it("invalid UTF-8: refused at its line and column, naming the byte", async () => {
    const text = demoSchema();
    const at = Buffer.byteLength(text.slice(0, text.indexOf("A raw key.")));
    const bytes = Buffer.concat([Buffer.from(text.slice(0, text.indexOf("A raw key."))), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(text.indexOf("A raw key.")))]);
    const r = await runText(bytes);
    expect(r.status).toBe(1);
    const pos = positionOf(text, "A raw key.");
    expect(r.lines[0]).toBe(`error: ${r.file}:${pos.line}:${pos.column} at /: not valid UTF-8 (byte 0xc3 at offset ${at}): a schema is UTF-8 text; save the file as UTF-8`);
  });

  it("a key holding NUL or ESC: refused at its pointer, shown escaped", async () => {
    const text = demoSchema({ unit: { "a\u0000b": { type: "string" }, "c\u001b[2Jd": { type: "string" }, "tab\tkey": { type: "string" } } });
    const r = await runText(text);
    expect(r.status).toBe(1);
    /** Where the value of a key starts (errors about a key point at its value). */
    const valueAt = (prefix: string) => {
      const p = positionOf(text, prefix);
      return `${p.line}:${p.column + prefix.length}`;
    };
    expect(r.lines).toEqual([
      `error: ${r.file}:${valueAt('"a\\u0000b": ')} at /$defs/DemoUnit/properties/a\\0b: the key "a\\u0000b" holds the control character U+0000: a key becomes a databag key or a TypeScript name and may not hold control characters (tab, newline and carriage return aside); rename it`,
      `error: ${r.file}:${valueAt('"c\\u001b[2Jd": ')} at /$defs/DemoUnit/properties/c\\x1b[2Jd: the key "c\\u001b[2Jd" holds the control character U+001B: a key becomes a databag key or a TypeScript name and may not hold control characters (tab, newline and carriage return aside); rename it`,
      "relgen: 2 problem(s); out/ was left unchanged",
    ]);
    expect(r.stderr).not.toMatch(/[\u0000\u001b]/);
  });

  it("not an object, and a folder given as a schema file", async () => {
    const r = await runText("[1, 2]\n");
    expect(r.lines[0]).toBe(`error: ${r.file}:1:1 at /: a schema must be a JSON object, not an array`);
    const { root } = writeSchema(demoSchema());
    const folder = await generateBad(root, ["schema/demo", "--interface", "demo", "--version", "0", "--role", "peers"]);
    expect(folder.status).toBe(1);
    expect(folder.lines[0]).toBe("error: schema/demo at /: cannot read the schema: it is a folder: give one schema file with --interface, --version and --role, or the folder without them");
  });

  it("a folder holding a dangling link and a link back up (raw ENOENT and ELOOP): the link named, the loop read once", async () => {
    const { root } = writeSchema(demoSchema());
    symlinkSync(join(root, "nowhere.json"), join(root, "schema", "demo", "v0", "requirer.json"));
    symlinkSync(join(root, "schema"), join(root, "schema", "demo", "loop"));
    const r = await generateBad(root, ["schema"]);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([
      "error: schema/demo/v0/requirer.json at /: cannot read the schema: it is a symbolic link to nothing: fix or remove the link",
      "relgen: 1 problem(s); out/ was left unchanged",
    ]);
  });

  it("--out naming a file (a raw ENOTDIR from the type-check): one line", async () => {
    const { root, file } = writeSchema(demoSchema());
    writeFileSync(join(root, "taken"), "");
    const capture = captureIo();
    expect(await generateCommand([file, "--out", "taken/gen"], capture.io, { cwd: root })).toBe(1);
    expect(capture.stderr()).toBe(`relgen generate: --out taken/gen: ${join(root, "taken")} is a file, not a folder; give a folder\n`);
  });

  it("a file name holding control characters is shown escaped", async () => {
    const { root } = writeSchema(demoSchema());
    mkdirSync(join(root, "odd\u001b[2J\nname"));
    writeFileSync(join(root, "odd\u001b[2J\nname", "peers.json"), "{,}");
    const r = await generateBad(root, ["odd\u001b[2J\nname/peers.json", "--interface", "demo", "--version", "0", "--role", "peers"]);
    expect(r.lines).toEqual([
      "error: odd\\x1b[2J\\nname/peers.json:1:2 at /: malformed JSON: expected a property name, found \",\"",
      "relgen: 1 problem(s); out/ was left unchanged",
    ]);
  });
});

describe("the JSON reader", () => {
  /** Equal to JSON.parse, or a JsonSyntaxError with a line and a column: never another exception. */
  function agrees(text: string): void {
    let expected: unknown;
    let parses = true;
    try {
      expected = JSON.parse(text);
    } catch {
      parses = false;
    }
    try {
      const { value } = parseJsonWithPositions(text);
      expect(parses, `accepted what JSON.parse refuses: ${JSON.stringify(text)}`).toBe(true);
      expect(value).toEqual(expected);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      expect(e.position.line).toBeGreaterThanOrEqual(1);
      expect(e.position.column).toBeGreaterThanOrEqual(1);
      // Stricter than JSON.parse only on purpose: duplicate keys and the depth limit.
      if (parses) expect(e.message).toMatch(/^duplicate property|^nested deeper than/);
    }
  }

  it("parses any JSON text as JSON.parse does, or says where it is wrong", () => {
    const json = fc.json({ maxDepth: 3 });
    // Any UTF-16 code units (NUL, controls and lone surrogates included), spliced into valid JSON.
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 3 }).map((codes) => String.fromCharCode(...codes));
    const mutated = fc.tuple(json, fc.nat(), units, fc.nat({ max: 3 })).map(([t, at, insert, drop]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + drop);
    });
    const escapes = fc.string({ unit: fc.constantFrom("\\", '"', "u", "x", "0", "a", "{", "}", "[", "]", ":", ",", " ", "\n", "\u0000"), maxLength: 12 }).map((s) => `["${s}"]`);
    fc.assert(fc.property(fc.oneof(json, mutated, escapes), agrees), { numRuns: 200, seed: 1717 });
    for (const text of ["", " ", '"\\x"', '"\\u12"', '"\\', "[1e400]", "-", "01", '{"a":1,"a":2}', "[" + "1".repeat(500) + "]", "[".repeat(100) + "]".repeat(100)]) agrees(text);
  });
});
