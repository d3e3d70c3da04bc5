/**
 * A reference evaluator of the x-juju flag rule language, written as plainly
 * as the language is specified, to check the generated flag computers
 * against. It shares nothing with the generator's code emission; it reads
 * values through the runtime's codec (`decodeJson`, `pyTruthy`) and validates
 * a bag with `checkBag`, which have tests of their own.
 *
 * Semantics, on one relation (its joined remote units and the other side's
 * application bag):
 * - every clause present in a rule must hold; an empty rule holds;
 * - `joinedUnits`: the number of units is within `min` and `max`;
 * - `allUnits` / `anyUnit` / `app`: every unit / some unit / the application
 *   bag (a missing one counts as empty) meets the condition;
 * - a condition: each `present` key is truthy by Python's rules once decoded
 *   (JSON, or the raw string when it is not JSON), each `absent` key is not,
 *   and each `valid` key has a non-empty raw value and no validation issue in
 *   that bag (only `present` when the bag has no schema);
 * - `flags`: the named flags of the same side hold on this relation;
 * - `not`, `anyOf`, `allOf`: negation, disjunction, conjunction.
 */
import type { BagCondition, FlagModel, Rule } from "../../src/generator/model.js";
import type { RawBag } from "../../src/runtime/backend.js";
import { checkBag, type BagSpec, type StandaloneValidator } from "../../src/runtime/bag.js";
import { decodeJson, pyTruthy } from "../../src/runtime/codec.js";

/** One relation: joined remote units (raw wire strings) and the other side's application bag. */
export interface RelationSnapshot {
  readonly units: readonly { readonly raw: RawBag }[];
  readonly app?: RawBag | null;
}

/** The schema of a bag the rules read; `null` for an open bag (no schema). */
export type BagSchema = { readonly spec: BagSpec; readonly validate: StandaloneValidator } | null;

export type ClauseKind =
  | "joinedUnits.min" | "joinedUnits.max" | "allUnits" | "anyUnit" | "app"
  | "present" | "absent" | "valid" | "flags" | "not" | "anyOf" | "allOf";

export interface RuleContext {
  /** The counterpart's unit bag (read by `allUnits`, `anyUnit`). */
  readonly unit: BagSchema;
  /** The counterpart's application bag (read by `app`). */
  readonly app: BagSchema;
  /** Values of the side's other flags on this relation, for the `flags` clause. */
  readonly flags?: Readonly<Record<string, boolean>>;
  /** Told the outcome of every clause evaluated (for coverage counts). */
  readonly trace?: (clause: ClauseKind, value: boolean) => void;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The raw string at `key`, or undefined when the bag has none (or no bag). */
function rawAt(bag: RawBag | null | undefined, key: string): string | undefined {
  if (bag === null || bag === undefined || !hasOwn(bag, key)) return undefined;
  const value: unknown = bag[key];
  return typeof value === "string" ? value : undefined;
}

/** Present: the decoded value (JSON, else the raw string) is truthy by Python's rules. */
export function present(bag: RawBag | null | undefined, key: string): boolean {
  return pyTruthy(decodeJson(rawAt(bag, key)));
}

/** Valid: a non-empty raw value with no validation issue in the bag; just present for an open bag. */
export function valid(bag: RawBag | null | undefined, key: string, schema: BagSchema): boolean {
  if (schema === null) return present(bag, key);
  const raw = rawAt(bag, key);
  if (raw === undefined || raw === "") return false;
  const { issues } = checkBag(bag ?? {}, schema.spec, schema.validate);
  return issues.every((issue) => issue.key !== key);
}

function meets(bag: RawBag | null | undefined, cond: BagCondition, schema: BagSchema, ctx: RuleContext): boolean {
  let ok = true;
  for (const key of cond.present) ok = note(ctx, "present", present(bag, key)) && ok;
  for (const key of cond.absent) ok = note(ctx, "absent", !present(bag, key)) && ok;
  for (const key of cond.valid) ok = note(ctx, "valid", valid(bag, key, schema)) && ok;
  return ok;
}

function note(ctx: RuleContext, clause: ClauseKind, value: boolean): boolean {
  ctx.trace?.(clause, value);
  return value;
}

/** Whether `rule` holds on the relation `snapshot`. */
export function evaluateRule(rule: Rule, snapshot: RelationSnapshot, ctx: RuleContext): boolean {
  const units = snapshot.units;
  const app = snapshot.app ?? null;
  const results: boolean[] = [];
  const min = rule.joinedUnits?.min;
  const max = rule.joinedUnits?.max;
  if (typeof min === "number" && min > 0) results.push(note(ctx, "joinedUnits.min", units.length >= min));
  if (typeof max === "number") results.push(note(ctx, "joinedUnits.max", units.length <= max));
  if (rule.allUnits) {
    const cond = rule.allUnits;
    let all = true;
    for (const unit of units) if (!meets(unit.raw, cond, ctx.unit, ctx)) all = false;
    results.push(note(ctx, "allUnits", all));
  }
  if (rule.anyUnit) {
    const cond = rule.anyUnit;
    let any = false;
    for (const unit of units) if (meets(unit.raw, cond, ctx.unit, ctx)) any = true;
    results.push(note(ctx, "anyUnit", any));
  }
  if (rule.app) results.push(note(ctx, "app", meets(app, rule.app, ctx.app, ctx)));
  if (rule.flags) {
    let all = true;
    for (const name of rule.flags) {
      if (!ctx.flags || !hasOwn(ctx.flags, name)) throw new Error(`rule refers to flag ${JSON.stringify(name)}, which has no value yet`);
      if (ctx.flags[name] !== true) all = false;
    }
    results.push(note(ctx, "flags", all));
  }
  if (rule.not) results.push(note(ctx, "not", !evaluateRule(rule.not, snapshot, ctx)));
  if (rule.anyOf) {
    const values = rule.anyOf.map((r) => evaluateRule(r, snapshot, ctx));
    results.push(note(ctx, "anyOf", values.includes(true)));
  }
  if (rule.allOf) {
    const values = rule.allOf.map((r) => evaluateRule(r, snapshot, ctx));
    results.push(note(ctx, "allOf", !values.includes(false)));
  }
  return !results.includes(false);
}

/** Flag names a rule refers to, at any depth. */
export function flagsReferenced(rule: Rule): string[] {
  return [
    ...(rule.flags ?? []),
    ...(rule.not ? flagsReferenced(rule.not) : []),
    ...(rule.anyOf ?? []).flatMap(flagsReferenced),
    ...(rule.allOf ?? []).flatMap(flagsReferenced),
  ];
}

/**
 * Every flag of a side on one relation, each evaluated after the flags its
 * rule refers to. Throws on an unknown flag or a cycle.
 */
export function evaluateFlags(
  flags: readonly FlagModel[],
  snapshot: RelationSnapshot,
  ctx: Omit<RuleContext, "flags">,
): Record<string, boolean> {
  const byName = new Map(flags.map((f) => [f.name, f]));
  // Null prototype: a flag named like an Object.prototype member is a plain entry.
  const values = Object.create(null) as Record<string, boolean>;
  const inProgress = new Set<string>();
  const evaluate = (name: string): void => {
    if (hasOwn(values, name)) return;
    const flag = byName.get(name);
    if (!flag) throw new Error(`unknown flag ${JSON.stringify(name)}`);
    if (inProgress.has(name)) throw new Error(`flag rules refer to each other in a cycle through ${JSON.stringify(name)}`);
    inProgress.add(name);
    for (const dep of flagsReferenced(flag.rule)) evaluate(dep);
    values[name] = evaluateRule(flag.rule, snapshot, { ...ctx, flags: values });
    inProgress.delete(name);
  };
  for (const flag of flags) evaluate(flag.name);
  return values;
}
