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
import { bagNames, filesOf, flagNames, header, narrowedRelationType, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { flagLocal } from "./flags.js";
import { receivedByFlag } from "../rules.js";
import { jsonLiteral, render, SafeCode, stringLiteral } from "./templating.js";
import { valueType } from "./ts-type.js";

const OPEN_VIEW = "BagView<Readonly<Record<string, string>>, string>";
const OPEN_PUBLISH = "Readonly<Record<string, string>>";
const EMPTY_VIEW = "BagView<Readonly<Record<never, never>>, never>";
const EMPTY_PUBLISH = "Readonly<Record<never, never>>";

type Slot = { kind: "typed"; names: ReturnType<typeof bagNames> } | { kind: "empty" } | { kind: "open" };

/** A bag of a side: typed by its schema, empty when the schema leaves it unspecified, open when the schema is missing. */
function slot(side: InterfaceModel | null, bag: BagModel | null): Slot {
  if (side === null) return { kind: "open" };
  return bag ? { kind: "typed", names: bagNames(side, bag) } : { kind: "empty" };
}
const typed = (s: Slot) => (s.kind === "typed" ? s.names : null);
const viewOf = (s: Slot): string => (s.kind === "typed" ? s.names.viewType : s.kind === "empty" ? EMPTY_VIEW : OPEN_VIEW);
const publishOf = (s: Slot): string => (s.kind === "typed" ? s.names.publishType : s.kind === "empty" ? EMPTY_PUBLISH : OPEN_PUBLISH);
const bindingOf = (s: Slot): string => (s.kind === "typed" ? s.names.bindingName : s.kind === "empty" ? "EMPTY_BAG" : "null");
/** A union of string literal types, e.g. `"database" | "endpoints"`. */
const literalUnion = (names: readonly string[]): string => names.map(stringLiteral).join(" | ");

/** Keys Juju writes into every unit bag: they fire `changed.<key>` too. */
const JUJU_KEYS = ["egress-subnets", "ingress-address", "private-address"];

export function emitEndpoint(model: InterfaceModel, counterpart: InterfaceModel | null, options: EmitOptions): GeneratedFile {
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
  const relationArgs = (unit: string, app: string): SafeCode =>
    new SafeCode(
      [unit, app, `${t}Flag`, publishOf(slots.lUnit), publishOf(slots.lApp), viewOf(slots.lUnit), viewOf(slots.lApp), ...(localSecrets ? [localSecrets] : [])]
        .map((arg) => `  ${arg}`)
        .join(",\n"),
    );
  // What each flag's rule requires valid, by TypeScript name: its method narrows the relation's views to hold it.
  const tsNames = (bag: BagModel | null, wire: readonly string[]): string[] => (bag ? bag.keys.filter((k) => wire.includes(k.wire)).map((k) => k.ts) : []);
  const narrowed = new Map(
    model.flags.flatMap((f) => {
      const received = receivedByFlag(f, model.flags);
      // Only a typed bag has keys to narrow (a rule's `valid` needs the counterpart's schema).
      const unit = slots.rUnit.kind === "typed" ? tsNames(counterpart?.unit ?? null, received.unit) : [];
      const app = slots.rApp.kind === "typed" ? tsNames(counterpart?.app ?? null, received.app) : [];
      if (unit.length === 0 && app.length === 0) return [];
      const list = (names: string[]): string => {
        const quoted = names.map((n) => `\`${n}\``);
        return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)!}`;
      };
      const holds = [...(app.length > 0 ? [`${list(app)} in the other application's bag`] : []), ...(unit.length > 0 ? [`${list(unit)} in every joined unit's bag`] : [])];
      return [
        [
          f.name,
          {
            flag: f.name,
            type: narrowedRelationType(model, f.name),
            method: flagLocal(f.name),
            holds: `it received, present and valid, ${holds.join(", and ")}`,
            args: relationArgs(
              unit.length > 0 ? `WithReceived<${t}RemoteUnit, ${literalUnion(unit)}>` : `${t}RemoteUnit`,
              app.length > 0 ? `WithReceived<${t}RemoteApp, ${literalUnion(app)}>` : `${t}RemoteApp`,
            ),
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
    untypedView: all.some((s) => s.kind !== "typed"),
    emptyBag: all.some((s) => s.kind === "empty"),
    openRemoteUnit: slots.rUnit.kind === "open",
    openRemoteApp: slots.rApp.kind === "open",
    emptyRemoteUnit: slots.rUnit.kind === "empty",
    emptyRemoteApp: slots.rApp.kind === "empty",
    remoteUnitView: new SafeCode(viewOf(slots.rUnit)),
    remoteAppView: new SafeCode(viewOf(slots.rApp)),
    unitPublish: new SafeCode(publishOf(slots.lUnit)),
    appPublish: new SafeCode(publishOf(slots.lApp)),
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
    typeImports: usedTypes.length > 0 ? new SafeCode(usedTypes.map((t) => `type ${t}`).join(", ")) : null,
    typesFrom: sibling(files.types),
    flagsFrom: sibling(files.flags),
    changedKeys: new SafeCode(changedKeys ? changedKeys.map(stringLiteral).join(" | ") : "string"),
    ...flagNames(model),
    firstFlag: model.flags[0]?.name ?? "connected",
    relationArgs: relationArgs(`${t}RemoteUnit`, `${t}RemoteApp`),
    narrowed: [...narrowed.values()],
    withReceived: narrowed.size > 0,
    flags: model.flags.map((f) => ({ name: f.name, description: f.description, method: flagLocal(f.name), narrowedType: narrowed.get(f.name)?.type ?? null })),
    setters,
    ingress: new SafeCode(ingress),
    // Secrets of both sides: what this side writes and what it reads are both scrubbed from errors.
    secretKeys: [...new Set([model, ...(counterpart ? [counterpart] : [])].flatMap((m) => [...(m.unit?.keys ?? []), ...(m.app?.keys ?? [])]).filter((k) => k.secret).map((k) => k.wire))].sort(),
    imports: runtimeImports(options),
  });
  return { path: files.endpoint, content };
}
