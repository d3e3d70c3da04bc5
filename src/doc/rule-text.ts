/**
 * A flag's rule in words, read from the model's rule (the data the flag
 * computer is compiled from by `emit/flags.ts`): the same clauses, in the
 * same order, with the same meaning. A rule holds on one relation; the flag
 * is set when it holds on some relation. "valid" reads the counterpart's
 * schema; without it (the counterpart's file is missing, or it leaves the bag
 * open) "valid" can only mean "present", as the generated code does.
 */
import type { BagCondition, InterfaceModel, Rule } from "../generator/model.js";
import { codeList, type Md } from "./markdown.js";

/** Who a rule reads: the counterpart side, or null when its schema is missing. */
export interface RuleReader {
  readonly side: InterfaceModel;
  readonly counterpart: InterfaceModel | null;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function whose(reader: RuleReader): string {
  const role = reader.counterpart?.role ?? (reader.side.role === "provider" ? "requirer" : reader.side.role === "requirer" ? "provider" : "peers");
  return role === "peers" ? "the application's own" : `the ${role}'s`;
}

function condition(cond: BagCondition, typed: boolean): string[] {
  return [
    ...(cond.present.length > 0 ? [`holds ${codeList(cond.present)} (set, not empty)`] : []),
    ...(cond.absent.length > 0 ? [`does not hold ${codeList(cond.absent)} (missing or empty)`] : []),
    ...(cond.valid.length > 0
      ? [typed ? `holds a valid ${codeList(cond.valid)}` : `holds ${codeList(cond.valid)} (present: without the schema of that bag, validity is not checked)`]
      : []),
  ];
}

function clauses(rule: Rule, reader: RuleReader): string[] {
  const parts: string[] = [];
  const unit = reader.side.role === "peers" ? "peer unit" : "remote unit";
  const typedUnit = reader.counterpart?.unit != null;
  const typedApp = reader.counterpart?.app != null;
  const j = rule.joinedUnits;
  if (j?.min !== undefined && j.min > 0) parts.push(`at least ${plural(Math.trunc(j.min), `joined ${unit}`, `joined ${unit}s`)}`);
  if (j?.max !== undefined) parts.push(`at most ${plural(Math.trunc(j.max), `joined ${unit}`, `joined ${unit}s`)}`);
  // An empty condition: every unit meets it (even when there is none), and some unit meets it when one has joined.
  if (rule.allUnits) {
    const words = condition(rule.allUnits, typedUnit);
    if (words.length > 0) parts.push(`every joined ${unit}'s bag ${words.join(" and ")}`);
  }
  if (rule.anyUnit) {
    const words = condition(rule.anyUnit, typedUnit);
    parts.push(words.length > 0 ? `some joined ${unit}'s bag ${words.join(" and ")}` : `at least 1 joined ${unit}`);
  }
  if (rule.app) {
    const words = condition(rule.app, typedApp);
    if (words.length > 0) parts.push(`${whose(reader)} app bag ${words.join(" and ")}`);
  }
  if (rule.flags && rule.flags.length > 0) parts.push(`${rule.flags.length === 1 ? "flag" : "flags"} ${codeList(rule.flags)} ${rule.flags.length === 1 ? "holds" : "hold"} on the same relation`);
  if (rule.not) parts.push(`not (${words(rule.not, reader)})`);
  if (rule.anyOf) parts.push(`one of: ${rule.anyOf.map((r) => `(${words(r, reader)})`).join(" or ")}`);
  if (rule.allOf) parts.push(`all of: ${rule.allOf.map((r) => `(${words(r, reader)})`).join(" and ")}`);
  return parts;
}

/** The rule in words, e.g. "the provider's app bag holds a valid `database`, `endpoints`; at least 1 joined remote unit". */
export function words(rule: Rule, reader: RuleReader): Md {
  const parts = clauses(rule, reader);
  return parts.length === 0 ? "a relation exists" : parts.join("; ");
}
