/**
 * Emitter: flag computers (template `flags.ts.hbs`). Each rule of the x-juju
 * rule language compiles to one boolean expression over the snapshot, built
 * only from string literals and checked identifiers.
 */
import type { BagCondition, BagModel, InterfaceModel, Rule } from "../model.js";
import { evaluationOrder } from "../rules.js";
import { bagNames, filesOf, flagNames, header, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { render, SafeCode, stringLiteral } from "./templating.js";

export function flagLocal(name: string): string {
  return "is" + name.charAt(0).toUpperCase() + name.slice(1);
}

/** How a rule reaches the bindings (key tables and validators) of the bags it reads. */
interface Readers {
  readonly unit: string | null;
  readonly app: string | null;
}

function condition(bag: string, cond: BagCondition, binding: string | null): string[] {
  return [
    ...cond.present.map((k) => `keyPresent(${bag}, ${stringLiteral(k)})`),
    ...cond.absent.map((k) => `!keyPresent(${bag}, ${stringLiteral(k)})`),
    // With no schema for the bag (open), "valid" can only mean "present".
    ...cond.valid.map((k) => (binding ? `keyValid(${bag}, ${stringLiteral(k)}, ${binding})` : `keyPresent(${bag}, ${stringLiteral(k)})`)),
  ];
}

/** Wraps a conjunction in parentheses so that `a && b || c` reads as meant. */
function grouped(expression: string): string {
  return expression.includes(" && ") ? `(${expression})` : expression;
}

/** Compiles a rule to a TypeScript boolean expression over one relation (`units`, `app`). */
export function ruleExpression(rule: Rule, readers: Readers = { unit: null, app: null }): string {
  const parts: string[] = [];
  const j = rule.joinedUnits;
  const sub = (r: Rule): string => ruleExpression(r, readers);
  if (j?.min !== undefined && j.min > 0) parts.push(`units.length >= ${Math.trunc(j.min)}`);
  if (j?.max !== undefined) parts.push(`units.length <= ${Math.trunc(j.max)}`);
  if (rule.allUnits) parts.push(`units.every((u) => ${condition("u.raw", rule.allUnits, readers.unit).join(" && ") || "true"})`);
  if (rule.anyUnit) parts.push(`units.some((u) => ${condition("u.raw", rule.anyUnit, readers.unit).join(" && ") || "true"})`);
  if (rule.app) parts.push(...condition("app", rule.app, readers.app));
  for (const f of rule.flags ?? []) parts.push(flagLocal(f));
  if (rule.not) parts.push(`!(${sub(rule.not)})`);
  if (rule.anyOf) parts.push(`(${rule.anyOf.map((r) => grouped(sub(r))).join(" || ")})`);
  if (rule.allOf) parts.push(`(${rule.allOf.map(sub).join(" && ")})`);
  return parts.length === 0 ? "true" : parts.join(" && ");
}

/**
 * The flag computer of a side: its rules read the counterpart's bags (its own
 * for peers); `counterpart` is null when that side's schema is missing.
 */
export function emitFlags(model: InterfaceModel, counterpart: InterfaceModel | null, options: EmitOptions): GeneratedFile {
  const binding = (bag: BagModel | null): string | null => (counterpart && bag ? bagNames(counterpart, bag).bindingName : null);
  const readers: Readers = { unit: binding(counterpart?.unit ?? null), app: binding(counterpart?.app ?? null) };
  const expressions = new Map(model.flags.map((f) => [f.name, ruleExpression(f.rule, readers)]));
  const all = [...expressions.values()].join(" ");
  const bindings = [readers.unit, readers.app].filter((b): b is string => b !== null && all.includes(`, ${b})`));
  // Aliased so that no flag (whose local is `is<Flag>`) can shadow them.
  const helpers = [
    ...(all.includes("keyPresent(") ? ["isPresent as keyPresent"] : []),
    ...(all.includes("keyValid(") ? ["isValid as keyValid"] : []),
  ];
  const content = render("flags.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    role: model.role,
    reads: counterpart ? `${counterpart.role} side` : "other side (schema missing: open bags)",
    imports: runtimeImports(options),
    runtimeNames: new SafeCode([...helpers, "type FlagSnapshot"].join(", ")),
    bindings: bindings.length > 0 && counterpart ? { names: new SafeCode([...new Set(bindings)].join(", ")), from: sibling(filesOf(counterpart).accessors) } : null,
    ...flagNames(model),
    firstFlag: model.flags[0]!.name,
    usesUnits: /\bunits\b/.test(all),
    usesApp: /\bapp\b/.test(all),
    flags: model.flags.map((f) => ({ name: f.name, description: f.description, local: flagLocal(f.name) })),
    ordered: evaluationOrder(model.flags).map((f) => ({
      name: f.name,
      description: f.description,
      local: flagLocal(f.name),
      expression: new SafeCode(expressions.get(f.name)!),
    })),
  });
  return { path: filesOf(model).flags, content };
}
