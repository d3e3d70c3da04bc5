/**
 * Emitter: flag computers (template `flags.ts.hbs`). Each rule of the x-juju
 * rule language compiles to one boolean expression over the snapshot, built
 * only from string literals and checked identifiers.
 */
import type { BagCondition, InterfaceModel, Rule } from "../model.js";
import { evaluationOrder } from "../rules.js";
import { filesOf, flagNames, header, runtimeImports, type EmitOptions, type GeneratedFile } from "./names.js";
import { render, SafeCode, stringLiteral } from "./templating.js";

export function flagLocal(name: string): string {
  return "is" + name.charAt(0).toUpperCase() + name.slice(1);
}

function condition(bag: string, cond: BagCondition): string[] {
  return [
    ...cond.present.map((k) => `isPresent(${bag}, ${stringLiteral(k)})`),
    ...cond.absent.map((k) => `!isPresent(${bag}, ${stringLiteral(k)})`),
  ];
}

/** Wraps a conjunction in parentheses so that `a && b || c` reads as meant. */
function grouped(expression: string): string {
  return expression.includes(" && ") ? `(${expression})` : expression;
}

/** Compiles a rule to a TypeScript boolean expression. */
export function ruleExpression(rule: Rule): string {
  const parts: string[] = [];
  const j = rule.joinedUnits;
  if (j?.min !== undefined && j.min > 0) parts.push(`units.length >= ${Math.trunc(j.min)}`);
  if (j?.max !== undefined) parts.push(`units.length <= ${Math.trunc(j.max)}`);
  if (rule.allUnits) parts.push(`units.every((u) => ${condition("u.raw", rule.allUnits).join(" && ")})`);
  if (rule.anyUnit) parts.push(`units.some((u) => ${condition("u.raw", rule.anyUnit).join(" && ")})`);
  if (rule.app) parts.push(...condition("app", rule.app));
  for (const f of rule.flags ?? []) parts.push(flagLocal(f));
  if (rule.not) parts.push(`!(${ruleExpression(rule.not)})`);
  if (rule.anyOf) parts.push(`(${rule.anyOf.map((r) => grouped(ruleExpression(r))).join(" || ")})`);
  if (rule.allOf) parts.push(`(${rule.allOf.map(ruleExpression).join(" && ")})`);
  return parts.length === 0 ? "true" : parts.join(" && ");
}

export function emitFlags(model: InterfaceModel, options: EmitOptions): GeneratedFile | null {
  if (model.flags.length === 0) return null;
  const expressions = new Map(model.flags.map((f) => [f.name, ruleExpression(f.rule)]));
  const all = [...expressions.values()].join(" ");
  const content = render("flags.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    role: model.role,
    imports: runtimeImports(options),
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
