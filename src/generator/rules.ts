/**
 * Checks of the flag rule language that need the whole model: counts
 * (`"minimumPeers"` needs `minimumUnits`), `min <= max`, and flag-to-flag
 * references (they must exist and must not form a cycle).
 */
import { joinPointer } from "./errors.js";
import type { FlagModel, Rule } from "./model.js";

type Fail = (pointer: string, detail: string) => void;

/** Replaces `"minimumPeers"` by `minimumUnits - 1`; reports it when minimumUnits is missing. */
export function resolveCounts(rule: Rule, minimumUnits: number | undefined, pointer: string, fail: Fail): Rule {
  const count = (value: unknown, p: string): number | undefined => {
    if (value === undefined) return undefined;
    if (value === "minimumPeers") {
      if (minimumUnits === undefined) {
        fail(p, `"minimumPeers" needs x-juju.minimumUnits`);
        return 0;
      }
      return minimumUnits - 1;
    }
    return value as number;
  };
  const out: { -readonly [K in keyof Rule]: Rule[K] } = { ...rule };
  if (rule.joinedUnits) {
    const min = count(rule.joinedUnits.min, joinPointer(pointer, "joinedUnits", "min"));
    const max = count(rule.joinedUnits.max, joinPointer(pointer, "joinedUnits", "max"));
    if (min !== undefined && max !== undefined && min > max) fail(joinPointer(pointer, "joinedUnits"), `min (${min}) is greater than max (${max})`);
    out.joinedUnits = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  if (rule.not) out.not = resolveCounts(rule.not, minimumUnits, joinPointer(pointer, "not"), fail);
  if (rule.anyOf) out.anyOf = rule.anyOf.map((r, i) => resolveCounts(r, minimumUnits, joinPointer(pointer, "anyOf", i), fail));
  if (rule.allOf) out.allOf = rule.allOf.map((r, i) => resolveCounts(r, minimumUnits, joinPointer(pointer, "allOf", i), fail));
  return out;
}

function referencedFlags(rule: Rule): string[] {
  return [
    ...(rule.flags ?? []),
    ...(rule.not ? referencedFlags(rule.not) : []),
    ...(rule.anyOf ?? []).flatMap(referencedFlags),
    ...(rule.allOf ?? []).flatMap(referencedFlags),
  ];
}

/** Flag references must name flags of this interface, without cycles. */
export function checkFlagReferences(flags: readonly FlagModel[], fail: Fail): void {
  const byName = new Map(flags.map((f) => [f.name, f]));
  for (const flag of flags) {
    for (const ref of referencedFlags(flag.rule)) {
      if (!byName.has(ref)) fail(joinPointer("/x-juju/flags", flag.name, "rule"), `flag rule refers to unknown flag ${JSON.stringify(ref)}`);
    }
  }
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      fail(joinPointer("/x-juju/flags", name, "rule"), `flag rules refer to each other in a cycle: ${[...path, name].join(" -> ")}`);
      return;
    }
    state.set(name, "visiting");
    for (const ref of referencedFlags(byName.get(name)?.rule ?? {})) if (byName.has(ref)) visit(ref, [...path, name]);
    state.set(name, "done");
  };
  for (const flag of flags) visit(flag.name, []);
}

/** Flags ordered so that every flag comes after the flags its rule refers to. */
export function evaluationOrder(flags: readonly FlagModel[]): FlagModel[] {
  const byName = new Map(flags.map((f) => [f.name, f]));
  const out: FlagModel[] = [];
  const seen = new Set<string>();
  const visit = (flag: FlagModel): void => {
    if (seen.has(flag.name)) return;
    seen.add(flag.name);
    for (const ref of referencedFlags(flag.rule)) {
      const dep = byName.get(ref);
      if (dep) visit(dep);
    }
    out.push(flag);
  };
  flags.forEach(visit);
  return out;
}

/**
 * The keys a flag guarantees were received, present and valid, when it holds:
 * what `is<Flag>(relation)` narrows the relation's views to. Only clauses that
 * every relation with the flag satisfies count: `app.valid` (the other side's
 * application bag), `allUnits.valid` (every joined unit's bag), and, through
 * `allOf` and flag references, the same of a conjunct. `present` says nothing
 * of validity, and `anyUnit`, `not` and `anyOf` say nothing of one given bag:
 * they narrow nothing. Wire keys, sorted.
 */
export function receivedByFlag(flag: FlagModel, flags: readonly FlagModel[]): { readonly app: string[]; readonly unit: string[] } {
  const app = new Set<string>();
  const unit = new Set<string>();
  const byName = new Map(flags.map((f) => [f.name, f]));
  const seen = new Set<string>([flag.name]);
  const visit = (rule: Rule): void => {
    for (const k of rule.app?.valid ?? []) app.add(k);
    for (const k of rule.allUnits?.valid ?? []) unit.add(k);
    rule.allOf?.forEach(visit);
    for (const ref of rule.flags ?? []) {
      const dep = byName.get(ref);
      if (dep && !seen.has(ref)) {
        seen.add(ref);
        visit(dep.rule);
      }
    }
  };
  visit(flag.rule);
  return { app: [...app].sort(), unit: [...unit].sort() };
}
