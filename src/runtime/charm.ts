/**
 * The charm author's API: register handlers on flags, typed by the endpoints
 * the charm uses, then run the hook.
 *
 *     const cluster = mysqlInnodbClusterPeers("cluster");
 *     const charm = defineCharm({ endpoints: [cluster], flags: ["cluster-user.created"] });
 *     charm.when(cluster.flags.connected).whenNot(cluster.flags.available).do(publishAddress);
 *     await charm.run();
 *
 * A flag name that is neither an interface flag of those endpoints, an
 * automatic `endpoint.<ep>.*` flag, nor one of the charm's own declared flags
 * does not compile. The module-level `when`/`whenNot`/`whenAny` take any string.
 */
import { clearFlag, isFlagSet, setFlag } from "./context.js";
import type { HandlerSpec } from "./dispatch.js";
import { defaultHandlerList, runHook, type HookResult, type RunHookOptions } from "./hook.js";

/** Flags the runtime keeps for an endpoint `E`. */
export type AutomaticFlag<E extends string> =
  | `endpoint.${E}.joined`
  | `endpoint.${E}.changed`
  | `endpoint.${E}.changed.${string}`
  | `endpoint.${E}.departed`
  | `endpoint.${E}.broken`;

/** Every flag name of a generated endpoint object (interface and automatic flags). */
export type FlagsOf<T> = T extends { readonly endpoint: infer E extends string; readonly flags: infer F }
  ? F[keyof F] | AutomaticFlag<E>
  : never;

export class HandlerBuilder<F extends string> {
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
  /** Registers the handler. Its name (for logs and errors) defaults to the function's name. */
  do(run: () => void | Promise<void>, name?: string): void {
    this.register({ name: name || run.name || "anonymous handler", all: [...this.#all], none: [...this.#none], any: [...this.#any], run });
  }
}

export class Charm<F extends string> {
  readonly handlers: HandlerSpec[];
  constructor(handlers: HandlerSpec[] = []) {
    this.handlers = handlers;
  }
  #builder(): HandlerBuilder<F> {
    return new HandlerBuilder<F>((spec) => {
      this.handlers.push(spec as HandlerSpec);
    });
  }
  when(...flags: F[]): HandlerBuilder<F> {
    return this.#builder().when(...flags);
  }
  whenNot(...flags: F[]): HandlerBuilder<F> {
    return this.#builder().whenNot(...flags);
  }
  whenAny(...flags: F[]): HandlerBuilder<F> {
    return this.#builder().whenAny(...flags);
  }
  setFlag(flag: F): void {
    setFlag(flag);
  }
  clearFlag(flag: F): void {
    clearFlag(flag);
  }
  isSet(flag: F): boolean {
    return isFlagSet(flag);
  }
  /** Runs the hook with this charm's handlers. */
  run(options: Omit<RunHookOptions, "handlers"> = {}): Promise<HookResult> {
    return runHook({ ...options, handlers: this.handlers });
  }
}

export function defineCharm<const T extends readonly object[], const C extends string = never>(options: {
  readonly endpoints: T;
  readonly flags?: readonly C[];
}): Charm<FlagsOf<T[number]> | C> {
  void options;
  return new Charm<FlagsOf<T[number]> | C>();
}

const defaultCharm = new Charm<string>(defaultHandlerList());
export const when = (...flags: string[]): HandlerBuilder<string> => defaultCharm.when(...flags);
export const whenNot = (...flags: string[]): HandlerBuilder<string> => defaultCharm.whenNot(...flags);
export const whenAny = (...flags: string[]): HandlerBuilder<string> => defaultCharm.whenAny(...flags);
