/**
 * Every registry interface version in ../shared/corpus generated as a pair:
 * both sides of a version folder in one run, each side reading the other's
 * bags, and all of it type-checked (the generator type-checks in memory and
 * throws otherwise). The whole corpus is generated once, in one `generate`
 * call, then written under .test-output/ (the generated code imports the
 * runtime by a relative path, so it must sit inside the repository) and its
 * flag computers, read views, encoders and endpoints are imported and run on
 * real-looking databags.
 *
 * The bags are test/fixtures/corpus-bags/<interface>-v<N>.json: cases of one
 * relation as seen by one side (`side`, whose flags are computed): the other
 * side's joined units' bags (`units`) and application bag (`app`, null when not
 * readable yet), the expected flags, and the wire keys the read views of those
 * bags report issues for (`issues.app`, `issues.units[i]`; none when left out).
 * JSON values are written as Python's json.dumps(value, sort_keys=True).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counterpartRole, type BagModel, type InterfaceModel } from "../../src/generator/model.js";
import { generate, type GenerateResult } from "../../src/generator/pipeline.js";
import { writeFiles } from "../../src/generator/write.js";
import { EMPTY_BAG } from "../../src/runtime/bag.js";
import { BIND, UNBIND } from "../../src/runtime/endpoint.js";
import type { Issue } from "../../src/runtime/issues.js";
import type { EndpointDefinition, EndpointPort } from "../../src/runtime/port.js";
import { corpus, corpusPresent, corpusSchemas, versionFolders } from "../support/corpus.js";

if (!corpusPresent) console.warn(`corpus pair tests skipped: ${corpus} is absent`);

const files = corpusPresent ? corpusSchemas() : [];
const folders = versionFolders(files);
const pairs = folders.filter((f) => f.provider && f.requirer);
const lone = folders.filter((f) => !(f.provider && f.requirer));

const bagsDir = join(import.meta.dirname, "..", "fixtures", "corpus-bags");

type RawBag = Record<string, string>;

interface BagCase {
  readonly name: string;
  /** The side whose flags are computed: it reads the other side's bags. */
  readonly side: "provider" | "requirer";
  /** The other side's joined units' bags. */
  readonly units: readonly RawBag[];
  /** The other side's application bag (null: not readable yet). */
  readonly app: RawBag | null;
  readonly flags: Readonly<Record<string, boolean>>;
  /** Wire keys the read views of the other side's bags report issues for (sorted); none when left out. */
  readonly issues?: { readonly app?: readonly string[]; readonly units?: readonly (readonly string[])[] };
}

interface BagFixture {
  readonly interface: string;
  readonly version: number;
  readonly about: string;
  readonly cases: readonly BagCase[];
}

const fixtures: BagFixture[] = readdirSync(bagsDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(bagsDir, f), "utf8")) as BagFixture);

let outRoot = "";
let result: GenerateResult;
let generateMs = 0;

beforeAll(async () => {
  if (!corpusPresent) return;
  const outBase = join(import.meta.dirname, "..", "..", ".test-output");
  mkdirSync(outBase, { recursive: true });
  outRoot = mkdtempSync(join(outBase, "corpus-"));
  const start = performance.now();
  result = await generate({ schemas: files, outDir: outRoot, baseDir: corpus });
  generateMs = performance.now() - start;
  writeFiles(outRoot, result.interfaces, result.files);
});
afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

const fileText = (path: string): string | undefined => result.files.find((f) => f.path === path)?.content;
const modelOf = (source: string): InterfaceModel | undefined => result.models.find((m) => m.source === source);
const dirOf = (m: InterfaceModel): string => `${m.name}/v${m.version}`;
const bagsOf = (m: InterfaceModel): BagModel[] => [m.unit, m.app].filter((b): b is BagModel => b !== null);
const requiresSomething = (m: InterfaceModel): boolean => bagsOf(m).some((b) => b.keys.some((k) => k.required));
const bindingName = (bag: BagModel): string => bag.typeName.charAt(0).toLowerCase() + bag.typeName.slice(1) + "Binding";

const modules = new Map<string, Promise<Record<string, unknown>>>();
/** Imports a generated module once (by its path relative to the output root). */
function load(path: string): Promise<Record<string, unknown>> {
  let mod = modules.get(path);
  if (!mod) modules.set(path, (mod = import(join(outRoot, path)) as Promise<Record<string, unknown>>));
  return mod;
}
async function exported<T>(path: string, name: string): Promise<T> {
  const value = (await load(path))[name];
  expect(value, `${path} exports ${name}`).toBeTypeOf("function");
  return value as T;
}

type ComputeFlags = (snapshot: { units: readonly { raw: RawBag }[]; app: RawBag | null }) => Record<string, boolean>;
type ReadBag = (raw: RawBag) => { received: Record<string, unknown>; raw: RawBag; issues: readonly Issue[] };
type ValidateBag = (raw: RawBag) => readonly Issue[];
type EncodeBag = (values: Record<string, unknown>) => RawBag;
interface BoundEndpoint {
  readonly definition: EndpointDefinition;
  readonly relations: readonly { readonly app: { received: unknown }; readonly units: readonly { received: unknown }[]; readonly flags: Record<string, boolean> }[];
  computeFlags(): Record<string, boolean>;
  [BIND](port: EndpointPort): void;
  [UNBIND](): void;
}

describe.skipIf(!corpusPresent)("registry corpus, generated pair by pair", () => {
  it("holds pairs", () => {
    expect(pairs.length).toBeGreaterThan(40);
    expect(pairs.filter((p) => p.rel.startsWith("charm-relation-interfaces/")).length).toBeGreaterThanOrEqual(40);
  });

  it("every registry pair in ../shared/corpus generates both sides and type-checks, in one run", () => {
    console.info(`corpus: ${files.length} schemas generated and type-checked in ${Math.round(generateMs)} ms`);
    expect(result.interfaces.length).toBeGreaterThan(30);
    expect(result.models).toHaveLength(files.length);
    expect(result.files.some((f) => f.content.includes("require("))).toBe(false);
    for (const pair of pairs) {
      const provider = modelOf(`${pair.rel}/provider.json`);
      const requirer = modelOf(`${pair.rel}/requirer.json`);
      expect(provider?.role, pair.rel).toBe("provider");
      expect(requirer?.role, pair.rel).toBe("requirer");
      expect([requirer!.name, requirer!.version], pair.rel).toEqual([provider!.name, provider!.version]);
    }
  });

  it.each(pairs.map((p) => [p.rel]))("%s: each side reads the other", (rel) => {
    for (const role of ["provider", "requirer"] as const) {
      const side = modelOf(`${rel}/${role}.json`)!;
      const other = modelOf(`${rel}/${counterpartRole(role)}.json`)!;
      const dir = dirOf(side);
      expect(side.warnings.join("\n"), side.source).not.toMatch(/beside it/);
      for (const kind of ["types.ts", "validate.js", "validate.d.ts", "flags.ts", "endpoint.ts"]) expect(fileText(`${dir}/${role}.${kind}`), `${dir}/${role}.${kind}`).toBeDefined();
      expect(fileText(`${dir}/${role}.accessors.ts`) !== undefined, `${dir}/${role}.accessors.ts`).toBe(bagsOf(side).length > 0);

      // The endpoint reads the other side's bags through the other side's accessors.
      const endpoint = fileText(`${dir}/${role}.endpoint.ts`)!;
      const fromOther = `from "./${other.role}.accessors.js"`;
      expect(endpoint.includes(fromOther), `${dir}/${role}.endpoint.ts ${fromOther}`).toBe(bagsOf(other).length > 0);
      // A bag the schema leaves unspecified holds nothing of the interface: empty (never read), not open.
      const remote = `remote: { unit: ${other.unit ? bindingName(other.unit) : "EMPTY_BAG"}, app: ${other.app ? bindingName(other.app) : "EMPTY_BAG"} },`;
      expect(endpoint, `${dir}/${role}.endpoint.ts`).toContain(remote);
      const local = `local: { unit: ${side.unit ? bindingName(side.unit) : "EMPTY_BAG"}, app: ${side.app ? bindingName(side.app) : "EMPTY_BAG"} },`;
      expect(endpoint, `${dir}/${role}.endpoint.ts`).toContain(local);

      // Its flags check what the other side's schema requires, with the other side's validators.
      const flags = fileText(`${dir}/${role}.flags.ts`)!;
      expect(flags.includes(fromOther), `${dir}/${role}.flags.ts ${fromOther}`).toBe(requiresSomething(other));
      expect(flags).toContain(`reading what the ${other.role} side publishes`);
    }
  });

  it.each(lone.map((f) => [f.rel]))("%s: a lone side reads open bags", (rel) => {
    const side = modelOf(`${rel}/${folders.find((f) => f.rel === rel)!.provider ? "provider" : "requirer"}.json`)!;
    expect(side.warnings.join("\n")).toMatch(/beside it: what the (provider|requirer) side publishes is read untyped/);
    const endpoint = fileText(`${dirOf(side)}/${side.role}.endpoint.ts`)!;
    expect(endpoint).toContain("remote: { unit: null, app: null },");
    expect(endpoint).not.toContain(`from "./${counterpartRole(side.role)}.accessors.js"`);
  });

  it("every generated side's flags run: connected on any relation, available only once the other side published", async () => {
    const computers = await Promise.all(result.models.map((side) => exported<ComputeFlags>(`${dirOf(side)}/${side.role}.flags.ts`, `compute${side.typeName}Flags`)));
    for (const [i, side] of result.models.entries()) {
      const compute = computers[i]!;
      const other = result.models.find((m) => m.name === side.name && m.version === side.version && m.role === counterpartRole(side.role));
      // Nothing published yet: available unless the other side's schema requires nothing (or is missing).
      const needsNothing = !other || !requiresSomething(other);
      for (const snapshot of [{ units: [], app: null }, { units: [{ raw: {} }], app: {} }]) {
        expect(compute(snapshot), `${side.source} on ${JSON.stringify(snapshot)}`).toEqual({ available: needsNothing, connected: true });
      }
    }
  });
});

describe.skipIf(!corpusPresent)("registry corpus, generated flags and read views on real-looking databags", () => {
  it("has bags for the interfaces that matter most", () => {
    expect(fixtures.map((f) => `${f.interface} v${f.version}`)).toEqual(
      expect.arrayContaining(["ingress v2", "mysql_client v0", "postgresql_client v0", "tls_certificates v1", "tracing v2"]),
    );
  });

  describe.each(fixtures.map((f) => [`${f.interface} v${f.version}`, f] as const))("%s", (_title, fixture) => {
    it("covers both sides, both outcomes of available", () => {
      for (const side of ["provider", "requirer"]) {
        const cases = fixture.cases.filter((c) => c.side === side);
        expect(cases.some((c) => c.flags["available"] === true), side).toBe(true);
        expect(cases.some((c) => c.flags["available"] === false), side).toBe(true);
      }
    });

    it.each([["provider"], ["requirer"]] as const)("the %s endpoint reads the other side through its bindings", async (role) => {
      const side = result.models.find((m) => m.name === fixture.interface && m.version === fixture.version && m.role === role)!;
      const other = result.models.find((m) => m.name === fixture.interface && m.version === fixture.version && m.role === counterpartRole(role))!;
      const dir = dirOf(side);
      const Endpoint = (await load(`${dir}/${role}.endpoint.ts`))[`${side.typeName}Endpoint`] as new (name: string) => BoundEndpoint;
      const own = await load(`${dir}/${role}.accessors.ts`);
      const theirs = await load(`${dir}/${other.role}.accessors.ts`);
      const ep = new Endpoint("ep");
      // A bag the schema leaves unspecified is empty: the runtime's EMPTY_BAG, never read.
      const binding = (mod: Record<string, unknown>, bag: BagModel | null) => (bag ? mod[bindingName(bag)] : EMPTY_BAG);
      expect(ep.definition.remote.unit).toBe(binding(theirs, other.unit));
      expect(ep.definition.remote.app).toBe(binding(theirs, other.app));
      expect(ep.definition.local.unit).toBe(binding(own, side.unit));
      expect(ep.definition.local.app).toBe(binding(own, side.app));
      expect(ep.definition.computeFlags).toBe(await exported(`${dir}/${role}.flags.ts`, `compute${side.typeName}Flags`));

      // Bound to a relation holding the first complete case's bags, it shows them typed.
      const c = fixture.cases.find((x) => x.side === role && x.flags["available"] && x.app !== null)!;
      const snapshot = { units: c.units.map((raw) => ({ raw })), app: c.app! };
      const writes: { scope: string; values: RawBag }[] = [];
      ep[BIND]({
        relations: () => [{ id: "ep:7", application: "other", units: c.units.map((raw, i) => ({ name: `other/${i}`, relationId: "ep:7", raw })), app: c.app!, local: {}, localApp: {} }],
        flagsOf: () => ep.definition.computeFlags(snapshot),
        isLeader: () => true,
        write: (_target, scope, values) => void writes.push({ scope, values }),
        overrideIngress: () => {},
        readSecret: () => Promise.reject(new Error("not in this test")),
        writeSecret: () => {},
      });
      try {
        const [relation] = ep.relations;
        const read = (mod: Record<string, unknown>, bag: BagModel, raw: RawBag) => (mod[`read${bag.typeName}`] as ReadBag)(raw).received;
        expect(relation!.app.received).toEqual(other.app ? read(theirs, other.app, c.app!) : {});
        expect(relation!.units.map((u) => u.received)).toEqual(c.units.map((raw) => (other.unit ? read(theirs, other.unit, raw) : {})));
        expect(relation!.flags).toEqual(c.flags);
        expect(ep.computeFlags()).toEqual(c.flags);

        // What this side publishes in a case where the other side finds it complete goes out as the fixture holds it.
        const mine = fixture.cases.find((x) => x.side === other.role && x.flags["available"] && x.app !== null)!;
        const wire = (bag: BagModel, raw: RawBag) => Object.fromEntries(bag.keys.filter((k) => raw[k.wire]).map((k) => [k.wire, raw[k.wire]]));
        if (side.app) {
          (ep as unknown as { publishApp(v: unknown): void }).publishApp(read(own, side.app, mine.app!));
          expect(writes.pop()).toEqual({ scope: "app", values: wire(side.app, mine.app!) });
        }
        if (side.unit && mine.units[0]) {
          (ep as unknown as { publish(v: unknown): void }).publish(read(own, side.unit, mine.units[0]));
          expect(writes.pop()).toEqual({ scope: "unit", values: wire(side.unit, mine.units[0]) });
        }
      } finally {
        ep[UNBIND]();
      }
    });

    it.each(fixture.cases.map((c) => [`${c.side} reads: ${c.name}`, c] as const))("%s", async (_name, c) => {
      const side = result.models.find((m) => m.name === fixture.interface && m.version === fixture.version && m.role === c.side);
      const other = result.models.find((m) => m.name === fixture.interface && m.version === fixture.version && m.role === counterpartRole(c.side));
      expect(side, `${fixture.interface} v${fixture.version} ${c.side}`).toBeDefined();
      expect(other).toBeDefined();
      const dir = dirOf(side!);

      // The flags of the side that reads, on one relation.
      const compute = await exported<ComputeFlags>(`${dir}/${side!.role}.flags.ts`, `compute${side!.typeName}Flags`);
      expect(compute({ units: c.units.map((raw) => ({ raw })), app: c.app })).toEqual(c.flags);

      // The read views of the other side's bags: issues name the key, never the value.
      const views: { bag: BagModel; raw: RawBag; expected: readonly string[]; what: string }[] = [];
      if (other!.app && c.app) views.push({ bag: other!.app, raw: c.app, expected: c.issues?.app ?? [], what: "app" });
      if (other!.unit) c.units.forEach((raw, i) => views.push({ bag: other!.unit!, raw, expected: c.issues?.units?.[i] ?? [], what: `unit ${i}` }));
      else expect(c.issues?.units, "the other side has no unit bag").toBeUndefined();
      if (!other!.app) expect(c.issues?.app, "the other side has no app bag").toBeUndefined();
      for (const { bag, raw, expected, what } of views) {
        const accessors = `${dir}/${other!.role}.accessors.ts`;
        const read = await exported<ReadBag>(accessors, `read${bag.typeName}`);
        const validate = await exported<ValidateBag>(accessors, `validate${bag.typeName}`);
        const view = read(raw);
        const keys = [...new Set(view.issues.map((i) => i.key))].sort();
        expect(keys, `${what} issues: ${JSON.stringify(view.issues)}`).toEqual(expected);
        expect(validate(raw)).toEqual(view.issues);
        for (const issue of view.issues) {
          expect(bag.keys.map((k) => k.wire), what).toContain(issue.key);
          expect(issue.pointer.startsWith("/" + issue.key), `${what}: ${issue.pointer}`).toBe(true);
          for (const value of valuesOf(raw, bag)) {
            expect(issue.message.includes(value) || issue.pointer.includes(value), `${what}: an issue shows a value`).toBe(false);
          }
        }
        // The typed view holds every valid key, decoded, and leaves the invalid ones out.
        for (const key of bag.keys) {
          const value = raw[key.wire];
          if (value === undefined || value === "" || expected.includes(key.wire)) {
            expect(Object.keys(view.received), `${what}: ${key.wire}`).not.toContain(key.ts);
          } else {
            expect(view.received[key.ts], `${what}: ${key.wire}`).toEqual(key.encoding === "json" ? JSON.parse(value) : value);
          }
        }
        // What the reader received, the writing side's encoder writes back byte for byte (the fixtures
        // hold json.dumps(value, sort_keys=True), as the Python charms compare).
        if (expected.length === 0) {
          const encode = await exported<EncodeBag>(accessors, `encode${bag.typeName}`);
          const known = Object.fromEntries(bag.keys.filter((k) => raw[k.wire] !== undefined && raw[k.wire] !== "").map((k) => [k.wire, raw[k.wire]]));
          expect(encode(view.received), `${what} re-encoded`).toEqual(known);
        }
      }
    });
  });
});

/** The values of a raw bag an issue must never show: its strings and the strings inside its JSON values. */
function valuesOf(raw: RawBag, bag: BagModel): string[] {
  const keys = new Set(bag.keys.map((k) => k.wire));
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  for (const value of Object.values(raw)) {
    out.push(value);
    try {
      visit(JSON.parse(value));
    } catch {
      // a raw string: already listed
    }
  }
  // Short strings ("true", "http") and key names may well appear in a message by chance.
  return [...new Set(out)].filter((s) => s.length >= 5 && !keys.has(s));
}
