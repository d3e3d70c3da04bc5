/**
 * What a workspace's integration test can expect of each member once the
 * members are related: which interface flags a side reaches when the other
 * side has published what its scaffolded handler publishes (the schema's
 * example values of the keys it must publish), and so the status its
 * scaffolded status handler reports. Rules are read in three values: true,
 * false, or null when the answer depends on more than the first publish (a
 * count past one unit, a flag of the charm's own): the test then says less.
 */
import type { BagCondition, InterfaceModel, KeyModel, Rule } from "../generator/model.js";
import { statusRules, type ScaffoldEndpoint } from "./scaffold-files.js";

/** What one side holds in its bags after its first publish: decoded values by wire key; null when it publishes nothing it can be sure of. */
export interface Published {
  readonly app: ReadonlyMap<string, unknown>;
  readonly unit: ReadonlyMap<string, unknown>;
}

type Maybe = boolean | null;

const and = (values: readonly Maybe[]): Maybe => (values.includes(false) ? false : values.includes(null) ? null : true);
const or = (values: readonly Maybe[]): Maybe => (values.includes(true) ? true : values.includes(null) ? null : false);

/** The wire keys of what a scaffolded endpoint publishes first: the example values of its required keys (none when one lacks an example). */
export function firstPublish(e: ScaffoldEndpoint): Published {
  const bag = (keys: readonly KeyModel[] | undefined, values: Record<string, unknown> | null): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    for (const key of keys ?? []) if (values && key.ts in values) out.set(key.wire, values[key.ts]);
    return out;
  };
  return { app: bag(e.side.app?.keys, e.examples.app), unit: bag(e.side.unit?.keys, e.examples.unit) };
}

function condition(cond: BagCondition, bag: ReadonlyMap<string, unknown>): Maybe {
  return and([
    ...cond.valid.map((k) => bag.has(k)),
    ...cond.present.map((k) => bag.has(k) && Boolean(bag.get(k))),
    ...cond.absent.map((k) => !bag.has(k) || !bag.get(k)),
  ]);
}

function rule(side: InterfaceModel, r: Rule, remote: Published, seen: ReadonlySet<string>): Maybe {
  const parts: Maybe[] = [];
  if (r.joinedUnits) parts.push((r.joinedUnits.min ?? 0) <= 1 && (r.joinedUnits.max ?? 1) >= 1);
  if (r.allUnits) parts.push(condition(r.allUnits, remote.unit));
  if (r.anyUnit) parts.push(condition(r.anyUnit, remote.unit));
  if (r.app) parts.push(condition(r.app, remote.app));
  for (const name of r.flags ?? []) parts.push(flag(side, name, remote, seen));
  if (r.not) {
    const inner = rule(side, r.not, remote, seen);
    parts.push(inner === null ? null : !inner);
  }
  if (r.anyOf) parts.push(or(r.anyOf.map((x) => rule(side, x, remote, seen))));
  if (r.allOf) parts.push(and(r.allOf.map((x) => rule(side, x, remote, seen))));
  return and(parts);
}

function flag(side: InterfaceModel, name: string, remote: Published, seen: ReadonlySet<string> = new Set()): Maybe {
  const f = side.flags.find((x) => x.name === name);
  if (!f || seen.has(name)) return null;
  return rule(side, f.rule, remote, new Set([...seen, name]));
}

/** Whether `side` reaches its flag `name` on a relation to one unit that published `remote`; null: cannot tell. */
export function flagOnceRelated(side: InterfaceModel, name: string, remote: Published): Maybe {
  return flag(side, name, remote);
}

/**
 * The status a member's scaffolded handler reports once each of its related
 * endpoints has heard from the other side (`remote`, by endpoint name; an
 * endpoint not there is unrelated); null when it cannot be told.
 */
export function statusOnceRelated(endpoints: readonly ScaffoldEndpoint[], remote: ReadonlyMap<string, readonly Published[]>): { state: string; message: string } | null {
  for (const e of endpoints) {
    const rules = statusRules(e);
    const heard = remote.get(e.name) ?? [];
    const holds = (name: string): Maybe => or(heard.map((p) => flagOnceRelated(e.side, name, p)));
    if (rules.blocked) {
      const connected = holds("connected");
      if (connected === null) return null;
      if (!connected) return { state: "blocked", message: rules.blocked };
    }
    if (rules.waiting) {
      if (e.side.role === "peers") return null; // a lone unit's peers: what its own bags hold is not modelled here
      const available = holds("available");
      if (available === null) return null;
      if (!available) return { state: "waiting", message: rules.waiting };
    }
  }
  return { state: "active", message: "ready" };
}
