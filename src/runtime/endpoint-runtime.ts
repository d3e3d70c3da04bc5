/**
 * One endpoint during one hook: serves the bound endpoint's port from the
 * snapshot, stages its writes, and flushes them at the end of a successful
 * hook as one `relation-set` per relation (and bag) carrying only the keys
 * whose bytes changed — no call at all when nothing changed. Ingress keys are
 * published raw from `network-get`, or from an override a setter asked for.
 */
import type { Backend, RawBag } from "./backend.js";
import { decodeJson } from "./codec.js";
import { HookToolError } from "./errors.js";
import type { HookEnv } from "./hook-env.js";
import type { EndpointDefinition, EndpointPort, RelationSnapshot, WriteTarget } from "./port.js";
import { heldFact, knownValue, knownValues } from "./held-bag.js";
import { secretDigest } from "./read-cache.js";
import { flagSnapshot, flushSecrets, removeRelationSecrets } from "./secrets.js";

type Staged = Map<string, string>;

export class EndpointRuntime implements EndpointPort {
  readonly #unitWrites = new Map<string, Staged>();
  readonly #appWrites = new Map<string, Staged>();
  /** Secret contents staged per relation, by the application bag key that will carry the URI. */
  readonly #secretWrites = new Map<string, Map<string, RawBag>>();
  readonly #flags: ReadonlyMap<string, Readonly<Record<string, boolean>>>;
  #warned = false;
  /** The ingress override in force: from earlier hooks, or set by a setter in this one. */
  ingressOverride: string | undefined;
  /** Relations whose own bags this hook wrote (the read cache reads them again in the next hook). */
  readonly written = new Set<string>();

  constructor(
    readonly endpoint: string,
    readonly definition: EndpointDefinition,
    readonly snapshot: readonly RelationSnapshot[],
    private readonly backend: Backend,
    private readonly leader: () => boolean,
    private readonly warn: (message: string) => void,
    ingressOverride: string | undefined,
  ) {
    this.ingressOverride = ingressOverride;
    this.#flags = new Map(snapshot.map((r) => [r.id, Object.freeze(definition.computeFlags(flagSnapshot(definition, r)))]));
  }

  readSecret(uri: string, options: { refresh?: boolean; peek?: boolean }): Promise<RawBag> {
    return this.backend.secretGet({ uri }, options.peek ? { peek: true } : options.refresh ? { refresh: true } : {});
  }

  writeSecret(target: WriteTarget, wire: string, content: RawBag): void {
    const ids = this.snapshot.map((r) => r.id);
    const targets = target === "all" ? ids : target === "first" ? ids.slice(0, 1) : ids.filter((id) => id === target.relation);
    if (typeof target === "object" && targets.length === 0) throw new Error(`endpoint ${this.endpoint} has no relation ${target.relation} in this hook`);
    for (const id of targets) {
      let staged = this.#secretWrites.get(id);
      if (!staged) this.#secretWrites.set(id, (staged = new Map()));
      staged.set(wire, content);
    }
  }

  /** In the endpoint's -relation-broken hook, the leader removes the secrets it published on that relation. */
  async removeBrokenSecrets(env: HookEnv): Promise<void> {
    const rel = env.relation;
    if (rel?.kind !== "broken" || rel.endpoint !== this.endpoint || !this.definition.local.app?.secrets || !this.leader()) return;
    await removeRelationSecrets(this.backend, this.endpoint, this.definition, rel.id);
  }

  relations(): readonly RelationSnapshot[] {
    return this.snapshot;
  }

  flagsOf(relationId: string): Readonly<Record<string, boolean>> {
    return this.#flags.get(relationId) ?? {};
  }

  /** The interface flags of the endpoint: a flag is set when it holds on some relation. */
  interfaceFlags(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const name of this.definition.flags) out[name] = [...this.#flags.values()].some((f) => f[name] === true);
    return out;
  }

  isLeader(): boolean {
    return this.leader();
  }

  write(target: WriteTarget, scope: "unit" | "app", values: RawBag): void {
    const ids = this.snapshot.map((r) => r.id);
    const targets = target === "all" ? ids : target === "first" ? ids.slice(0, 1) : ids.filter((id) => id === target.relation);
    if (targets.length === 0) {
      if (typeof target === "object") throw new Error(`endpoint ${this.endpoint} has no relation ${target.relation} in this hook`);
      if (!this.#warned) {
        this.#warned = true;
        this.warn(`No ${this.definition.interface} relation on endpoint ${this.endpoint}: possibly departing. Nothing was published.`);
      }
      return;
    }
    const staging = scope === "unit" ? this.#unitWrites : this.#appWrites;
    for (const id of targets) {
      let staged = staging.get(id);
      if (!staged) staging.set(id, (staged = new Map()));
      for (const key of Object.keys(values)) staged.set(key, values[key]!);
    }
  }

  overrideIngress(address: string): void {
    this.ingressOverride = address;
  }

  /** Secret values this hook reads or will publish, so that errors can be scrubbed of them. */
  secretValues(): string[] {
    const out: string[] = [];
    // Every value of a secret's content is secret, read or staged.
    for (const r of this.snapshot) for (const owner of Object.values(r.secrets ?? {})) for (const read of Object.values(owner)) if (read.ok) out.push(...Object.values(read.content));
    for (const staged of this.#secretWrites.values()) for (const content of staged.values()) out.push(...Object.values(content));
    const keys = this.definition.secretKeys;
    if (keys.length === 0) return out;
    const bags: RawBag[] = this.snapshot.flatMap((r) => [r.local ?? {}, r.localApp ?? {}, r.app, ...r.units.map((u) => u.raw)]);
    for (const staged of [...this.#unitWrites.values(), ...this.#appWrites.values()]) bags.push(Object.fromEntries(staged));
    for (const bag of bags) {
      for (const key of keys) {
        // A held key not read again in this hook: its value is in no memory of this process.
        const raw = knownValue(bag, key);
        if (raw === undefined) continue;
        out.push(raw);
        const decoded = decodeJson(raw);
        if (typeof decoded === "string") out.push(decoded);
      }
    }
    return out;
  }

  /**
   * On a peer relation, the values of the application bag, read or staged:
   * charms keep shared secrets there, so errors and logs are scrubbed of them.
   */
  sharedValues(): string[] {
    if (this.definition.role !== "peers") return [];
    const out: string[] = [];
    for (const r of this.snapshot) out.push(...knownValues(r.app), ...knownValues(r.localApp ?? {}));
    for (const staged of this.#appWrites.values()) out.push(...staged.values());
    return out;
  }

  /** Stages the ingress keys on every relation (raw), from the override or `network-get`. */
  async stageIngress(networkAddress: (binding: string) => Promise<string>, log: (message: string) => void): Promise<void> {
    const ingress = this.definition.ingress;
    if (!ingress || this.snapshot.length === 0) return;
    let address = this.ingressOverride;
    if (address === undefined) {
      try {
        address = await networkAddress(ingress.binding ?? this.endpoint);
      } catch (e) {
        if (e instanceof HookToolError && /no network config found/.test(e.stderr)) {
          log(`endpoint ${this.endpoint}: no network binding; ingress address not published`);
          return;
        }
        throw e;
      }
    }
    const values: Record<string, string> = {};
    for (const key of ingress.keys) values[key] = address;
    this.write("all", "unit", values);
  }

  /** Writes what changed. Returns the number of relation-set calls made. */
  async flush(backend: Backend, readOwn: (relation: RelationSnapshot, scope: "unit" | "app") => Promise<RawBag>): Promise<number> {
    let calls = 0;
    for (const relation of this.snapshot) {
      const unitStaged = this.#unitWrites.get(relation.id);
      const unitChanges = unitStaged && unitStaged.size > 0 ? changes(await readOwn(relation, "unit"), unitStaged) : null;
      if (unitChanges) {
        await backend.relationSet(relation.id, unitChanges);
        this.written.add(relation.id);
        calls++;
      }
      const secretsStaged = this.#secretWrites.get(relation.id);
      if (secretsStaged && secretsStaged.size > 0) {
        // The secrets first: their URIs go in the application bag with the rest.
        const uris = await flushSecrets(backend, this.endpoint, relation.id, secretsStaged, relation.localApp);
        let appStaged = this.#appWrites.get(relation.id);
        if (!appStaged) this.#appWrites.set(relation.id, (appStaged = new Map()));
        for (const [wire, uri] of Object.entries(uris)) appStaged.set(wire, uri);
      }
      const appStaged = this.#appWrites.get(relation.id);
      if (appStaged && appStaged.size > 0) {
        const appChanges = changes(await readOwn(relation, "app"), appStaged);
        if (appChanges) {
          await backend.relationSet(relation.id, appChanges, { app: true });
          this.written.add(relation.id);
          calls++;
        }
      }
    }
    return calls;
  }
}

/** The staged keys whose bytes differ from the current bag (`""` deletes), or null. */
function changes(current: RawBag, staged: Staged | undefined): Record<string, string> | null {
  if (!staged) return null;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let any = false;
  for (const [key, value] of staged) {
    const has = Object.prototype.hasOwnProperty.call(current, key);
    // A held secret key (read cache) is compared by its digest, without reading it again.
    const fact = has ? heldFact(current, key) : undefined;
    const same = fact ? value !== "" && secretDigest(value) === fact.digest : value === "" ? !has || current[key] === "" : has && current[key] === value;
    if (!same) {
      out[key] = value;
      any = true;
    }
  }
  return any ? out : null;
}
