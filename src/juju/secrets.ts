/**
 * Juju secrets in the model: secrets with their revisions, owner, labels,
 * grants scoped to relations, and the units that track them; who may read
 * and who may manage one; and the changes a hook makes, which Juju applies
 * only when the hook succeeds. Content is kept as Juju keeps it: each value
 * base64-encoded.
 */
import { createHash } from "node:crypto";

/** `model`: a user secret (`juju add-secret`), owned by the model, readable where it is granted. */
export type SecretOwnerKind = "application" | "unit" | "model";
export type Content = Readonly<Record<string, string>>;

export interface Grant {
  /** An application or a unit name. */
  readonly target: string;
  readonly kind: "application" | "unit";
  /** The relation the grant is scoped to: it goes with the relation; -1 for a user secret's grant (`juju grant-secret`), which has none. */
  readonly relationId: number;
  /** Juju's relation key, for `secret-info-get`'s scope. */
  readonly relationKey: string;
}

/** A unit that read the secret: the revision it sees, and the last revision it ran secret-changed for. */
export interface Tracking {
  label: string;
  current: number;
  notified: number;
}

export interface SecretMeta {
  label: string;
  description: string;
  rotate: string;
  expire: string;
}

export interface Secret {
  readonly id: string;
  readonly owner: { readonly kind: SecretOwnerKind; readonly name: string };
  meta: SecretMeta;
  /** Revision number -> content (base64 values). */
  readonly revisions: Map<number, Content>;
  latest: number;
  grants: Grant[];
  readonly tracking: Map<string, Tracking>;
}

/** `secret:<id>` and the other forms Juju accepts; returns the 20-character id. */
export function parseSecretUri(text: string): string | null {
  const m =
    /^secret:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/([0-9a-v]{20})$/.exec(text) ??
    /^(?:secret:)?(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/)?([0-9a-v]{20})$/.exec(text);
  return m ? m[1]! : null;
}

/** Content equality, as Juju's checksum compares it. */
export function sameContent(a: Content, b: Content): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

export class SecretStore {
  readonly secrets = new Map<string, Secret>();
  modelUuid = "00000000-0000-4000-8000-000000000000";
  /** Secrets made so far: the next id derives from it (part of the model's value, see value.ts). */
  counter = 0;

  /** A new id: 20 characters of base32hex, derived from the model so that a seeded run repeats. */
  newId(): string {
    const alphabet = "0123456789abcdefghijklmnopqrstuv";
    const digest = createHash("sha256").update(`${this.modelUuid}/${++this.counter}`).digest();
    let id = "";
    for (let i = 0; id.length < 20; i++) id += alphabet[digest[i]! & 31];
    return id;
  }

  /** The URI `secret-add` prints (a 3.1+ controller adds the model's UUID). */
  uri(id: string): string {
    return `secret://${this.modelUuid}/${id}`;
  }

  /** Grants go with the relation they are scoped to. */
  dropGrants(relationId: number): void {
    for (const s of this.secrets.values()) s.grants = s.grants.filter((g) => g.relationId !== relationId);
  }

  /** A unit's secret-changed hooks to run: tracked secrets with a newer latest revision. */
  changedFor(unit: string): Secret[] {
    return [...this.secrets.values()].filter((s) => {
      const t = s.tracking.get(unit);
      return t !== undefined && s.latest > 1 && s.latest !== t.notified;
    });
  }
}

/** Who may read a secret: the owner (every unit of an owning application), and what a live grant covers. */
export function canRead(secret: Secret, unit: string, app: string, relationAlive: (id: number) => boolean): boolean {
  if (secret.owner.kind === "application" ? secret.owner.name === app : secret.owner.name === unit) return true;
  return secret.grants.some((g) => (g.relationId < 0 || relationAlive(g.relationId)) && (g.kind === "application" ? g.target === app : g.target === unit));
}

/** Who may change a secret: the owning unit, or the leader of the owning application. */
export function canManage(secret: Secret, unit: string, app: string, leader: boolean): boolean {
  if (secret.owner.kind === "model") return false; // a user secret is the model's: `juju update-secret` changes it
  return secret.owner.kind === "application" ? secret.owner.name === app && leader : secret.owner.name === unit;
}

/** What one hook did to secrets; applied when the hook exits 0. */
export interface PendingSecrets {
  readonly created: Map<string, Secret>;
  readonly updated: Map<string, { content?: Content; meta: Partial<SecretMeta> }>;
  readonly removed: Map<string, number[] | "all">;
  readonly grants: Map<string, Grant[]>;
  readonly revokes: Map<string, { readonly relationId: number; readonly target: string }[]>;
}

export function newPendingSecrets(): PendingSecrets {
  return { created: new Map(), updated: new Map(), removed: new Map(), grants: new Map(), revokes: new Map() };
}

/** Applies a hook's secret changes to the store (the hook exited 0). */
export function commitSecrets(store: SecretStore, pending: PendingSecrets): void {
  for (const [id, secret] of pending.created) store.secrets.set(id, secret);
  for (const [id, change] of pending.updated) {
    const s = store.secrets.get(id);
    if (!s) continue;
    s.meta = { ...s.meta, ...change.meta };
    const latest = s.revisions.get(s.latest);
    if (change.content && (!latest || !sameContent(latest, change.content))) {
      s.latest += 1;
      s.revisions.set(s.latest, change.content);
    }
  }
  for (const [id, grants] of pending.grants) {
    const s = store.secrets.get(id);
    if (!s) continue;
    for (const g of grants) if (!s.grants.some((x) => x.target === g.target && x.relationId === g.relationId)) s.grants.push(g);
  }
  for (const [id, revokes] of pending.revokes) {
    const s = store.secrets.get(id);
    if (!s) continue;
    s.grants = s.grants.filter((g) => !revokes.some((r) => r.relationId === g.relationId && (r.target === g.target || r.target === "*")));
  }
  for (const [id, revisions] of pending.removed) {
    const s = store.secrets.get(id);
    if (!s) continue;
    if (revisions === "all") {
      store.secrets.delete(id);
      continue;
    }
    for (const r of revisions) s.revisions.delete(r);
    if (s.revisions.size === 0) store.secrets.delete(id);
  }
}
