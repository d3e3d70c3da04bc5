/** Emitter: the typed endpoint class and its factory (template `endpoint.ts.hbs`). */
import { encodeJson } from "../../runtime/codec.js";
import type { InterfaceModel, Rule } from "../model.js";
import { bagNames, filesOf, flagNames, header, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { jsonLiteral, render, SafeCode, stringLiteral } from "./templating.js";

function usesApp(rule: Rule): boolean {
  return rule.app !== undefined || [rule.not, ...(rule.anyOf ?? []), ...(rule.allOf ?? [])].some((r) => r !== undefined && usesApp(r));
}

export function emitEndpoint(model: InterfaceModel, options: EmitOptions): GeneratedFile | null {
  const unit = model.unit;
  if (!unit || model.flags.length === 0) return null;
  const files = filesOf(model);
  const names = bagNames(model, unit);
  const appNames = model.app ? bagNames(model, model.app) : null;
  let hasCodec = false;
  const setters = model.setters.map((s) => {
    const bag = s.bag === "unit" ? unit : model.app!;
    const bagType = bagNames(model, bag).typeName;
    const keyOf = (wire: string) => bag.keys.find((k) => k.wire === wire)!;
    const params = s.params.map((p) => {
      const key = keyOf(p.key);
      const base = `Exclude<${bagType}[${stringLiteral(key.ts)}], undefined>`;
      return { name: p.name, docLine: key.description ?? key.title ?? `value of ${key.wire}`, paramType: new SafeCode(key.encoding === "json" ? `${base} | null` : base) };
    });
    const writes = [
      ...s.params.map((p) => {
        const key = keyOf(p.key);
        if (key.encoding === "json") hasCodec = true;
        return { key: p.key, value: new SafeCode(key.encoding === "json" ? `encodeJson(${p.name})` : p.name) };
      }),
      // Constants are encoded now, exactly as the runtime would, so the hook does no work for them.
      ...s.values.map((v) => ({
        key: v.key,
        value: new SafeCode(stringLiteral(keyOf(v.key).encoding === "json" ? encodeJson(v.value) : String(v.value))),
      })),
    ];
    return {
      name: s.name,
      description: s.description,
      relations: s.relations,
      bag: s.bag,
      params,
      writes,
      ingressOverride: s.ingressOverride ?? null,
    };
  });
  const ingress = model.ingress
    ? `{ keys: ${jsonLiteral(model.ingress.keys)}${model.ingress.binding !== undefined ? `, binding: ${stringLiteral(model.ingress.binding)}` : ""} }`
    : "null";
  const content = render("endpoint.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    role: model.role,
    description: model.description ?? `The ${model.name} interface (${model.role} side).`,
    factoryName: model.factoryName,
    endpointClass: `${model.typeName}Endpoint`,
    remoteUnitType: `${model.typeName}RemoteUnit`,
    unitType: names.typeName,
    app: appNames
      ? { type: appNames.typeName, encodeFn: appNames.encodeFn, publishType: appNames.publishType }
      : null,
    readUnitFn: names.readFn,
    encodeUnitFn: names.encodeFn,
    unitViewType: names.viewType,
    unitPublishType: names.publishType,
    ...flagNames(model),
    firstFlag: model.flags[0]!.name,
    hasCodec,
    setters,
    ingress: new SafeCode(ingress),
    readsApp: model.flags.some((f) => usesApp(f.rule)),
    secretKeys: [...(model.unit?.keys ?? []), ...(model.app?.keys ?? [])].filter((k) => k.secret).map((k) => k.wire),
    imports: {
      ...runtimeImports(options),
      types: sibling(files.types),
      accessors: sibling(files.accessors),
      flags: sibling(files.flags),
    },
  });
  return { path: files.endpoint, content };
}
