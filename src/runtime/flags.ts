/**
 * Flags are derived state. Every hook, for every endpoint, the generated flag
 * computer gives the interface flags (`<ep>.connected`, ...) from the
 * snapshot, and the runtime keeps the automatic ones:
 *
 * - `endpoint.<ep>.joined`: at least one remote unit is joined;
 * - `endpoint.<ep>.changed` and `endpoint.<ep>.changed.<key>`: set when a joined
 *   unit's, or the other application's, decoded value of `<key>` differs from the
 *   last one seen (first sight included); never cleared by the runtime — the
 *   consumer clears what it consumed;
 * - `endpoint.<ep>.departed`: set in a departed hook; cleared by a later hook in
 *   which units are still joined;
 * - `endpoint.<ep>.broken`: set in the broken hook of the endpoint, cleared after.
 *
 * The charm's own flags are left alone.
 */
import { createHash } from "node:crypto";
import { decodeJson, encodeJson } from "./codec.js";
import type { HookEnv } from "./hook-env.js";
import type { RawBag } from "./backend.js";
import type { RelationSnapshot } from "./port.js";

export type Seen = Record<string, Record<string, Record<string, string>>>;

/** md5 of the decoded value as Python's json.dumps(v, sort_keys=True) writes it (what charms.reactive hashes). */
export function valueDigest(raw: string): string {
  let text: string;
  try {
    text = encodeJson(decodeJson(raw));
  } catch {
    text = encodeJson(raw);
  }
  return createHash("md5").update(text, "utf8").digest("hex");
}

export interface EndpointFlagUpdate {
  /** Flags of this endpoint that must be set after this hook. */
  readonly set: readonly string[];
  /** Flags of this endpoint that must be clear after this hook. */
  readonly clear: readonly string[];
  /** The digests of what the other side holds now (replaces the endpoint's part of `seen`). */
  readonly seen: Seen;
  /** Every (relation, unit or application, key) whose decoded value changed in this hook. */
  readonly changes: readonly { readonly relationId: string; readonly owner: string; readonly key: string }[];
}

/**
 * The endpoint's flags after this hook: the interface flags (set when they
 * hold on some relation), and the automatic ones. `changed.<key>` compares
 * every remote unit's and the other application's decoded values with the
 * digests seen before.
 */
export function endpointFlags(
  endpoint: string,
  interfaceFlags: Readonly<Record<string, boolean>>,
  relations: readonly RelationSnapshot[],
  env: HookEnv,
  previousSeen: Readonly<Seen>,
): EndpointFlagUpdate {
  const ep = endpoint;
  const set: string[] = [];
  const clear: string[] = [];
  for (const [name, value] of Object.entries(interfaceFlags)) (value ? set : clear).push(`${ep}.${name}`);

  const joined = relations.some((r) => r.units.length > 0);
  (joined ? set : clear).push(`endpoint.${ep}.joined`);
  const here = env.relation?.endpoint === ep ? env.relation.kind : undefined;
  if (here === "departed") set.push(`endpoint.${ep}.departed`);
  else if (joined) clear.push(`endpoint.${ep}.departed`);
  (here === "broken" ? set : clear).push(`endpoint.${ep}.broken`);

  const seen: Seen = Object.create(null) as Seen;
  const changes: { relationId: string; owner: string; key: string }[] = [];
  let changed = false;
  const observe = (relationId: string, owner: string, raw: RawBag): void => {
    const before = previousSeen[relationId]?.[owner] ?? {};
    const now: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const key of Object.keys(raw)) {
      const value = raw[key]!;
      if (value !== "") now[key] = valueDigest(value);
    }
    for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
      if (before[key] !== now[key]) {
        changed = true;
        set.push(`endpoint.${ep}.changed.${key}`);
        changes.push({ relationId, owner, key });
      }
    }
    if (Object.keys(now).length > 0) (seen[relationId] ??= Object.create(null) as Record<string, Record<string, string>>)[owner] = now;
  };
  for (const relation of relations) {
    for (const unit of relation.units) observe(relation.id, unit.name, unit.raw);
    observe(relation.id, relation.application, relation.app);
  }
  if (changed) set.push(`endpoint.${ep}.changed`);
  return { set, clear, seen, changes };
}
