/**
 * Quirks of Canonical's interface registry that relgen generates through,
 * each on a minimal schema of this file's own: a `$ref` to another document
 * (inlined from a local copy, or refused at its pointer when nothing maps it),
 * a property whose schema is `false` (a forbidden key), an empty or malformed
 * counterpart beside a side asked for, and interface names whose type names
 * json-schema-to-typescript would spell its own way (`k8s-service`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { expandSchemaArgs, expandSchemaArgsWithSiblings } from "../../src/generator/discover.js";
import { GenerationError } from "../../src/generator/errors.js";
import { bundleSchema, externalRefsOf } from "../../src/generator/external-refs.js";
import { GeneratedCodeChecker } from "../../src/generator/type-check.js";
import { generate, type GenerateOptions, type GenerateResult } from "../../src/generator/pipeline.js";
import { writeFiles } from "../../src/generator/write.js";
import type { Issue } from "../../src/runtime/issues.js";
import { afterFile, tempDir } from "../support/temp.js";
import { captureIo, positionOf } from "../support/schemas.js";
import { checker } from "../support/checker.js";

/** Writes files (path relative to a fresh temp dir -> text) and returns the dir. */
function tree(files: Record<string, string>): string {
  const root = tempDir("relgen-quirks-");
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/** An output folder inside the repository (generated code imports the runtime by a relative path). */
function outDir(): string {
  mkdirSync(join(process.cwd(), ".test-output"), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), ".test-output", "quirks-"));
  afterFile(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";

/** A side without the unit/app envelope (the registry's older layout): the whole schema is the application bag. */
function appSchema(properties: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return json({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties, ...extra });
}

async function generationError(options: GenerateOptions): Promise<GenerationError> {
  try {
    await generate(options);
  } catch (e) {
    if (e instanceof GenerationError) return e;
    throw e;
  }
  throw new Error("generate succeeded");
}

const fileOf = (result: GenerateResult, suffix: string): string => result.files.find((f) => f.path.endsWith(suffix))!.content;

describe("a $ref to another document", () => {
  const WIDGET_URL = "https://example.test/schemas/widget/provider.json";
  const PART_URL = "https://example.test/schemas/part/provider.json";
  const main = appSchema(
    {
      widget: { $ref: WIDGET_URL },
      size: { $ref: `${WIDGET_URL}#/$defs/Size` },
      host: { type: "string" },
    },
    { $id: "https://example.test/schemas/demo/provider.json", required: ["widget"] },
  );
  const widget = json({
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: WIDGET_URL,
    type: "object",
    required: ["name"],
    properties: { name: { type: "string" }, size: { $ref: "#/$defs/Size" }, part: { $ref: "../part/provider.json" } },
    $defs: { Size: { type: "integer", minimum: 1 } },
  });
  // The part refers back to the widget: a cycle, inlined once each.
  const part = json({ $id: PART_URL, type: "object", properties: { of: { $ref: WIDGET_URL }, label: { type: "string" } } });
  const root = tree({ "schema/demo/v0/provider.json": main, "other/widget.json": widget, "other/part.json": part });
  const file = join(root, "schema/demo/v0/provider.json");
  const refs = new Map([
    [WIDGET_URL, join(root, "other/widget.json")],
    [PART_URL, join(root, "other/part.json")],
  ]);

  it("lists the URLs each file refers to, without fragments, resolving relative ones against $id", () => {
    expect(externalRefsOf([file])).toEqual([
      { file, pointer: "/properties/widget/$ref", url: WIDGET_URL },
      { file, pointer: "/properties/size/$ref", url: WIDGET_URL },
    ]);
    expect(externalRefsOf([join(root, "other/widget.json"), join(root, "other/nothing.json")])).toEqual([
      { file: join(root, "other/widget.json"), pointer: "/properties/part/$ref", url: PART_URL },
    ]);
  });

  it("generates with the referenced documents inlined, and the code type-checks", async () => {
    const result = await generate({ checker, schemas: [file], outDir: outDir(), baseDir: root, externalRefs: refs });
    const types = fileOf(result, "provider.types.ts");
    // The key's own $ref is followed (as a local one is), the ones inside it stay named.
    expect(types).toMatch(/widget: \{\s*name: string;\s*size\?: number;\s*part\?: DemoProviderPartProvider;\s*\};/);
    expect(types).toMatch(/\n  size\?: number;/);
    expect(types).toMatch(/export interface DemoProviderPartProvider \{\s*of\?: DemoProviderWidgetProvider;/);
    expect(types).toMatch(/export interface DemoProviderWidgetProvider \{\s*name: string;/);
    const validator = fileOf(result, "provider.validate.js");
    expect(validator).not.toContain("example.test");
  });

  it("bundles the schema into one self-contained document that generates offline", async () => {
    const text = bundleSchema(file, refs);
    expect(text.endsWith("}\n")).toBe(true);
    const bundled = JSON.parse(text) as { properties: Record<string, { $ref: string }>; $defs: Record<string, unknown> };
    expect(bundled.properties["widget"]!.$ref).toBe("#/$defs/widget-provider");
    expect(bundled.properties["size"]!.$ref).toBe("#/$defs/widget-provider/$defs/Size");
    expect(Object.keys(bundled.$defs)).toEqual(["widget-provider", "part-provider"]);
    expect(text).not.toMatch(/"\$ref": "[^#]/);
    const copy = tree({ "schema/demo/v0/provider.json": text });
    const offline = await generate({ schemas: [join(copy, "schema/demo/v0/provider.json")], outDir: outDir(), baseDir: copy, skipTypeCheck: true });
    expect(offline.models[0]!.app!.keys.map((k) => k.wire)).toEqual(["widget", "size", "host"]);
  });

  it("refuses a URL nothing maps, in one line naming the file, pointer and line, and what to do", async () => {
    const e = await generationError({ schemas: [file], outDir: outDir(), baseDir: root, externalRefs: new Map([[PART_URL, join(root, "other/part.json")]]) });
    expect(e.problems.map((p) => p.location.pointer)).toEqual(["/properties/widget/$ref", "/properties/size/$ref"]);
    const { line } = positionOf(main, `"$ref": "${WIDGET_URL}"`);
    const first = e.problems[0]!.message;
    expect(first.split("\n")).toHaveLength(1);
    expect(first).toMatch(new RegExp(`^schema/demo/v0/provider\\.json:${line}:\\d+ at /properties/widget/\\$ref: \\$ref "${WIDGET_URL.replace(/\./g, "\\.")}" refers to another document`));
    expect(first).toContain("within this file");
    expect(first).toContain("resolved through --registry");
  });

  it("is refused the same way by `relgen generate` (no registry there), without a stack", async () => {
    const { io, stderr } = captureIo();
    const status = await generateCommand([file, "--out", join(root, "out")], io, { cwd: root });
    expect(status).toBe(1);
    expect(stderr()).toMatch(/^error: schema\/demo\/v0\/provider\.json:\d+:\d+ at \/properties\/widget\/\$ref: \$ref .* refers to another document/m);
    expect(stderr()).not.toMatch(/resolver|    at /);
  });
});

describe("a property whose schema is false", () => {
  const schema = appSchema(
    {
      host: { type: "string" },
      limits: { type: "string", contentMediaType: "application/json", contentSchema: { type: "object", properties: { max: { type: "integer" }, legacy: false } } },
      additionalProperties: false,
    },
    { required: ["host"] },
  );

  it("is a forbidden key: typed never, refused by the validator, never published, and a warning says so", async () => {
    const root = tree({ "schema/closed/v0/provider.json": schema });
    const out = outDir();
    const result = await generate({ checker, schemas: [join(root, "schema/closed/v0/provider.json")], outDir: out, baseDir: root });
    const types = fileOf(result, "provider.types.ts");
    expect(types).toMatch(/additionalProperties\?: never;/);
    expect(types).toMatch(/legacy\?: never;/);
    expect(fileOf(result, "provider.accessors.ts")).toMatch(/readonly additionalProperties\?: never;/);
    const warning = result.warnings.find((w) => w.includes("schema is `false`"));
    expect(warning).toBe(
      'schema/closed/v0/provider.json: warning: app.additionalProperties (/properties/additionalProperties): the key\'s schema is `false`, so the key must be absent: it is typed never, a bag that holds it is refused, and it is never published; "additionalProperties": false was probably meant at the level above (/), to close that object: relgen does not apply it there and reads a forbidden key named additionalProperties (move it out of "properties" to close the object)',
    );

    writeFiles(out, result.interfaces, result.files);
    const lib = (await import(join(out, "closed", "v0", "provider.accessors.ts"))) as Record<string, (raw: Record<string, string>) => readonly Issue[]>;
    const validate = lib["validateClosedProviderApp"]!;
    expect(validate({ host: "h" })).toEqual([]);
    expect(validate({ host: "h", additionalProperties: "false" }).map((i) => i.key)).toEqual(["additionalProperties"]);
    // Nested: the same rule, applied by the validator to the decoded value.
    expect(validate({ host: "h", limits: '{"max": 1, "legacy": 2}' }).map((i) => i.pointer)).toEqual(["/limits/legacy"]);
    // The bag stays as open as written: another key is not refused.
    expect(validate({ host: "h", other: "x" })).toEqual([]);
  });

  it("names any key, with no guess about additionalProperties", async () => {
    const root = tree({ "schema/closed/v0/provider.json": appSchema({ host: { type: "string" }, retired: false }) });
    const result = await generate({ schemas: [join(root, "schema/closed/v0/provider.json")], outDir: outDir(), baseDir: root, skipTypeCheck: true });
    const warning = result.warnings.find((w) => w.includes("schema is `false`"))!;
    expect(warning).toMatch(/^schema\/closed\/v0\/provider\.json: warning: app\.retired \(\/properties\/retired\): the key's schema is `false`/);
    expect(warning).not.toContain("level above");
  });
});

describe("an empty or malformed counterpart", () => {
  const provider = appSchema({ url: { type: "string" } }, { required: ["url"] });

  it("an empty file is no schema for its side: the side beside it generates, reading it untyped", async () => {
    const root = tree({ "schema/hydra/v0/provider.json": provider, "schema/hydra/v0/requirer.json": "" });
    const folder = join(root, "schema/hydra/v0");
    const result = await generate({ checker, schemas: expandSchemaArgs([folder]), outDir: outDir(), baseDir: root });
    expect(result.models.map((m) => m.role)).toEqual(["provider"]);
    expect(result.files.some((f) => f.path.includes("requirer"))).toBe(false);
    expect(result.warnings).toContain("schema/hydra/v0/requirer.json: warning: the file is empty: there is no schema for this side, and nothing is generated for it");
    expect(result.warnings).toContain("schema/hydra/v0/provider.json: warning: requirer.json beside it is empty: what the requirer side publishes is read untyped (open bags)");
  });

  it("a white-space-only file is empty too, even when named", async () => {
    const root = tree({ "schema/hydra/v0/requirer.json": " \n\t\n" });
    const result = await generate({ schemas: [join(root, "schema/hydra/v0/requirer.json")], outDir: outDir(), baseDir: root, skipTypeCheck: true });
    expect(result.files).toEqual([]);
    expect(result.warnings).toEqual(["schema/hydra/v0/requirer.json: warning: the file is empty: there is no schema for this side, and nothing is generated for it"]);
  });

  const malformed = '{\n  "type": "object",\n  "properties": {\n';
  it("a malformed file read only beside a file asked for is skipped with a warning naming it and its line", async () => {
    const root = tree({ "schema/hydra/v0/provider.json": provider, "schema/hydra/v0/requirer.json": malformed });
    const asked = join(root, "schema/hydra/v0/provider.json");
    const expanded = expandSchemaArgsWithSiblings([asked]);
    expect(expanded.files).toEqual([asked, join(root, "schema/hydra/v0/requirer.json")]);
    expect(expanded.siblings).toEqual([join(root, "schema/hydra/v0/requirer.json")]);
    const result = await generate({ checker, schemas: expanded.files, counterparts: new Set(expanded.siblings), outDir: outDir(), baseDir: root });
    expect(result.models.map((m) => m.role)).toEqual(["provider"]);
    expect(result.warnings[0]).toMatch(/^schema\/hydra\/v0\/requirer\.json:4:1 at \/properties: warning: malformed JSON: .*; it is read only as the counterpart of the schemas asked for, so it is skipped and they read its side untyped$/);
    expect(result.warnings).toContain("schema/hydra/v0/provider.json: warning: requirer.json beside it is not a valid schema (see the warning about it): what the requirer side publishes is read untyped (open bags)");
  });

  it("`relgen generate FILE` generates the file's side when the file beside it is malformed", async () => {
    const root = tree({ "schema/hydra/v0/provider.json": provider, "schema/hydra/v0/requirer.json": malformed });
    const { io, stderr, stdout } = captureIo();
    const status = await generateCommand(["schema/hydra/v0/provider.json", "--out", ".out", "--check"], io, { cwd: root });
    expect(stderr()).toMatch(/^schema\/hydra\/v0\/requirer\.json:4:1 at \/properties: warning: malformed JSON/m);
    expect(stdout() + stderr()).toMatch(/stale: \.out\/hydra\/v0\/provider\.types\.ts is missing/);
    expect(stderr()).not.toMatch(/stale: .*requirer/);
    expect(status).toBe(1); // --check: nothing written yet
  });

  it("a malformed file named, or in a folder named, stays an error: one line with file, line and column", async () => {
    const root = tree({ "schema/hydra/v0/provider.json": provider, "schema/hydra/v0/requirer.json": malformed });
    for (const schemas of [expandSchemaArgs([join(root, "schema/hydra/v0")]), [join(root, "schema/hydra/v0/requirer.json")]]) {
      expect(expandSchemaArgsWithSiblings([join(root, "schema/hydra/v0")]).siblings).toEqual([]);
      const e = await generationError({ schemas, outDir: outDir(), baseDir: root, skipTypeCheck: true });
      expect(e.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^schema\/hydra\/v0\/requirer\.json:4:1 at \/properties: malformed JSON: [^\n]*$/)]);
    }
  });
});

describe("type names are relgen's", () => {
  /** A side with an app bag, a unit bag and a definition, so that every kind of type name is generated. */
  const side = (role: "provider" | "requirer") =>
    json({
      type: "object",
      properties: {
        app: { type: "object", properties: { endpoints: { type: "array", items: { $ref: "#/$defs/s3-endpoint" } }, name: { type: "string" } } },
        unit: { type: "object", properties: { address: { type: "string" } } },
      },
      $defs: { "s3-endpoint": { type: "object", properties: { url: { type: "string" }, port: { type: "integer" } } } },
      description: `The ${role} side.`,
    });

  /** Every name a generated file imports from a types module is exported by that module. */
  function importsResolve(result: GenerateResult): void {
    const byPath = new Map(result.files.map((f) => [f.path, f.content]));
    for (const f of result.files) {
      for (const m of f.content.matchAll(/import (?:type )?\{([^}]*)\} from "\.\/([^"]+)\.types\.js"/g)) {
        const types = byPath.get(f.path.replace(/[^/]+$/, `${m[2]}.types.ts`))!;
        for (const name of m[1]!.split(",").map((n) => n.trim().replace(/^type /, "")).filter((n) => n !== "")) {
          expect(types, `${f.path} imports ${name}`).toMatch(new RegExp(`export (interface|type) ${name.replace(/\$/g, "\\$")}\\b`));
        }
      }
    }
  }

  async function generateNamed(name: string, out: string, skipTypeCheck: boolean): Promise<GenerateResult> {
    const root = tree({ [`schema/${name}/v0/provider.json`]: side("provider"), [`schema/${name}/v0/requirer.json`]: side("requirer") });
    const schemas = [`schema/${name}/v0/provider.json`, `schema/${name}/v0/requirer.json`].map((f) => join(root, f));
    return generate({ checker, schemas, outDir: out, baseDir: root, skipTypeCheck });
  }

  const NAMED = [
    ["k8s-service", "K8sServiceProviderApp", "K8sServiceProviderS3Endpoint"],
    ["a1b-c", "A1bCProviderApp", "A1bCProviderS3Endpoint"],
    ["fiveg_n3", "FivegN3ProviderApp", "FivegN3ProviderS3Endpoint"],
  ] as const;

  // Type-checked with the property's samples, in one program (below).
  it.each(NAMED)("%s: the types file exports the names the other files import", async (name, app, def) => {
    const result = await generateNamed(name, outDir(), true);
    const types = fileOf(result, "provider.types.ts");
    expect(types).toContain(`export interface ${app} {`);
    expect(types).toContain(`export interface ${def} {`);
    importsResolve(result);
  });

  it("holds for any interface name (property), and everything generated type-checks together, the names above too", async () => {
    const out = outDir();
    const all: { path: string; content: string }[] = [];
    let n = 0;
    for (const [name] of NAMED) {
      const result = await generateNamed(name, out, true);
      const at = `s${n++}`;
      for (const f of result.files) all.push({ path: `${f.path.split("/")[0]}-${at}/${f.path.split("/").slice(1).join("/")}`, content: f.content });
    }
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z][a-z0-9]{0,5}([-_][a-z0-9]{1,4}){0,3}$/), async (name) => {
        const result = await generateNamed(name, out, true);
        importsResolve(result);
        // Each sample in a folder of its own, at the depth the runtime's relative import expects.
        const at = `s${n++}`;
        for (const f of result.files) all.push({ path: `${f.path.split("/")[0]}-${at}/${f.path.split("/").slice(1).join("/")}`, content: f.content });
      }),
      { numRuns: 25, seed: 20240611 },
    );
    expect(new GeneratedCodeChecker().check(all.filter((f) => !/^[^/]+\/index\.ts$/.test(f.path)), out)).toEqual([]);
  });
});
