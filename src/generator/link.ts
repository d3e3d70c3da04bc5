/**
 * Stage 4: the sides of one interface version, linked. Each side writes what
 * its own schema describes and reads what its counterpart's describes (a
 * peers side reads itself), so the rules of its flags are checked against
 * the counterpart's bags, and a side without `x-juju` flags gets the default
 * ones:
 *
 * - `connected`: a relation of the endpoint exists;
 * - `available`: everything the counterpart's schema requires is present and
 *   valid: the required keys of its application bag, and, when it requires
 *   unit keys, those keys on every joined remote unit (and at least one unit).
 *
 * Files of one folder must agree on the interface and version; two files of
 * one side are refused; a missing counterpart is a warning (its bags are open),
 * and so is one whose file gave no side (`unusable`: absolute path -> why, e.g. "is empty").
 */
import { dirname, resolve } from "node:path";
import { SchemaError, joinPointer } from "./errors.js";
import { errorAt, type LoadedSchema } from "./load.js";
import { counterpartRole, type BagCondition, type BagModel, type FlagModel, type InterfaceModel, type InterfaceVersion, type Rule } from "./model.js";
import { checkFlagReferences } from "./rules.js";
import { isReservedWord } from "./naming.js";

export interface LinkResult {
  readonly versions: readonly InterfaceVersion[];
  readonly problems: readonly SchemaError[];
}

/** Members of the generated endpoint class; a setter (or a flag's `is<Flag>`) may not take one of these names. */
export const ENDPOINT_MEMBERS: ReadonlySet<string> = new Set([
  "endpoint", "definition", "flags", "port", "changedKeys", "relations", "relationIds", "allJoinedUnits", "computeFlags",
  "publish", "publishApp", "isLeader", "stage", "stageRaw", "overrideIngress", "relationViews", "joinedUnitViews", "relation", "constructor",
]);

const required = (bag: BagModel | null): string[] => (bag?.keys ?? []).filter((k) => k.required).map((k) => k.wire);

/** The default flags of a side that declares none, read against its counterpart. */
export function defaultFlags(counterpart: InterfaceModel | null): FlagModel[] {
  const appKeys = required(counterpart?.app ?? null);
  const unitKeys = required(counterpart?.unit ?? null);
  const available: { -readonly [K in keyof Rule]: Rule[K] } = {};
  const cond = (valid: string[]): BagCondition => ({ present: [], absent: [], valid });
  if (appKeys.length > 0) available.app = cond(appKeys);
  if (unitKeys.length > 0) {
    available.joinedUnits = { min: 1 };
    available.allUnits = cond(unitKeys);
  }
  const other = counterpart ? `The ${counterpart.role} side` : "The other side";
  const needs = [
    ...(appKeys.length > 0 ? [`its application bag has ${appKeys.join(", ")}`] : []),
    ...(unitKeys.length > 0 ? [`every joined unit has ${unitKeys.join(", ")}`] : []),
  ];
  return [
    {
      name: "available",
      // Said of one relation: the flag computer and isAvailable(relation) hold per relation, the endpoint's flag on any.
      description: `${other} has published everything its schema requires, and it is valid${needs.length ? `: ${needs.join("; ")}` : " (it requires nothing)"}.`,
      rule: available,
    },
    { name: "connected", description: "The endpoint has a relation (from -relation-created until -relation-broken).", rule: {} },
  ];
}

function ruleKeys(rule: Rule, pointer: string, visit: (cond: BagCondition, clause: "allUnits" | "anyUnit" | "app", pointer: string) => void): void {
  for (const clause of ["allUnits", "anyUnit", "app"] as const) {
    const cond = rule[clause];
    if (cond) visit(cond, clause, joinPointer(pointer, clause));
  }
  if (rule.not) ruleKeys(rule.not, joinPointer(pointer, "not"), visit);
  rule.anyOf?.forEach((r, i) => ruleKeys(r, joinPointer(pointer, "anyOf", i), visit));
  rule.allOf?.forEach((r, i) => ruleKeys(r, joinPointer(pointer, "allOf", i), visit));
}

/** Checks that every key a rule names is a key of the bag the rule reads: the counterpart's. */
function checkRuleKeys(side: InterfaceModel, counterpart: InterfaceModel | null, fail: (pointer: string, detail: string) => void): void {
  for (const flag of side.flags) {
    if (!flag.pointer) continue;
    ruleKeys(flag.rule, flag.pointer, (cond, clause, pointer) => {
      const bag = clause === "app" ? counterpart?.app ?? null : counterpart?.unit ?? null;
      const scope = clause === "app" ? "app" : "unit";
      for (const kind of ["present", "absent", "valid"] as const) {
        cond[kind].forEach((key, i) => {
          if (!counterpart) {
            if (kind === "valid") fail(joinPointer(pointer, kind, i), `"valid" needs the ${counterpartRole(side.role)} side's schema, which is missing from this folder`);
            return; // an open bag: any key may be there
          }
          if (bag?.keys.some((k) => k.wire === key)) return;
          const whose = counterpart === side ? "this side's" : `the ${counterpart.role} side's`;
          fail(joinPointer(pointer, kind, i), `flag rule names key ${JSON.stringify(key)}, which is not a key of ${whose} ${scope} bag (the bag this rule reads)`);
        });
      }
    });
  }
}

function checkMemberNames(side: InterfaceModel, fail: (pointer: string, detail: string) => void): void {
  const flagMethods = new Set(side.flags.map((f) => "is" + f.name.charAt(0).toUpperCase() + f.name.slice(1)));
  for (const setter of side.setters) {
    const pointer = joinPointer("/x-juju/setters", setter.name);
    if (isReservedWord(setter.name)) fail(pointer, `setter name ${JSON.stringify(setter.name)} is a reserved word`);
    if (ENDPOINT_MEMBERS.has(setter.name)) fail(pointer, `setter name ${JSON.stringify(setter.name)} is taken by the generated endpoint class; rename it`);
    if (flagMethods.has(setter.name)) fail(pointer, `setter name ${JSON.stringify(setter.name)} is taken by the method of flag ${JSON.stringify(setter.name.slice(2))}; rename it`);
  }
}

/** Groups the sides into interface versions, checks them together and gives every side its flags. */
export function linkSides(
  sides: readonly InterfaceModel[],
  schemas: ReadonlyMap<string, LoadedSchema>,
  unusable: ReadonlyMap<string, string> = new Map(),
): LinkResult {
  const problems: SchemaError[] = [];
  const at = (side: InterfaceModel, pointer: string, detail: string): void => {
    const schema = schemas.get(side.source);
    problems.push(schema ? errorAt(schema, pointer, detail) : new SchemaError({ file: side.source, pointer }, detail));
  };

  // Files of one folder are one interface version: they must agree.
  const byFolder = new Map<string, InterfaceModel[]>();
  for (const side of sides) {
    const folder = dirname(schemas.get(side.source)?.path ?? side.source);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), side]);
  }
  for (const group of byFolder.values()) {
    const [first, ...rest] = group;
    for (const other of rest) {
      if (other.name !== first!.name || other.version !== first!.version) {
        at(other, "", `${other.source} is ${other.name} v${other.version} but ${first!.source}, in the same folder, is ${first!.name} v${first!.version}: the files of one folder are one interface version`);
      }
    }
  }

  const byVersion = new Map<string, InterfaceModel[]>();
  for (const side of sides) byVersion.set(`${side.name}\u0000${side.version}`, [...(byVersion.get(`${side.name}\u0000${side.version}`) ?? []), side]);
  const versions: InterfaceVersion[] = [];
  for (const group of byVersion.values()) {
    const roles = new Map<string, InterfaceModel>();
    for (const side of group) {
      const other = roles.get(side.role);
      if (other) at(side, "", `${side.name} v${side.version} ${side.role} is also defined by ${other.source}`);
      roles.set(side.role, side);
    }
    const linked: InterfaceModel[] = [];
    for (const side of roles.values()) {
      const counterpart = roles.get(counterpartRole(side.role)) ?? null;
      const flags = side.declaredFlags ? side.flags : defaultFlags(counterpart);
      const withFlags: InterfaceModel = { ...side, flags, warnings: [...side.warnings] };
      if (!counterpart) {
        const other = counterpartRole(side.role);
        const why = unusable.get(resolve(dirname(schemas.get(side.source)?.path ?? side.source), `${other}.json`));
        (withFlags.warnings as string[]).push(
          `${why === undefined ? `no ${other}.json beside it` : `${other}.json beside it ${why}`}: what the ${other} side publishes is read untyped (open bags)`,
        );
      }
      const fail = (pointer: string, detail: string): void => at(side, pointer, detail);
      checkRuleKeys(withFlags, counterpart, fail);
      checkFlagReferences(withFlags.flags, fail);
      checkMemberNames(withFlags, fail);
      linked.push(withFlags);
    }
    linked.sort((a, b) => (a.role < b.role ? -1 : 1));
    versions.push({ name: group[0]!.name, version: group[0]!.version, sides: linked });
  }
  versions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
  return { versions, problems };
}
