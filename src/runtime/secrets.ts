/**
 * Keys whose value is a Juju secret URI, at hook time.
 *
 * Reading: the secrets the other side's bags point to are read once per hook
 * with the bags (`secret-get`; `--refresh` in the `secret-changed` hook of
 * that secret). A URI that does not resolve, a secret this unit may not
 * read, or content that fails its schema makes the key count as absent for
 * the flags (so `available` stays false), and reading it through the view
 * throws a `SecretReadError` that names the key and the relation, never the
 * content.
 *
 * Binding: Juju lets a unit read a secret granted to any relation it is in,
 * so an application could publish, beside its own answer, the URI of a secret
 * another application granted this unit (a client that connects to every
 * available relation would then send that secret to it). A secret (by its id)
 * is bound to the relation where this unit first saw it in a bag, and the
 * binding is kept in the unit state (`secretBindings`). The same secret on
 * another relation is refused there (`foreign`): never read (no secret-get),
 * the key counts as absent, and a WARNING names both relations, the key and
 * its owner, never the URI or the content. See `bindSecrets` for "first", and
 * for how the bindings stay bounded.
 *
 * Writing: the leader's `publishSecret` stages content; at flush the secret
 * is created once per relation and key (application-owned, labelled
 * `<endpoint>.<relation number>.<key>`), granted to the relation, and its
 * URI published; later, its content is set again only when it changed. When
 * the relation is broken, the leader revokes and removes it.
 */
import type { Backend, RawBag } from "./backend.js";
import { checkBag } from "./bag.js";
import { HookToolError, SecretAccessError, SecretNotFoundError } from "./errors.js";
import { valueDigest } from "./flags.js";
import type { HookEnv } from "./hook-env.js";
import type { BagBinding, EndpointDefinition, FlagSnapshot, RelationSnapshot, SecretRead } from "./port.js";

/** A secret a relation's bag points to could not be read, or its content does not fit its schema. */
export class SecretReadError extends Error {
  override readonly name = "SecretReadError";
  constructor(
    readonly endpoint: string,
    readonly relation: string,
    /** The wire key that holds the URI. */
    readonly key: string,
    /**
     * `missing`: the key is not set (or not a secret key); `not-found`: no such secret;
     * `denied`: this unit may not read it; `failed`: secret-get failed otherwise;
     * `invalid`: its content does not fit its schema; `foreign`: the secret belongs to
     * another relation of this unit (where it was first seen), so it is not read on this one.
     */
    readonly reason: "missing" | "not-found" | "denied" | "failed" | "invalid" | "foreign",
    detail: string,
  ) {
    super(`${endpoint}: the secret ${key} of relation ${relation} ${detail}`);
  }
}

/** The id part of any secret URI form, for comparing URIs. */
export const secretId = (uri: string): string => uri.slice(uri.lastIndexOf("/") + 1).replace(/^secret:/, "");

/** The label of the secret this side publishes on a relation's key. */
export const secretLabel = (endpoint: string, relationId: string, wire: string): string => `${endpoint}.${relationId.slice(relationId.lastIndexOf(":") + 1)}.${wire}`;

/** One secret-get, its hook-tool failure turned into a read that says why (other errors propagate). */
async function readOne(get: () => Promise<RawBag>): Promise<SecretRead> {
  try {
    return { ok: true, content: Object.freeze(await get()) };
  } catch (e) {
    if (e instanceof SecretNotFoundError) return { ok: false, reason: "not-found", message: "does not exist (not found)" };
    if (e instanceof SecretAccessError) return { ok: false, reason: "denied", message: "may not be read by this unit (permission denied)" };
    if (e instanceof HookToolError) return { ok: false, reason: "failed", message: `could not be read: ${e.message}` };
    throw e;
  }
}

/** Where a secret belongs: the relation (`database:3`) where this unit first saw it, and that relation's application. */
export interface SecretBinding {
  readonly relation: string;
  readonly application: string;
}

/** Secret bindings by secret id, in the order they were made. */
export type SecretBindings = Readonly<Record<string, SecretBinding>>;

/**
 * How many bindings a live relation keeps for secrets it no longer shows (the
 * latest made); those it shows now are always kept.
 */
export const MAX_REMEMBERED_SECRETS = 16;

/** How many bindings of relations that are gone are kept (the latest made). */
export const MAX_GONE_SECRETS = 64;

/** A secret URI in a key of the other side's bag. */
export interface SecretSight {
  readonly endpoint: string;
  readonly relation: RelationSnapshot;
  /** The unit, or the application, whose bag holds it. */
  readonly owner: string;
  readonly wire: string;
  readonly uri: string;
  readonly id: string;
}

/** What the binding rule decided for one sight: read it, or refuse it (with why, for the error and the log). */
export type SecretVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly warning: string };

const relationNumber = (id: string): number => Number(id.slice(id.lastIndexOf(":") + 1));
const byAge = (a: string, b: string): number => relationNumber(a) - relationNumber(b) || (a < b ? -1 : a > b ? 1 : 0);
const ownerName = (s: SecretSight): string => (s.owner.includes("/") ? `unit ${s.owner}` : `application ${s.owner}`);

/**
 * The binding rule, over every secret key of the other side's bags in this
 * hook (every endpoint of the charm):
 *
 * - a secret seen for the first time is bound to the relation that shows it
 *   (and to that relation's application). When several relations show it for
 *   the first time in the same hook, the oldest (lowest id) wins if they all
 *   lead to one application; if they lead to different ones, nobody can tell
 *   whose it is: it is refused on all of them and bound to none, until only
 *   one application shows it;
 * - while the relation it is bound to exists, it is read there only;
 * - once that relation is gone (removed, or in its -relation-broken hook: its
 *   grant may still hold there), the binding stays: a relation to the same
 *   application takes it over (the provider related again), any other
 *   relation is refused;
 * - bounded: a live relation keeps the bindings of the secrets it shows now
 *   and of at most `MAX_REMEMBERED_SECRETS` it showed before; at most
 *   `MAX_GONE_SECRETS` bindings of relations that are gone are kept; the
 *   latest made are kept, the rest dropped.
 */
export function bindSecrets(
  previous: SecretBindings,
  relations: readonly RelationSnapshot[],
  sights: readonly SecretSight[],
): { bindings: Record<string, SecretBinding>; verdicts: Map<SecretSight, SecretVerdict> } {
  const live = new Map(relations.map((r) => [r.id, r]));
  const bindings: Record<string, SecretBinding> = Object.create(null) as Record<string, SecretBinding>;
  for (const [id, b] of Object.entries(previous)) bindings[id] = b;
  const byId = new Map<string, SecretSight[]>();
  for (const s of sights) {
    const list = byId.get(s.id);
    if (list) list.push(s);
    else byId.set(s.id, [s]);
  }
  const ambiguous = new Map<string, string[]>();
  for (const [id, seen] of [...byId].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bound = bindings[id];
    if (bound && live.has(bound.relation)) continue;
    // Unbound, or bound to a relation that is gone: only that relation's application may take it over.
    const candidates = seen.filter((s) => !bound || s.relation.application === bound.application);
    const rids = [...new Set(candidates.map((s) => s.relation.id))].sort(byAge);
    if (rids.length === 0) continue;
    const apps = new Set(rids.map((rid) => live.get(rid)!.application));
    if (apps.size > 1) ambiguous.set(id, rids);
    else {
      // A binding made (or moved) now goes to the end of the order: it is the latest.
      delete bindings[id];
      bindings[id] = { relation: rids[0]!, application: live.get(rids[0]!)!.application };
    }
  }
  const verdicts = new Map<SecretSight, SecretVerdict>();
  for (const s of sights) {
    const rid = s.relation.id;
    const what = `${s.endpoint}: ${ownerName(s)} points ${s.wire} on ${rid} to a secret`;
    const tied = ambiguous.get(s.id);
    const home = bindings[s.id];
    if (tied && !home) {
      const elsewhere = tied.filter((o) => o !== rid).join(", ");
      verdicts.set(s, {
        ok: false,
        message: `is not read: relations with different applications (${tied.join(", ")}) show the same secret for the first time, so it belongs to none of them`,
        warning: `${what} that ${elsewhere} shows too, for the first time in the same hook, from another application: it is read on none of them, and ${s.wire} counts as absent on each (remove the relation that should not have it)`,
      });
    } else if (home && home.relation === rid) verdicts.set(s, { ok: true });
    else {
      const where = `${home!.relation} (${home!.application}${live.has(home!.relation) ? "" : ", a relation that is gone"})`;
      verdicts.set(s, {
        ok: false,
        message: `belongs to another relation, ${where}, where this unit first saw it: it is not read on ${rid}`,
        warning: `${what} that belongs to ${where}, where this unit first saw it: it is not read on ${rid}, and ${s.wire} counts as absent there`,
      });
    }
  }
  // Bounded: the latest MAX_REMEMBERED_SECRETS a live relation does not show now, the latest MAX_GONE_SECRETS of gone relations.
  const shown = new Set(sights.filter((s) => bindings[s.id]?.relation === s.relation.id).map((s) => s.id));
  const groups = new Map<string, string[]>();
  for (const [id, b] of Object.entries(bindings)) {
    if (shown.has(id)) continue;
    const group = live.has(b.relation) ? b.relation : "";
    const list = groups.get(group);
    if (list) list.push(id);
    else groups.set(group, [id]);
  }
  for (const [group, ids] of groups) {
    const keep = group === "" ? MAX_GONE_SECRETS : MAX_REMEMBERED_SECRETS;
    for (const id of ids.slice(0, Math.max(0, ids.length - keep))) delete bindings[id];
  }
  return { bindings, verdicts };
}

/** What reading the secrets of every endpoint gave. */
export interface SecretsRead {
  /** Per endpoint (in the order given), its relations with the secrets their bags point to. */
  readonly snapshots: RelationSnapshot[][];
  /** The bindings to commit with the hook. */
  readonly bindings: Record<string, SecretBinding>;
  /** WARNINGs to log: secrets refused on a relation, once per change of the key's value (never the URI or the content). */
  readonly warnings: string[];
}

/**
 * Reads the secrets the other side's bags point to, for every endpoint of the
 * charm at once (the binding rule needs them all): at most one secret-get per
 * URI, none for a URI refused on every relation that shows it.
 */
export async function readSecrets(
  backend: Backend,
  endpoints: readonly { readonly endpoint: string; readonly definition: EndpointDefinition }[],
  loaded: readonly (readonly RelationSnapshot[])[],
  env: HookEnv,
  state: { readonly secretBindings?: SecretBindings; readonly seen: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> },
): Promise<SecretsRead> {
  const sights: SecretSight[] = [];
  endpoints.forEach(({ endpoint, definition }, i) => {
    const { unit: unitBinding, app: appBinding } = definition.remote;
    const look = (binding: BagBinding | null, relation: RelationSnapshot, owner: string, raw: RawBag): void => {
      for (const wire of Object.keys(binding?.secrets ?? {})) {
        const uri = raw[wire];
        if (uri) sights.push({ endpoint, relation, owner, wire, uri, id: secretId(uri) });
      }
    };
    for (const r of loaded[i]!) {
      look(appBinding, r, r.application, r.app);
      for (const u of r.units) look(unitBinding, r, u.name, u.raw);
    }
  });
  const previous = state.secretBindings ?? {};
  const { bindings, verdicts } = bindSecrets(previous, loaded.flat(), sights);

  const changed = env.secret ? secretId(env.secret.uri) : undefined;
  const reads = new Map<string, Promise<SecretRead>>();
  const read = (uri: string): Promise<SecretRead> => {
    let found = reads.get(uri);
    if (!found) reads.set(uri, (found = readOne(() => backend.secretGet({ uri }, secretId(uri) === changed ? { refresh: true } : {}))));
    return found;
  };
  const warnings: string[] = [];
  const results = await Promise.all(
    sights.map(async (s): Promise<SecretRead> => {
      const verdict = verdicts.get(s)!;
      if (verdict.ok) return read(s.uri);
      // Once per change of the key's value (or of where the secret belongs): a refused key stays refused quietly.
      const before = state.seen[s.relation.id]?.[s.owner]?.[s.wire];
      if (before !== valueDigest(s.uri) || previous[s.id]?.relation !== bindings[s.id]?.relation) warnings.push(verdict.warning);
      return { ok: false, reason: "foreign", message: verdict.message };
    }),
  );
  const found = new Map<RelationSnapshot, Record<string, Record<string, SecretRead>>>();
  sights.forEach((s, i) => {
    let byOwner = found.get(s.relation);
    if (!byOwner) found.set(s.relation, (byOwner = {}));
    (byOwner[s.owner] ??= {})[s.wire] = results[i]!;
  });
  const snapshots = loaded.map((relations) => relations.map((r) => (found.has(r) ? { ...r, secrets: found.get(r)! } : r)));
  return { snapshots, bindings, warnings };
}

/** Whether a read secret's content fits its schema. */
function fits(read: SecretRead | undefined, binding: BagBinding): boolean {
  return read?.ok === true && checkBag(read.content, binding.spec, binding.validate).issues.length === 0;
}

/** The bags the flag computer sees: a key whose secret cannot be read, or does not fit its schema, counts as absent. */
export function flagSnapshot(definition: EndpointDefinition, r: RelationSnapshot): FlagSnapshot {
  const strip = (binding: BagBinding | null, raw: RawBag, owner: string): RawBag => {
    if (!binding?.secrets) return raw;
    let out: Record<string, string> | null = null;
    for (const [wire, key] of Object.entries(binding.secrets)) {
      if (raw[wire] && !fits(r.secrets?.[owner]?.[wire], key.content)) {
        out ??= { ...raw };
        delete out[wire];
      }
    }
    return out ?? raw;
  };
  return {
    units: r.units.map((u) => ({ raw: strip(definition.remote.unit, u.raw, u.name) })),
    app: strip(definition.remote.app, r.app, r.application),
  };
}

/**
 * The content of the secret a bag's key points to, checked against its
 * schema: from this hook's read, or read again (`refresh`). Throws
 * SecretReadError, never showing the content.
 */
export async function secretContent(
  endpoint: string,
  r: RelationSnapshot,
  owner: string,
  binding: BagBinding,
  name: string,
  raw: RawBag,
  options: { refresh?: boolean },
  reread: (uri: string, refresh: boolean) => Promise<RawBag>,
): Promise<Record<string, unknown>> {
  const entry = Object.entries(binding.secrets ?? {}).find(([, k]) => k.ts === name);
  if (!entry) throw new SecretReadError(endpoint, r.id, name, "missing", "is not a secret key of this bag");
  const [wire, key] = entry;
  const uri = raw[wire];
  if (!uri) throw new SecretReadError(endpoint, r.id, wire, "missing", `is not published (${owner} has not set ${wire})`);
  let read = r.secrets?.[owner]?.[wire];
  // A secret that belongs to another relation is never read on this one, not even with refresh.
  if (read?.ok === false && read.reason === "foreign") throw new SecretReadError(endpoint, r.id, wire, "foreign", read.message);
  if (options.refresh || !read) read = await readOne(() => reread(uri, options.refresh === true));
  if (!read.ok) throw new SecretReadError(endpoint, r.id, wire, read.reason, read.message);
  const checked = checkBag(read.content, key.content.spec, key.content.validate);
  if (checked.issues.length > 0) {
    const problems = checked.issues.map((i) => `${i.key}: ${i.message}`).join("; ");
    throw new SecretReadError(endpoint, r.id, wire, "invalid", `does not fit its schema (${problems})`);
  }
  // By TypeScript name, as the generated content type has it.
  const out: Record<string, unknown> = {};
  for (const k of key.content.spec.keys) if (checked.decoded.has(k.wire)) out[k.ts] = checked.decoded.get(k.wire);
  return out;
}

/**
 * Creates (and grants) or updates the secrets staged for one relation; returns
 * the URIs to publish in the application bag, by key.
 */
export async function flushSecrets(backend: Backend, endpoint: string, relationId: string, staged: ReadonlyMap<string, RawBag>, published: RawBag | null): Promise<Record<string, string>> {
  const uris: Record<string, string> = {};
  for (const [wire, content] of staged) {
    const label = secretLabel(endpoint, relationId, wire);
    const info = await backend.secretInfo({ label });
    if (!info) {
      const uri = await backend.secretAdd(content, { label, owner: "application" });
      await backend.secretGrant(uri, relationId);
      uris[wire] = uri;
      continue;
    }
    const uri = published?.[wire] && secretId(published[wire]!) === info.id ? published[wire]! : `secret:${info.id}`;
    const current = await backend.secretGet({ uri }, { peek: true });
    const same = Object.keys(current).length === Object.keys(content).length && Object.entries(content).every(([k, v]) => current[k] === v);
    if (!same) await backend.secretSet(uri, content);
    uris[wire] = uri;
  }
  return uris;
}

/** In a relation's -relation-broken hook, the leader revokes and removes the secrets it published on it. */
export async function removeRelationSecrets(backend: Backend, endpoint: string, definition: EndpointDefinition, relationId: string): Promise<number> {
  let removed = 0;
  for (const wire of Object.keys(definition.local.app?.secrets ?? {})) {
    const info = await backend.secretInfo({ label: secretLabel(endpoint, relationId, wire) });
    if (!info) continue;
    const uri = `secret:${info.id}`;
    try {
      await backend.secretRevoke(uri, relationId);
    } catch (e) {
      // The relation may be gone already; removing the secret drops every grant anyway.
      if (!(e instanceof HookToolError)) throw e;
    }
    await backend.secretRemove(uri);
    removed++;
  }
  return removed;
}
