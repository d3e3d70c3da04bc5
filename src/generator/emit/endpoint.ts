/**
 * Emitter: the typed endpoint class of a side and its factory (template
 * `endpoint.ts.hbs`). The class writes this side's bags and reads the
 * counterpart's (its own for peers). A bag is typed by its schema; empty when
 * a known schema leaves it unspecified (the interface puts nothing there: it
 * is not read, and nothing typed is published into it); open, raw strings,
 * only when the counterpart's schema is missing.
 */
import { encodeJson } from "../../runtime/codec.js";
import type { BagModel, InterfaceModel } from "../model.js";
import { bagNames, filesOf, flagNames, header, narrowedTypes, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { flagLocal } from "./flags.js";
import { receivedByFlag } from "../rules.js";
import { identifier, jsonLiteral, render, SafeCode, stringLiteral } from "./templating.js";
import { typeText, valueType, type TypeTexts } from "./type-texts.js";

/** The runtime's views of a bag no schema types: open (the other side's schema is missing) or empty (the schema puts nothing there). */
const OPEN_VIEW = "OpenBagView";
const EMPTY_VIEW = "EmptyBagView";

type Slot = { kind: "typed"; names: ReturnType<typeof bagNames> } | { kind: "empty" } | { kind: "open" };

/** A bag of a side: typed by its schema, empty when the schema leaves it unspecified, open when the schema is missing. */
function slot(side: InterfaceModel | null, bag: BagModel | null): Slot {
  if (side === null) return { kind: "open" };
  return bag ? { kind: "typed", names: bagNames(side, bag) } : { kind: "empty" };
}
const typed = (s: Slot) => (s.kind === "typed" ? s.names : null);
const viewOf = (s: Slot): string => (s.kind === "typed" ? s.names.viewType : s.kind === "empty" ? EMPTY_VIEW : OPEN_VIEW);
const bindingOf = (s: Slot): string => (s.kind === "typed" ? s.names.bindingName : s.kind === "empty" ? "EMPTY_BAG" : "null");

/** Keys Juju writes into every unit bag: they fire `changed.<key>` too. */
const JUJU_KEYS = ["egress-subnets", "ingress-address", "private-address"];

/** The type names of the types file a side's endpoint uses, by the file that exports them. */
class TypeImports {
  private readonly byFile = new Map<string, Set<string>>();
  add(model: InterfaceModel, names: Iterable<string>): void {
    const from = sibling(filesOf(model).types);
    const set = this.byFile.get(from) ?? new Set<string>();
    for (const n of names) set.add(n);
    if (set.size > 0) this.byFile.set(from, set);
  }
  lines(): { names: SafeCode; from: string }[] {
    return [...this.byFile].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, names]) => ({ names: new SafeCode([...names].sort().join(", ")), from }));
  }
}

/**
 * `texts` are the key types of this side's bags, `counterpartTexts` those of
 * the counterpart's (the same for peers; null when its schema is missing).
 */
export function emitEndpoint(model: InterfaceModel, counterpart: InterfaceModel | null, options: EmitOptions, texts: TypeTexts, counterpartTexts: TypeTexts | null): GeneratedFile {
  const files = filesOf(model);
  const slots = {
    rUnit: slot(counterpart, counterpart?.unit ?? null),
    rApp: slot(counterpart, counterpart?.app ?? null),
    lUnit: slot(model, model.unit),
    lApp: slot(model, model.app),
  };
  const all = Object.values(slots);
  const [rUnit, rApp, lUnit, lApp] = [typed(slots.rUnit), typed(slots.rApp), typed(slots.lUnit), typed(slots.lApp)];
  const same = counterpart === model;

  const remoteImports = [
    ...(rUnit ? [rUnit.bindingName, `type ${rUnit.viewType}`] : []),
    ...(rApp ? [rApp.bindingName, `type ${rApp.viewType}`] : []),
  ];
  // The secrets this side publishes in its application bag (publishSecret).
  const localSecrets = lApp && model.secretUris.some((x) => x.bag === "app") ? lApp.secretsType : null;
  const localImports = [
    ...(lUnit ? [lUnit.bindingName, `type ${lUnit.publishType}`, `type ${lUnit.viewType}`] : []),
    ...(lApp ? [lApp.bindingName, `type ${lApp.publishType}`, `type ${lApp.viewType}`] : []),
    ...(localSecrets ? [`type ${localSecrets}`] : []),
  ];
  // Peers read and write the same bags: one import line.
  const mergedLocal = same ? [...new Set([...remoteImports, ...localImports])] : localImports;

  const typeImports = new TypeImports();
  const setters = model.setters.map((s) => {
    const bag = s.bag === "unit" ? model.unit! : model.app!;
    const keyOf = (wire: string) => bag.keys.find((k) => k.wire === wire)!;
    const params = s.params.map((p) => {
      const key = keyOf(p.key);
      const type = valueType(key, texts.of(bag, key));
      typeImports.add(model, type.refs);
      return {
        name: p.name,
        ts: key.ts,
        docLine: key.description ?? key.title ?? `value of ${key.wire}`,
        paramType: new SafeCode(typeText(type)),
      };
    });
    // Constants are encoded now, exactly as the runtime would (and checked against the schema by the pipeline).
    const constants = s.values.map((v) => ({ key: v.key, value: keyOf(v.key).encoding === "json" ? encodeJson(v.value) : String(v.value) }));
    // `{ clusterAddress: address, user }`: a parameter named as its key is written once.
    const staged = new SafeCode(params.map((p) => (p.ts === p.name ? identifier(p.ts) : `${identifier(p.ts)}: ${identifier(p.name)}`)).join(", "));
    return { name: s.name, description: s.description, relations: s.relations, bag: s.bag, params, staged, constants, ingressOverride: s.ingressOverride ?? null };
  });

  const changedKeys = counterpart
    ? [...new Set([...(counterpart.unit?.keys ?? []).map((k) => k.wire), ...(counterpart.app?.keys ?? []).map((k) => k.wire), ...JUJU_KEYS])].sort()
    : null;
  const ingress = model.ingress
    ? `{ keys: ${jsonLiteral(model.ingress.keys)}${model.ingress.binding !== undefined ? `, binding: ${stringLiteral(model.ingress.binding)}` : ""} }`
    : "null";
  const t = model.typeName;
  // What each flag's rule requires valid: its method narrows the relation's views to hold it.
  const receivedType = (bag: BagModel | null, wire: readonly string[]): { received: SafeCode; names: string[] } | null => {
    const keys = bag && counterpart && counterpartTexts ? bag.keys.filter((k) => wire.includes(k.wire)) : [];
    if (!bag || !counterpart || !counterpartTexts || keys.length === 0) return null;
    const members = keys.map((k) => {
      const type = counterpartTexts.of(bag, k);
      typeImports.add(counterpart, type.refs);
      return `readonly ${identifier(k.ts)}: ${typeText(type)};`;
    });
    typeImports.add(counterpart, [bag.typeName]);
    return { received: new SafeCode(`Readonly<Partial<${bag.typeName}>> & { ${members.join(" ")} }`), names: keys.map((k) => k.ts) };
  };
  const narrowed = new Map(
    model.flags.flatMap((f) => {
      const received = receivedByFlag(f, model.flags);
      // Only a typed bag has keys to narrow (a rule's `valid` needs the counterpart's schema).
      const unit = slots.rUnit.kind === "typed" ? receivedType(counterpart?.unit ?? null, received.unit) : null;
      const app = slots.rApp.kind === "typed" ? receivedType(counterpart?.app ?? null, received.app) : null;
      if (!unit && !app) return [];
      const list = (names: string[]): string => {
        const quoted = names.map((n) => `\`${n}\``);
        return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)!}`;
      };
      const holds = [...(app ? [`${list(app.names)} in the other application's bag`] : []), ...(unit ? [`${list(unit.names)} in every joined unit's bag`] : [])];
      const types = narrowedTypes(model, f.name);
      return [
        [
          f.name,
          {
            flag: f.name,
            type: types.relation,
            method: flagLocal(f.name),
            holds: `it received, present and valid, ${holds.join(", and ")}`,
            unit: unit ? { type: types.remoteUnit, received: unit.received, names: list(unit.names) } : null,
            app: app ? { type: types.remoteApp, received: app.received, names: list(app.names) } : null,
          },
        ],
      ] as const;
    }),
  );
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
    openView: all.some((s) => s.kind === "open"),
    emptyView: all.some((s) => s.kind === "empty"),
    emptyBag: all.some((s) => s.kind === "empty"),
    openRemoteUnit: slots.rUnit.kind === "open",
    openRemoteApp: slots.rApp.kind === "open",
    emptyRemoteUnit: slots.rUnit.kind === "empty",
    emptyRemoteApp: slots.rApp.kind === "empty",
    remoteUnitView: new SafeCode(viewOf(slots.rUnit)),
    remoteAppView: new SafeCode(viewOf(slots.rApp)),
    // A bag the schema puts nothing in has nothing to publish: no publish method.
    unitPublish: lUnit ? new SafeCode(lUnit.publishType) : null,
    appPublish: lApp ? new SafeCode(lApp.publishType) : null,
    localUnitView: new SafeCode(viewOf(slots.lUnit)),
    localAppView: new SafeCode(viewOf(slots.lApp)),
    localSecrets: localSecrets ? new SafeCode(localSecrets) : null,
    remoteUnitBinding: new SafeCode(bindingOf(slots.rUnit)),
    remoteAppBinding: new SafeCode(bindingOf(slots.rApp)),
    localUnitBinding: new SafeCode(bindingOf(slots.lUnit)),
    localAppBinding: new SafeCode(bindingOf(slots.lApp)),
    remoteImports: same || remoteImports.length === 0 ? null : new SafeCode(remoteImports.join(", ")),
    remoteFrom: counterpart ? sibling(filesOf(counterpart).accessors) : "",
    localImports: mergedLocal.length === 0 ? null : new SafeCode(mergedLocal.join(", ")),
    localFrom: sibling(files.accessors),
    typeImports: typeImports.lines(),
    flagsFrom: sibling(files.flags),
    changedKeys: new SafeCode(changedKeys ? changedKeys.map(stringLiteral).join(" | ") : "string"),
    ...flagNames(model),
    firstFlag: model.flags[0]?.name ?? "connected",
    narrowed: [...narrowed.values()],
    flags: model.flags.map((f) => ({ name: f.name, description: f.description, method: flagLocal(f.name), narrowedType: narrowed.get(f.name)?.type ?? null })),
    setters,
    ingress: new SafeCode(ingress),
    // Secrets of both sides: what this side writes and what it reads are both scrubbed from errors.
    secretKeys: [...new Set([model, ...(counterpart ? [counterpart] : [])].flatMap((m) => [...(m.unit?.keys ?? []), ...(m.app?.keys ?? [])]).filter((k) => k.secret).map((k) => k.wire))].sort(),
    imports: runtimeImports(options),
  });
  return { path: files.endpoint, content };
}
