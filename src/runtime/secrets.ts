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
 * Writing: the leader's `publishSecret` stages content; at flush the secret
 * is created once per relation and key (application-owned, labelled
 * `<endpoint>.<relation number>.<key>`), granted to the relation, and its
 * URI published; later, its content is set again only when it changed. When
 * the relation is broken, the leader revokes and removes it.
 */
import type { Backend, RawBag } from "./backend.js";
import { checkBag } from "./bag.js";
import { HookToolError, SecretAccessError, SecretNotFoundError } from "./errors.js";
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
    readonly reason: "missing" | "not-found" | "denied" | "failed" | "invalid",
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

/** Reads the secrets the other side's bags point to (at most one secret-get per URI). */
export async function readSecrets(backend: Backend, definition: EndpointDefinition, relations: readonly RelationSnapshot[], env: HookEnv): Promise<RelationSnapshot[]> {
  const { unit: unitBinding, app: appBinding } = definition.remote;
  if (!unitBinding?.secrets && !appBinding?.secrets) return [...relations];
  const changed = env.secret ? secretId(env.secret.uri) : undefined;
  const reads = new Map<string, Promise<SecretRead>>();
  const read = (uri: string): Promise<SecretRead> => {
    let found = reads.get(uri);
    if (!found) reads.set(uri, (found = readOne(() => backend.secretGet({ uri }, secretId(uri) === changed ? { refresh: true } : {}))));
    return found;
  };
  const forBag = async (binding: BagBinding | null, raw: RawBag): Promise<Record<string, SecretRead> | null> => {
    if (!binding?.secrets) return null;
    const out: Record<string, SecretRead> = {};
    for (const wire of Object.keys(binding.secrets)) {
      const uri = raw[wire];
      if (uri) out[wire] = await read(uri);
    }
    return Object.keys(out).length > 0 ? out : null;
  };
  return Promise.all(
    relations.map(async (r) => {
      const secrets: Record<string, Record<string, SecretRead>> = {};
      const app = await forBag(appBinding, r.app);
      if (app) secrets[r.application] = app;
      for (const u of r.units) {
        const bag = await forBag(unitBinding, u.raw);
        if (bag) secrets[u.name] = bag;
      }
      return Object.keys(secrets).length > 0 ? { ...r, secrets } : r;
    }),
  );
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
