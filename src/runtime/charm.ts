/**
 * The charm author's API: a charm owns its endpoints and its handlers.
 *
 *     const database = mysqlClientRequirer("database");
 *     const charm = defineCharm({ endpoints: [database], flags: ["db.configured"] });
 *     charm.when(database.flags.available).do(async (hook) => {
 *       const [relation] = database.relations;
 *       await hook.status("active", `Connected to ${relation?.app.received.endpoints}`);
 *     });
 *     void charm.run(); // in src/hook.ts: Juju runs it for every event
 *
 * `defineCharm` binds the endpoints it is given: during one of this charm's
 * hooks they read that hook's relations and stage its writes. A flag name
 * that is neither an interface flag of those endpoints, an automatic
 * `endpoint.<ep>.*` flag, nor one of the charm's own declared flags does not
 * compile. Nothing is global: several charms can live in one process, and
 * one charm can run several hooks at once (several harnesses in one test
 * run, or a harness with `jobs`): each hook's endpoints and running hook live
 * in the async context of its `run()` (see scope.ts), not in these objects.
 */
import type { ConfigDefinition, ConfigFlag, ConfigOf, ConfigOptionOf } from "./config.js";
import type { Hook, RunningHook } from "./context.js";
import type { HandlerSpec } from "./dispatch.js";
import type { EndpointBinding } from "./endpoint.js";
import { runHook, type HookResult, type RunHookOptions } from "./hook.js";
import { runInScope, scopeOf } from "./scope.js";
import { actionRunOptions, type ActionDefinitions, type ActionEntry, type ActionHandler, type ActionParamsMap, type UntypedActions } from "./action.js";

/** Flags the runtime keeps for an endpoint `E` whose other side can send the keys `K`. */
export type AutomaticFlag<E extends string, K extends string = string> =
  | `endpoint.${E}.joined`
  | `endpoint.${E}.changed`
  | `endpoint.${E}.changed.${K}`
  | `endpoint.${E}.secret-changed`
  | `endpoint.${E}.secret-changed.${K}`
  | `endpoint.${E}.departed`
  | `endpoint.${E}.broken`;

/** Every flag name of a generated endpoint object (interface and automatic flags). */
export type FlagsOf<T> = T extends { readonly endpoint: infer E extends string; readonly flags: infer F; readonly changedKeys?: infer K }
  ? F[keyof F] | AutomaticFlag<E, K extends string ? K : string>
  : never;

/** A charm's run() was called from inside one of its own hooks (it would wait for itself). */
export class ReentryError extends Error {
  override readonly name = "ReentryError";
}

export class HandlerBuilder<F extends string, C extends object = object> {
  readonly #all: F[] = [];
  readonly #none: F[] = [];
  readonly #any: F[] = [];
  constructor(private readonly register: (spec: HandlerSpec<F>) => void) {}

  /** Every one of these flags must be set. */
  when(...flags: F[]): this {
    this.#all.push(...flags);
    return this;
  }
  /** None of these flags may be set. */
  whenNot(...flags: F[]): this {
    this.#none.push(...flags);
    return this;
  }
  /** At least one of these flags must be set. */
  whenAny(...flags: F[]): this {
    this.#any.push(...flags);
    return this;
  }
  /** Registers the handler; it gets the running hook. Its name (for logs and errors) defaults to the function's name. */
  do(run: (hook: Hook<C>) => void | Promise<void>, name?: string): void {
    // The running hook is a Hook<C>: its config was decoded with the charm's own definition.
    this.register({ name: name || run.name || "anonymous handler", all: [...this.#all], none: [...this.#none], any: [...this.#any], run: run as (hook: Hook) => void | Promise<void> });
  }
}

export class Charm<F extends string, C extends object = object, A extends ActionParamsMap = UntypedActions> {
  readonly handlers: HandlerSpec[] = [];
  /** The charm's action handlers by name (see `action`). */
  readonly #actions = new Map<string, ActionEntry>();

  constructor(
    /** The endpoints this charm owns: bound to its hooks while they run. */
    readonly endpoints: readonly EndpointBinding[] = [],
    /** The charm's config options (its generated config module): read with config-get in each hook. */
    readonly config?: ConfigDefinition<C, string>,
    /** The charm's actions as generated from actions.yaml (`generated/actions.ts`): their parameters' validators. */
    readonly actionDefinitions?: ActionDefinitions<A>,
  ) {}

  /**
   * Handles the action `name` (runtime/action.ts): `params` are what
   * `action-get` gives, checked by the generated validator and typed by the
   * charm's `actions`; the results returned are written with `action-set`.
   */
  action<N extends keyof A & string>(name: N, handler: ActionHandler<A[N]>): void {
    if (this.#actions.has(name)) throw new Error(`action ${JSON.stringify(name)} already has a handler`);
    const definitions = this.actionDefinitions as Readonly<Record<string, ActionEntry["definition"]>> | undefined;
    if (definitions && !Object.prototype.hasOwnProperty.call(definitions, name)) throw new Error(`action ${JSON.stringify(name)} is not one of the charm's actions (actions.yaml)`);
    const definition = definitions?.[name];
    this.#actions.set(name, { handler: handler as ActionHandler<never>, ...(definition ? { definition } : {}) });
  }

  #builder(): HandlerBuilder<F, C> {
    return new HandlerBuilder<F, C>((spec) => {
      this.handlers.push(spec as HandlerSpec);
    });
  }
  when(...flags: F[]): HandlerBuilder<F, C> {
    return this.#builder().when(...flags);
  }
  whenNot(...flags: F[]): HandlerBuilder<F, C> {
    return this.#builder().whenNot(...flags);
  }
  whenAny(...flags: F[]): HandlerBuilder<F, C> {
    return this.#builder().whenAny(...flags);
  }

  /** The hook of this charm that the calling code runs in; throws outside one. */
  get hook(): Hook<C> {
    const running: RunningHook | null | undefined = scopeOf(this)?.hook;
    if (!running) throw new Error("the charm is not running a hook: use it from a handler (or the hook argument handlers get)");
    return running as Hook<object> as Hook<C>;
  }
  setFlag(flag: F): void {
    this.hook.setFlag(flag);
  }
  clearFlag(flag: F): void {
    this.hook.clearFlag(flag);
  }
  isSet(flag: F): boolean {
    return this.hook.isFlagSet(flag);
  }

  /**
   * Runs one hook with this charm's endpoints and handlers: reads the hook
   * environment, snapshots the endpoints, derives the flags, dispatches,
   * flushes and commits. Several hooks may run at once (each in its own
   * async context, with its own endpoint bindings); calling run() from
   * inside one of this charm's own hooks is refused with `ReentryError`.
   */
  async run(options: Omit<RunHookOptions, "handlers" | "endpoints" | "onHook"> = {}): Promise<HookResult> {
    if (scopeOf(this)) {
      throw new ReentryError(
        "this charm is already running a hook in this context: run() was called from inside one of its own hooks, and would wait for itself (return from the handler instead)",
      );
    }
    // An action (JUJU_ACTION_NAME) runs its handler instead of the reactive handlers (runtime/action.ts).
    const action = actionRunOptions(this.#actions, options);
    return runInScope(this, (scope) =>
      runHook({
        ...options,
        handlers: this.handlers,
        endpoints: this.endpoints,
        ...action,
        ...(this.config ? { config: this.config } : {}),
        onHook: (h) => {
          scope.accepting = false;
          scope.hook = h;
        },
      }),
    );
  }
}

/**
 * A charm with these endpoints, these flags of its own and, given its
 * generated config module's definition (`config`), typed config
 * (`hook.config`) and `config.changed.<option>` flags.
 */
export function defineCharm<const T extends readonly EndpointBinding[], const C extends string = never, D extends ConfigDefinition<object, string> = ConfigDefinition<object, never>, A extends ActionParamsMap = UntypedActions>(options: {
  readonly endpoints: T;
  readonly flags?: readonly C[];
  readonly config?: D;
  /** The charm's actions, as generated from actions.yaml (`import { actions } from "../generated/actions.js"`). */
  readonly actions?: ActionDefinitions<A>;
}): Charm<FlagsOf<T[number]> | C | ConfigFlag<ConfigOptionOf<D>>, ConfigOf<D>, A> {
  return new Charm<FlagsOf<T[number]> | C | ConfigFlag<ConfigOptionOf<D>>, ConfigOf<D>, A>(options.endpoints, options.config as ConfigDefinition<ConfigOf<D>, string> | undefined, options.actions);
}
