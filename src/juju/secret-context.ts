/**
 * The secret side of one unit's hook context: what the secret tools may see
 * and do, with Juju's rules (`juju-hook-contract.md` §1.10): a secret is
 * read by its owner and by the applications it was granted to over a live
 * relation; it is changed by its owning unit or the leader of its owning
 * application; a first read starts tracking the latest revision, later reads
 * give the tracked one unless `--peek` or `--refresh`; and what a hook
 * creates, changes, grants, revokes or removes takes effect only when the
 * hook succeeds (though it is visible to the hook itself at once).
 */
import type { Model, Unit } from "./model.js";
import { canManage, canRead, commitSecrets, newPendingSecrets, sameContent, type Content, type Secret, type SecretMeta } from "./secrets.js";
import { RunError } from "./tools/flags.js";
import type { SecretContext, SecretInfo, SecretRef } from "./tools/types.js";

const quote = (s: string): string => JSON.stringify(s);

export class SecretsInHook implements SecretContext {
  #pending = newPendingSecrets();

  constructor(
    private readonly model: Model,
    private readonly unit: Unit,
    private readonly isLeader: () => boolean,
  ) {}

  private get store() {
    return this.model.secrets;
  }

  private relationAlive = (id: number): boolean => {
    const rel = this.model.relations.get(id);
    return rel !== undefined && rel.life !== "removed";
  };

  /** A secret as this hook sees it: committed, or created in this hook; not one removed in this hook. */
  private lookup(id: string): Secret | undefined {
    if (this.#pending.removed.get(id) === "all") return undefined;
    return this.#pending.created.get(id) ?? this.store.secrets.get(id);
  }

  private manages(s: Secret): boolean {
    return canManage(s, this.unit.name, this.unit.app, this.isLeader());
  }

  /** The secrets this unit manages: its own, and its application's when it leads. */
  private owned(): Secret[] {
    const all = new Map<string, Secret>([...this.store.secrets, ...this.#pending.created]);
    return [...all.values()].filter((s) => this.lookup(s.id) !== undefined && this.manages(s));
  }

  private ownerLabel(s: Secret): string {
    return this.#pending.updated.get(s.id)?.meta.label ?? s.meta.label;
  }

  /** A secret this unit manages, by id or owner label; Juju says "not found" for anything else. */
  private managed(ref: SecretRef): Secret {
    const found = ref.id !== undefined ? this.lookup(ref.id) : this.owned().find((s) => this.ownerLabel(s) === ref.label);
    if (!found || (ref.id !== undefined && !this.owned().includes(found))) {
      if (found && found.owner.kind === "application" && found.owner.name === this.unit.app) throw new RunError("this unit is not the leader");
      throw new RunError(`secret ${quote(ref.id ?? ref.label ?? "")} not found`);
    }
    return found;
  }

  secretCreate(content: Content, owner: "application" | "unit", meta: SecretMeta): string {
    if (owner === "application" && !this.isLeader()) throw new RunError("this unit is not the leader");
    if (meta.label !== "" && this.owned().some((s) => this.ownerLabel(s) === meta.label)) {
      throw new RunError(`secret with label ${quote(meta.label)} already exists`);
    }
    const id = this.store.newId();
    const secret: Secret = {
      id,
      owner: { kind: owner, name: owner === "application" ? this.unit.app : this.unit.name },
      meta: { ...meta },
      revisions: new Map([[1, { ...content }]]),
      latest: 1,
      grants: [],
      tracking: new Map(),
    };
    this.#pending.created.set(id, secret);
    return this.store.uri(id);
  }

  secretRead(ref: SecretRef, mode: "tracked" | "peek" | "refresh"): Content {
    let secret: Secret | undefined;
    if (ref.id !== undefined) secret = this.lookup(ref.id);
    else {
      // A label: an owner label of this unit's (or its application's) secrets, else this unit's consumer label.
      const byOwner = [...this.store.secrets.values(), ...this.#pending.created.values()].find(
        (s) => this.lookup(s.id) && (s.owner.kind === "application" ? s.owner.name === this.unit.app : s.owner.name === this.unit.name) && this.ownerLabel(s) === ref.label,
      );
      secret = byOwner ?? [...this.store.secrets.values()].find((s) => s.tracking.get(this.unit.name)?.label === ref.label);
    }
    if (!secret) throw new RunError(`secret ${quote(ref.uri ?? ref.label ?? "")} not found`);
    if (!canRead(secret, this.unit.name, this.unit.app, this.relationAlive)) throw new RunError("permission denied");

    const created = this.#pending.created.get(secret.id);
    if (created) return created.revisions.get(created.latest)!;
    const update = this.#pending.updated.get(secret.id);
    if (update?.content && mode !== "tracked") return update.content;

    // Tracking: the first read starts at the latest revision; later reads see the tracked one.
    const consumerLabel = ref.id !== undefined && ref.label !== undefined && !this.manages(secret) ? ref.label : undefined;
    let tracking = secret.tracking.get(this.unit.name);
    if (!tracking) {
      tracking = { label: consumerLabel ?? "", current: secret.latest, notified: secret.latest };
      secret.tracking.set(this.unit.name, tracking);
    } else if (consumerLabel !== undefined) tracking.label = consumerLabel;
    if (mode === "refresh") tracking.current = secret.latest;
    const revision = mode === "peek" ? secret.latest : tracking.current;
    return secret.revisions.get(revision) ?? secret.revisions.get(secret.latest)!;
  }

  secretUpdate(ref: SecretRef, content: Content | undefined, meta: Partial<SecretMeta>): void {
    const secret = this.managed(ref);
    const created = this.#pending.created.get(secret.id);
    if (created) {
      // Changes to a secret created in this hook fold into its first revision.
      if (content) created.revisions.set(1, { ...content });
      created.meta = { ...created.meta, ...meta };
      return;
    }
    const before = this.#pending.updated.get(secret.id);
    const latest = secret.revisions.get(secret.latest);
    const changed = content !== undefined && !(latest && sameContent(latest, content)) ? content : before?.content;
    this.#pending.updated.set(secret.id, { ...(changed ? { content: { ...changed } } : {}), meta: { ...before?.meta, ...meta } });
  }

  secretRemove(ref: SecretRef, revision: number): void {
    const secret = this.managed(ref);
    if (this.#pending.created.has(secret.id) && revision <= 0) {
      this.#pending.created.delete(secret.id);
      this.#pending.grants.delete(secret.id);
      return;
    }
    this.#pending.updated.delete(secret.id);
    this.#pending.grants.delete(secret.id);
    if (revision <= 0) this.#pending.removed.set(secret.id, "all");
    else {
      const before = this.#pending.removed.get(secret.id);
      if (before !== "all") this.#pending.removed.set(secret.id, [...(before ?? []), revision]);
    }
  }

  secretGrant(ref: SecretRef, relationId: number, unit: string): void {
    const secret = this.managed(ref);
    const rel = this.model.relation(relationId);
    const remote = this.model.remoteAppOf(rel, this.unit.app);
    const grant = { target: unit || remote, kind: unit ? ("unit" as const) : ("application" as const), relationId, relationKey: rel.key };
    const list = this.#pending.grants.get(secret.id) ?? [];
    if (!list.some((g) => g.target === grant.target && g.relationId === relationId)) list.push(grant);
    this.#pending.grants.set(secret.id, list);
  }

  secretRevoke(ref: SecretRef, target: { relationId?: number; app?: string; unit?: string }): void {
    const secret = this.managed(ref);
    const list = this.#pending.revokes.get(secret.id) ?? [];
    if (target.relationId !== undefined) {
      const rel = this.model.relation(target.relationId);
      list.push({ relationId: target.relationId, target: target.unit || this.model.remoteAppOf(rel, this.unit.app) });
    } else {
      for (const g of secret.grants) if (g.target === (target.unit || target.app)) list.push({ relationId: g.relationId, target: g.target });
    }
    this.#pending.revokes.set(secret.id, list);
    // A grant made earlier in this hook is simply dropped.
    const granted = this.#pending.grants.get(secret.id);
    if (granted) this.#pending.grants.set(secret.id, granted.filter((g) => !list.some((r) => r.relationId === g.relationId && r.target === g.target)));
  }

  secretIds(): string[] {
    return this.owned().map((s) => s.id);
  }

  secretInfo(ref: SecretRef): SecretInfo {
    const secret = this.managed(ref);
    const update = this.#pending.updated.get(secret.id);
    const meta = { ...secret.meta, ...update?.meta };
    const grants = [...secret.grants, ...(this.#pending.grants.get(secret.id) ?? [])].filter(
      (g) => !(this.#pending.revokes.get(secret.id) ?? []).some((r) => r.relationId === g.relationId && r.target === g.target),
    );
    return {
      id: secret.id,
      revision: secret.latest + (update?.content ? 1 : 0),
      label: meta.label,
      owner: secret.owner.kind as "application" | "unit", // managed: a charm never manages a user (model) secret
      description: meta.description,
      rotation: meta.rotate,
      expiry: meta.expire,
      access: grants.map((g) => ({
        target: g.kind === "application" ? `application-${g.target}` : `unit-${g.target.replace("/", "-")}`,
        scope: `relation-${g.relationKey.replace(/ /g, "#").replace(/:/g, ".")}`,
        role: "view" as const,
      })),
    };
  }

  /** The hook succeeded: its secret changes take effect. */
  commit(): void {
    commitSecrets(this.store, this.#pending);
    this.#pending = newPendingSecrets();
  }

  /** The hook failed: its secret changes are dropped. */
  discard(): void {
    this.#pending = newPendingSecrets();
  }
}
