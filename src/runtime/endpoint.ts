/**
 * The base of every generated endpoint. A factory such as
 * `mysqlClientRequirer("database")` returns one, unbound: it belongs to the
 * charm that lists it in `defineCharm({ endpoints })`, which binds it to the
 * hook that charm is running and unbinds it when the hook ends. There is no
 * module-level registry and no "active hook" global: two charms can run in
 * one process, each with its own endpoints, and one charm can run several
 * hooks at once. A binding made during a charm's run() lives in that run's
 * async context (scope.ts), so the endpoint object serves each hook from the
 * code of that hook; one made outside any run (a test binding an endpoint to
 * a port by hand) is the endpoint's own, as before.
 *
 * What the generated subclass adds is types and names; reading (typed,
 * validated views of every relation), writing (checked and encoded values)
 * and leadership checks live here once.
 */
import type { RawBag } from "./backend.js";
import { checkBag, encodeForWrite, encodeOpen, PublishError, readBag, readOpenBag, type BagView } from "./bag.js";
import type { BagBinding, EndpointDefinition, EndpointPort, RelationSnapshot, WriteTarget } from "./port.js";
import { currentScope, portOf } from "./scope.js";
import { secretContent } from "./secrets.js";

/** A hook is using an endpoint that is not bound to it, or the endpoint is used outside any hook. */
export class NotBoundError extends Error {
  override readonly name = "NotBoundError";
}

/** An application-bag write by a unit that does not lead its application. */
export class NotLeaderError extends Error {
  override readonly name = "NotLeaderError";
  constructor(
    readonly endpoint: string,
    /** The relation (`database:3`), or "" when the write was for every relation. */
    readonly relation: string,
    /** The setter, e.g. `publishApp`. */
    readonly setter: string,
  ) {
    super(
      `${endpoint}.${setter}${relation ? ` on ${relation}` : ""}: only the leader may write the application bag, and this unit is not the leader ` +
        "(guard the handler with isLeader())",
    );
  }
}

/** A remote unit with its typed data. */
export type RemoteUnitView<T = Readonly<Record<string, unknown>>, K extends keyof T & string = keyof T & string> = BagView<T, K> & {
  /** Unit name, e.g. `mysql/1`. */
  readonly name: string;
  /** Relation id, e.g. `database:3`. */
  readonly relationId: string;
};

/**
 * One relation of an endpoint, as the runtime builds it. A generated endpoint
 * gives it a type of its own (`MysqlClientRequirerRelation`), with its bags'
 * views, flags and publish values.
 */
export interface RelationView {
  /** e.g. `database:3`. */
  readonly id: string;
  /** The application at the other end (the own one for a peer relation). */
  readonly application: string;
  /** The joined remote units, sorted, with typed and validated views. */
  readonly units: readonly RemoteUnitView[];
  /** The other side's application bag (the own application's for a peer relation), typed and validated. */
  readonly app: BagView<Readonly<Record<string, unknown>>, string>;
  /** The interface flags on this relation. */
  readonly flags: Readonly<Record<string, boolean>>;
  /**
   * What this side has published on the relation: this unit's bag, and the
   * application's bag (null where this unit may not read it: a non-leader on a
   * non-peer relation, or where this side's schema declares no application
   * keys). Committed values, without this hook's staged writes.
   */
  readonly local: {
    readonly unit: BagView<Readonly<Record<string, unknown>>, string>;
    readonly app: BagView<Readonly<Record<string, unknown>>, string> | null;
  };
  /** Publishes values in this unit's bag, on this relation only. */
  publish(values: object): void;
  /** Publishes values in the application's bag, on this relation only (the leader only). */
  publishApp(values: object): void;
  /** Publishes a secret's content for an application-bag key, on this relation only (the leader only). */
  publishSecret(name: string, content: object): void;
}

export const BIND: unique symbol = Symbol("relgen.bind");
export const UNBIND: unique symbol = Symbol("relgen.unbind");

interface Views {
  readonly source: readonly RelationSnapshot[];
  readonly relations: readonly RelationView[];
  readonly units: readonly RemoteUnitView[];
}

export abstract class EndpointBinding<E extends string = string> {
  /** The port bound outside any charm's run (by hand, in tests). */
  #port: EndpointPort | null = null;
  /** Typed views, per port (one per hook that uses the endpoint). */
  readonly #views = new WeakMap<EndpointPort, Views>();

  protected constructor(
    /** The endpoint name in metadata.yaml, e.g. `database`. */
    readonly endpoint: E,
    /** What the runtime needs to know of this side of the interface. */
    readonly definition: EndpointDefinition,
  ) {}

  /**
   * Binds the endpoint to the hook that is running (the runtime calls this):
   * in the scope of the charm's run() that is starting, or, outside any, to
   * the endpoint itself.
   */
  [BIND](port: EndpointPort): void {
    if (portOf(this) ?? this.#port) throw new NotBoundError(`endpoint ${JSON.stringify(this.endpoint)} is already bound to a hook that is running: an endpoint serves one hook at a time`);
    const scope = currentScope();
    if (scope?.accepting) scope.ports.set(this, port);
    else this.#port = port;
  }

  [UNBIND](): void {
    for (let s = currentScope(); s; s = s.parent) if (s.ports.delete(this)) return;
    this.#port = null;
  }

  /** The hook's port; throws when the endpoint is used outside a hook of the charm that owns it. */
  protected get port(): EndpointPort {
    const port = portOf(this) ?? this.#port;
    if (!port) {
      throw new NotBoundError(
        `endpoint ${JSON.stringify(this.endpoint)} was used outside a hook: use it from a handler of the charm whose defineCharm({ endpoints }) lists it`,
      );
    }
    return port;
  }

  /** Relation ids of the endpoint, sorted as strings, e.g. `["database:19"]`. */
  relationIds(): readonly string[] {
    return this.port.relations().map((r) => r.id);
  }

  private views(): Views {
    const port = this.port;
    const source = port.relations();
    const cached = this.#views.get(port);
    if (cached?.source === source) return cached;
    const { remote, local } = this.definition;
    const view = <X extends object>(binding: BagBinding | null, raw: RawBag, extra?: X) =>
      binding ? readBag(raw, binding.spec, binding.validate, extra) : { ...readOpenBag(raw), ...(extra as X) };
    // A remote bag whose keys point to secrets reads them through its view.
    const reader = (r: RelationSnapshot, owner: string, binding: BagBinding | null, raw: RawBag) =>
      binding?.secrets
        ? { secret: (name: string, options: { refresh?: boolean } = {}) => secretContent(this.endpoint, r, owner, binding, name, raw, options, (uri, refresh) => this.port.readSecret(uri, { refresh })) }
        : {};
    const ownSecrets = (r: RelationSnapshot, raw: RawBag) =>
      local.app?.secrets
        ? { secret: (name: string) => secretContent(this.endpoint, { ...r, secrets: {} }, "this application", local.app!, name, raw, {}, (uri) => this.port.readSecret(uri, { peek: true })) }
        : {};
    const unitView = (r: RelationSnapshot, name: string, raw: RawBag): RemoteUnitView =>
      Object.freeze(view(remote.unit, raw, { ...reader(r, name, remote.unit, raw), name, relationId: r.id })) as RemoteUnitView;
    const relations = source.map((r) =>
      Object.freeze({
        id: r.id,
        application: r.application,
        units: Object.freeze(r.units.map((u) => unitView(r, u.name, u.raw))),
        app: Object.freeze(view(remote.app, r.app, reader(r, r.application, remote.app, r.app))),
        flags: Object.freeze({ ...port.flagsOf(r.id) }),
        local: Object.freeze({
          unit: view(local.unit, r.local ?? {}),
          // The secrets this side published: read as their owner does, the latest revision (--peek).
          app: r.localApp === null ? null : Object.freeze(view(local.app, r.localApp, ownSecrets(r, r.localApp))),
        }),
        publish: (values: object) => this.stage({ relation: r.id }, "unit", values, "publish"),
        publishApp: (values: object) => this.stage({ relation: r.id }, "app", values, "publishApp"),
        publishSecret: (name: string, content: object) => this.stageSecret({ relation: r.id }, name, content, "publishSecret"),
      }),
    );
    const views = { source, relations: Object.freeze(relations), units: Object.freeze(relations.flatMap((r) => r.units)) };
    this.#views.set(port, views);
    return views;
  }

  /**
   * Every relation of the endpoint, sorted by id. `R` is the generated
   * subclass's type of a relation: what the views were built from (its key
   * tables and validators) is what that type says, so the cast is the one
   * place where the generated types meet the runtime's.
   */
  protected relationViews<R = RelationView>(): readonly R[] {
    return this.views().relations as readonly unknown[] as readonly R[];
  }

  /** Joined remote units over all relations, ordered by (relation id, unit name) as strings; `U` as `R` above. */
  protected joinedUnitViews<U = RemoteUnitView>(): readonly U[] {
    return this.views().units as readonly unknown[] as readonly U[];
  }

  /** The relation with this id, or a clear error; `R` as in `relationViews`. */
  protected relation<R extends { readonly id: string } = RelationView>(id: string | { readonly id: string }): R {
    const wanted = typeof id === "string" ? id : id.id;
    const found = this.relationViews<R>().find((r) => r.id === wanted);
    if (!found) throw new NotBoundError(`endpoint ${this.endpoint} has no relation ${wanted} in this hook`);
    return found;
  }

  /**
   * Checks, encodes and stages typed values for this unit's (`unit`) or
   * application's (`app`) bag. `what` names the setter in errors. An app-bag
   * write on a non-leader throws `NotLeaderError` here, before any tool runs.
   */
  protected stage(target: WriteTarget, scope: "unit" | "app", values: object, what: string): void {
    const port = this.port;
    if (scope === "app" && !port.isLeader()) throw new NotLeaderError(this.endpoint, typeof target === "object" ? target.relation : "", what);
    const binding: BagBinding | null = scope === "unit" ? this.definition.local.unit : this.definition.local.app;
    const label = `${this.endpoint}.${what}`;
    const given = values as Readonly<Record<string, unknown>>;
    const raw = binding ? encodeForWrite(binding.spec, binding.validatePartial, given, label) : encodeOpen(given, label);
    port.write(target, scope, raw);
  }

  /**
   * Checks a secret's content against its schema and stages it for the
   * application-bag key whose TypeScript name is `name` (the leader only).
   */
  protected stageSecret(target: WriteTarget, name: string, content: object, what: string): void {
    const port = this.port;
    if (!port.isLeader()) throw new NotLeaderError(this.endpoint, typeof target === "object" ? target.relation : "", what);
    const entry = Object.entries(this.definition.local.app?.secrets ?? {}).find(([, k]) => k.ts === name);
    if (!entry) throw new PublishError(`${this.endpoint}.${what}`, name, "is not a secret key of this side's application bag");
    const [wire, key] = entry;
    const label = `${this.endpoint}.${what}(${JSON.stringify(name)})`;
    const raw = encodeForWrite(key.content.spec, key.content.validatePartial, content as Readonly<Record<string, unknown>>, label);
    const missing = checkBag(raw, key.content.spec, key.content.validate).issues;
    if (missing.length > 0) throw new PublishError(label, missing[0]!.key, missing[0]!.message);
    port.writeSecret(target, wire, raw);
  }

  /** Stages wire values already encoded (setter constants checked at generation time). */
  protected stageRaw(target: WriteTarget, scope: "unit" | "app", raw: RawBag, what: string): void {
    const port = this.port;
    if (scope === "app" && !port.isLeader()) throw new NotLeaderError(this.endpoint, typeof target === "object" ? target.relation : "", what);
    port.write(target, scope, raw);
  }

  /** Publishes this address on the ingress keys instead of the endpoint's network address. */
  protected overrideIngress(address: string): void {
    this.port.overrideIngress(address);
  }

  /** Whether this unit leads its application (asked once per hook). */
  isLeader(): boolean {
    return this.port.isLeader();
  }
}
