/**
 * Emitter: the typed endpoint class of a side and its factory (template
 * `endpoint.ts.hbs`). The class writes this side's bags and reads the
 * counterpart's (its own for peers); a bag whose schema is unknown is open.
 */
import { encodeJson } from "../../runtime/codec.js";
import type { BagModel, InterfaceModel } from "../model.js";
import { bagNames, filesOf, flagNames, header, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { flagLocal } from "./flags.js";
import { jsonLiteral, render, SafeCode, stringLiteral } from "./templating.js";
import { valueType } from "./ts-type.js";

const OPEN_VIEW = "BagView<Readonly<Record<string, string>>, string>";
const OPEN_PUBLISH = "Readonly<Record<string, string>>";
/** Keys Juju writes into every unit bag: they fire `changed.<key>` too. */
const JUJU_KEYS = ["egress-subnets", "ingress-address", "private-address"];

export function emitEndpoint(model: InterfaceModel, counterpart: InterfaceModel | null, options: EmitOptions): GeneratedFile {
  const files = filesOf(model);
  const names = (side: InterfaceModel, bag: BagModel | null) => (bag ? bagNames(side, bag) : null);
  const rUnit = counterpart ? names(counterpart, counterpart.unit) : null;
  const rApp = counterpart ? names(counterpart, counterpart.app) : null;
  const lUnit = names(model, model.unit);
  const lApp = names(model, model.app);
  const same = counterpart === model;

  const remoteImports = [
    ...(rUnit ? [rUnit.bindingName, `type ${rUnit.viewType}`] : []),
    ...(rApp ? [rApp.bindingName, `type ${rApp.viewType}`] : []),
  ];
  const localImports = [
    ...(lUnit ? [lUnit.bindingName, `type ${lUnit.publishType}`, `type ${lUnit.viewType}`] : []),
    ...(lApp ? [lApp.bindingName, `type ${lApp.publishType}`, `type ${lApp.viewType}`] : []),
  ];
  // Peers read and write the same bags: one import line.
  const mergedLocal = same ? [...new Set([...remoteImports, ...localImports])] : localImports;

  const setters = model.setters.map((s) => {
    const bag = s.bag === "unit" ? model.unit! : model.app!;
    const keyOf = (wire: string) => bag.keys.find((k) => k.wire === wire)!;
    const params = s.params.map((p) => {
      const key = keyOf(p.key);
      return {
        name: p.name,
        ts: key.ts,
        docLine: key.description ?? key.title ?? `value of ${key.wire}`,
        paramType: new SafeCode(valueType(key, bag.typeName)),
      };
    });
    // Constants are encoded now, exactly as the runtime would (and checked against the schema by the pipeline).
    const constants = s.values.map((v) => ({ key: v.key, value: keyOf(v.key).encoding === "json" ? encodeJson(v.value) : String(v.value) }));
    return { name: s.name, description: s.description, relations: s.relations, bag: s.bag, params, constants, ingressOverride: s.ingressOverride ?? null };
  });

  // Setter parameters of rich types are named through the generated bag types.
  const bagTypes = [model.unit, model.app].filter((b): b is BagModel => b !== null).map((b) => b.typeName);
  const usedTypes = bagTypes.filter((t) => setters.some((s) => s.params.some((p) => p.paramType.text.includes(`${t}[`))));

  const changedKeys = counterpart
    ? [...new Set([...(counterpart.unit?.keys ?? []).map((k) => k.wire), ...(counterpart.app?.keys ?? []).map((k) => k.wire), ...JUJU_KEYS])].sort()
    : null;
  const ingress = model.ingress
    ? `{ keys: ${jsonLiteral(model.ingress.keys)}${model.ingress.binding !== undefined ? `, binding: ${stringLiteral(model.ingress.binding)}` : ""} }`
    : "null";
  const t = model.typeName;
  const content = render("endpoint.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    version: model.version,
    role: model.role,
    reads: counterpart ? (same ? "peers side (this one)" : `${counterpart.role} side`) : "other side (its schema is missing: open bags)",
    description: model.description ?? `The ${model.name} interface (${model.role} side).`,
    factoryName: model.factoryName,
    endpointClass: `${t}Endpoint`,
    remoteUnitType: `${t}RemoteUnit`,
    remoteAppType: `${t}RemoteApp`,
    relationType: `${t}Relation`,
    changedKeyType: `${t}ChangedKey`,
    endpointExample: model.role === "peers" ? "cluster" : "database",
    openView: !rUnit || !rApp || !lUnit || !lApp,
    openRemoteUnit: !rUnit,
    openRemoteApp: !rApp,
    remoteUnitView: new SafeCode(rUnit ? rUnit.viewType : OPEN_VIEW),
    remoteAppView: new SafeCode(rApp ? rApp.viewType : OPEN_VIEW),
    unitPublish: new SafeCode(lUnit ? lUnit.publishType : OPEN_PUBLISH),
    appPublish: new SafeCode(lApp ? lApp.publishType : OPEN_PUBLISH),
    localUnitView: new SafeCode(lUnit ? lUnit.viewType : OPEN_VIEW),
    localAppView: new SafeCode(lApp ? lApp.viewType : OPEN_VIEW),
    remoteUnitBinding: new SafeCode(rUnit?.bindingName ?? "null"),
    remoteAppBinding: new SafeCode(rApp?.bindingName ?? "null"),
    localUnitBinding: new SafeCode(lUnit?.bindingName ?? "null"),
    localAppBinding: new SafeCode(lApp?.bindingName ?? "null"),
    remoteImports: same || remoteImports.length === 0 ? null : new SafeCode(remoteImports.join(", ")),
    remoteFrom: counterpart ? sibling(filesOf(counterpart).accessors) : "",
    localImports: mergedLocal.length === 0 ? null : new SafeCode(mergedLocal.join(", ")),
    localFrom: sibling(files.accessors),
    typeImports: usedTypes.length > 0 ? new SafeCode(usedTypes.map((t) => `type ${t}`).join(", ")) : null,
    typesFrom: sibling(files.types),
    flagsFrom: sibling(files.flags),
    changedKeys: new SafeCode(changedKeys ? changedKeys.map(stringLiteral).join(" | ") : "string"),
    ...flagNames(model),
    firstFlag: model.flags[0]?.name ?? "connected",
    flags: model.flags.map((f) => ({ name: f.name, description: f.description, method: flagLocal(f.name) })),
    setters,
    ingress: new SafeCode(ingress),
    // Secrets of both sides: what this side writes and what it reads are both scrubbed from errors.
    secretKeys: [...new Set([model, ...(counterpart ? [counterpart] : [])].flatMap((m) => [...(m.unit?.keys ?? []), ...(m.app?.keys ?? [])]).filter((k) => k.secret).map((k) => k.wire))].sort(),
    imports: runtimeImports(options),
  });
  return { path: files.endpoint, content };
}
