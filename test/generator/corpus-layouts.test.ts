/**
 * The registry corpus (../shared/corpus, read in place through symbolic
 * links, never copied) laid out both ways the registry has used, each version
 * folder generated on its own (one bad version cannot hide the others):
 *
 *   interfaces/<interface>/v<N>/schemas/<role>.json   (the older layout)
 *   docs/json_schemas/<interface>/v<N>/<role>.json    (the newer one)
 *
 * Generation skips the type-check per version. The code of the two layouts
 * must be the same but for the schema path in each header; the code of one
 * is then type-checked at once (the other's is the same text). At least 98% of the version folders must
 * generate and type-check, each other one must be refused in one line naming
 * its file, and the warnings are counted by kind.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GenerationError } from "../../src/generator/errors.js";
import { GeneratedCodeChecker, type TypeCheckProblem } from "../../src/generator/type-check.js";
import { overWidth } from "../support/line-width.js";
import { generate } from "../../src/generator/pipeline.js";
import { corpus, corpusPresent, corpusSchemas } from "../support/corpus.js";
import { tempDir } from "../support/temp.js";

if (!corpusPresent) console.warn(`corpus layout tests skipped: ${corpus} is absent`);

const LAYOUTS = {
  interfaces: (name: string, version: string, role: string) => `interfaces/${name}/${version}/schemas/${role}`,
  docs: (name: string, version: string, role: string) => `docs/json_schemas/${name}/${version}/${role}`,
} as const;
type Layout = keyof typeof LAYOUTS;

/** A warning's kind: a stable name for what it says, whatever file, key or pointer it names. */
const KINDS: readonly [RegExp, string][] = [
  [/^no (provider|requirer)\.json beside it/, "counterpart missing"],
  [/^(provider|requirer)\.json beside it is empty/, "counterpart empty"],
  [/^(provider|requirer)\.json beside it is not a valid schema/, "counterpart not valid"],
  [/^the file is empty/, "empty file"],
  [/\/examples: not a valid JSON Schema here/, "examples not an array"],
  [/\/\$id: not a valid JSON Schema here/, "$id not a valid URI reference"],
  [/: not a valid JSON Schema here/, "other annotation not valid"],
  [/: "examples" should be an array/, "examples not an array"],
  [/: a non-string wire type is read as JSON-encoded/, "non-string key read as JSON"],
  [/: kept secret \(never logged or shown\) as a credential by its name/, "credential by its name"],
  [/: read as a Juju secret URI \(the registry's naming convention\)/, "secret URI by naming convention"],
  [/: looks like a Juju secret URI, but its content is unknown/, "secret URI of unknown content"],
  [/^no unit\/app envelope/, "no unit/app envelope"],
  [/: unknown keyword/, "unknown keyword"],
  [/: format .* is not known/, "unknown format"],
  [/beside unit\/app is not a bag/, "property beside unit/app"],
  [/: the key's schema is `false`/, "forbidden key"],
  [/^x-juju names the interface/, "interface named otherwise"],
];

function kindOf(warning: string): string {
  const text = warning.replace(/^.*?: warning: /, "");
  return KINDS.find(([re]) => re.test(text))?.[1] ?? `other: ${text.slice(0, 80)}`;
}

interface LayoutRun {
  readonly folders: number;
  readonly generated: Set<string>;
  readonly refused: Map<string, string>;
  readonly kinds: Record<string, number>;
}

const runs = new Map<Layout, LayoutRun>();
let typeProblems: TypeCheckProblem[] = [];
let out = "";
/** Generated files per layout, by path below the layout's folder, header dropped. */
const code = new Map<Layout, Map<string, string>>();

/** Links every corpus file into `<root>/<collection>/<layout path>`; returns the version folders, by collection-relative name. */
function linkTree(root: string, layout: Layout): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const file of corpusSchemas()) {
    const [collection, name, version, leaf] = relative(corpus, file).split(sep);
    if (!collection || !name || !version || !leaf || !/^v\d+$/.test(version)) continue;
    const role = leaf.replace(/\.json$/, "");
    const target = join(root, collection, LAYOUTS[layout](name, version, role) + ".json");
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(file, target);
    folders.set(dirname(target), [...(folders.get(dirname(target)) ?? []), target]);
  }
  return folders;
}

beforeAll(async () => {
  if (!corpusPresent) return;
  const links = tempDir("relgen-layouts-");
  mkdirSync(join(process.cwd(), ".test-output"), { recursive: true });
  out = mkdtempSync(join(process.cwd(), ".test-output", "layouts-"));
  const all: { path: string; content: string }[] = [];
  for (const layout of Object.keys(LAYOUTS) as Layout[]) {
    const mine = new Map<string, string>();
    code.set(layout, mine);
    const root = join(links, layout);
    const folders = linkTree(root, layout);
    const run: LayoutRun = { folders: folders.size, generated: new Set(), refused: new Map(), kinds: {} };
    let i = 0;
    for (const [folder, schemas] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // Each version into a folder of its own, as deep as the others, so that its relative runtime import holds.
      const at = `${layout}/${i++}`;
      try {
        const result = await generate({ schemas, outDir: join(out, at), baseDir: root, skipTypeCheck: true });
        for (const f of result.files) {
          if (layout === "docs") all.push({ path: `${at}/${f.path}`, content: f.content });
          // The header names the schema (an index names its schemas in the comment it opens with).
          const header = f.path.endsWith("index.ts") ? /^(\/\/[^\n]*\n)+/ : /^\/\/ generated from [^\n]* by relgen; do not edit\.\n/;
          mine.set(`${at.split("/")[1]}/${f.path}`, f.content.replace(header, ""));
        }
        for (const w of result.warnings) run.kinds[kindOf(w)] = (run.kinds[kindOf(w)] ?? 0) + 1;
        run.generated.add(`${relative(root, folder)}\u0000${at}`);
      } catch (e) {
        run.refused.set(relative(root, folder), e instanceof GenerationError ? e.message : `crash: ${String(e)}`);
      }
    }
    runs.set(layout, run);
  }
  typeProblems = new GeneratedCodeChecker().check(all, out);
});
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe.skipIf(!corpusPresent)("the registry corpus in both layouts", () => {
  it("generates no line over the formatter's width, but for headers and single words or strings", () => {
    const lines = [...code.get("docs")!].flatMap(([path, text]) => overWidth(path, "\n" + text));
    expect(lines.slice(0, 10)).toEqual([]);
  });

  it("writes every type as a person would: no machine-made generic or empty record in any generated declaration", () => {
    const marks = /Record<never|NonNullable<|RelationView<|BagView<|WithReceived<|SecretReader</;
    const found = [...code.get("docs")!].flatMap(([path, text]) => text.split("\n").flatMap((line, i) => (marks.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])));
    expect(code.get("docs")!.size).toBeGreaterThan(100);
    expect(found.slice(0, 10)).toEqual([]);
  });

  it("generates the same code from both layouts, but for the schema path in each header", () => {
    const [a, b] = [code.get("interfaces")!, code.get("docs")!];
    expect(a.size).toBeGreaterThan(100);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, text] of a) expect(b.get(path), path).toBe(text);
  });

  it.each(Object.keys(LAYOUTS) as Layout[])("%s: at least 98%% of the version folders generate and type-check", (layout) => {
    const run = runs.get(layout)!;
    expect(run.folders).toBeGreaterThan(35);
    // The docs layout's code was type-checked; the other's is the same text (the test above).
    const broken = new Set(typeProblems.map((p) => relative(out, p.file).split(sep).slice(1, 2).join("/")).map((i) => `${layout}/${i}`));
    const good = [...run.generated].filter((g) => !broken.has(g.split("\u0000")[1]!));
    expect(typeProblems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([]);
    expect(good.length / run.folders).toBeGreaterThanOrEqual(0.98);
  });

  it.each(Object.keys(LAYOUTS) as Layout[])("%s: a version folder refused is refused in one line naming its file", (layout) => {
    for (const [folder, message] of runs.get(layout)!.refused) {
      expect(message.split("\n"), folder).toHaveLength(1);
      expect(message, folder).toMatch(new RegExp(`^[^\\s]*${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/(provider|requirer|peers)\\.json:\\d+:\\d+ at `));
    }
  });

  it("warns the same in both layouts, by kind", () => {
    const kinds = runs.get("interfaces")!.kinds;
    expect(runs.get("docs")!.kinds).toEqual(kinds);
    expect(Object.keys(kinds).filter((k) => k.startsWith("other:"))).toEqual([]);
    expect(kinds).toEqual(EXPECTED_KINDS);
  });
});

/** Warnings per kind over every version folder of the corpus, in either layout. */
const EXPECTED_KINDS: Record<string, number> = {
  "$id not a valid URI reference": 18,
  "counterpart missing": 1,
  "credential by its name": 11,
  "examples not an array": 4,
  "no unit/app envelope": 5,
  "non-string key read as JSON": 42,
  "property beside unit/app": 9,
  "secret URI by naming convention": 4,
  "secret URI of unknown content": 6,
  "unknown keyword": 3,
};
