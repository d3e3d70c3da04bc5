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
    ...cond.valid.map((k) => (binding ? `keyValid(${bag}, ${stringLiteral(k)}, ${binding}.spec, ${binding}.validate)` : `keyPresent(${bag}, ${stringLiteral(k)})`)),
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

/** The widest a generated statement of a flag computer is written on one line. */
export const FLAG_LINE_WIDTH = 100;

/**
 * Splits an expression at the operator `op` (` && ` or ` || `) where it is not
 * inside parentheses or a string literal (the expressions hold only string
 * literals and identifiers: JSON-style double quotes, with backslash escapes).
 */
function splitTopLevel(expression: string, op: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && expression.startsWith(op, i)) {
      parts.push(expression.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}

/**
 * `expression` laid out as the right-hand side of `const <local> = ...;` at
 * `indent`, as a person would write it: on one line when it fits in
 * FLAG_LINE_WIDTH, else one clause of its top-level `&&` (or `||`) per line,
 * and a parenthesized clause that is still too long opened over its own lines.
 */
export function layoutExpression(expression: string, local: string, indent = "  "): string {
  const oneLine = `${indent}const ${local} = ${expression};`;
  if (oneLine.length <= FLAG_LINE_WIDTH) return ` ${expression}`;
  return "\n" + clauses(expression, indent + "  ").join("\n");
}

/** The expression inside parentheses that enclose all of it, or null. */
function enclosed(expression: string): string | null {
  if (!expression.startsWith("(") || !expression.endsWith(")")) return null;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expression.length - 1; i++) {
    const c = expression[i]!;
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return null; // closed before the end: `(a) && (b)`
  }
  return expression.slice(1, -1);
}

/** The lines of a long expression at `indent`, the last one without its operator. */
function clauses(expression: string, indent: string): string[] {
  const inner = enclosed(expression);
  if (inner !== null) return clauses(inner, indent); // parentheses around the whole: not needed on lines of their own
  for (const op of [" && ", " || "]) {
    const parts = splitTopLevel(expression, op);
    if (parts.length < 2) continue;
    return parts.flatMap((part, i) => clause(part, indent, i < parts.length - 1 ? op.trimEnd() : ""));
  }
  return clause(expression, indent, "");
}

const UNITS_CALL = /^(units\.(?:every|some))\(\(u\) => /;
const hasOperator = (expression: string): boolean => splitTopLevel(expression, " || ").length + splitTopLevel(expression, " && ").length > 2;

/**
 * One clause, followed by `tail` (its operator): on one line when it fits; a
 * parenthesized group, or the body of `units.every((u) => ...)`, over lines
 * of its own when it does not.
 */
function clause(part: string, indent: string, tail: string): string[] {
  if (`${indent}${part}${tail}`.length <= FLAG_LINE_WIDTH) return [`${indent}${part}${tail}`];
  const group = enclosed(part);
  if (group !== null && hasOperator(group)) return [`${indent}(`, ...clauses(group, indent + "  "), `${indent})${tail}`];
  const call = UNITS_CALL.exec(part);
  const body = call ? part.slice(call[0].length, -1) : null;
  if (call && body !== null && enclosed(`(${body})`) !== null && hasOperator(body)) {
    const lines = clauses(body, indent + "    ");
    lines[lines.length - 1] += ",";
    return [`${indent}${call[1]}(`, `${indent}  (u) =>`, ...lines, `${indent})${tail}`];
  }
  return [`${indent}${part}${tail}`];
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
  const bindings = [readers.unit, readers.app].filter((b): b is string => b !== null && all.includes(`${b}.spec`));
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
      expression: new SafeCode(layoutExpression(expressions.get(f.name)!, flagLocal(f.name))),
    })),
  });
  return { path: filesOf(model).flags, content };
}
