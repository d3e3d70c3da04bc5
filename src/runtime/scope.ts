/**
 * Which hook the code that is running belongs to.
 *
 * A charm and its endpoints are module-level objects, and one process may
 * run several hooks of them at once: a test runner runs several harnesses,
 * and a harness with `jobs` above 1 runs hooks of different units at the same
 * time. So a hook's state is not kept in those objects: `Charm.run` runs the
 * hook inside an `AsyncLocalStorage` scope that maps each endpoint bound to
 * the hook to its port (and holds the running hook), and an endpoint or a
 * charm used by a handler reads the scope of its own async context. Every
 * continuation of a hook (awaits, timers, callbacks it scheduled) sees that
 * hook's scope; another hook, started elsewhere, sees its own.
 *
 * A scope remembers the one it was started in (`parent`): a charm's run()
 * called from inside one of its own hooks finds itself there and is refused
 * (`ReentryError`), and an endpoint bound to a hook that is still running in
 * this context cannot be bound again by a hook started from it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { RunningHook } from "./context.js";
import type { EndpointPort } from "./port.js";

export interface HookScope {
  /** The charm whose hook this is. */
  readonly owner: object;
  /** The scope this hook was started in (a hook of another charm, run from a handler), if any. */
  readonly parent: HookScope | undefined;
  /** The endpoints bound to this hook, with their ports; emptied when the hook ends. */
  readonly ports: Map<object, EndpointPort>;
  /** Whether endpoints may still bind to this scope (until the handlers get the hook). */
  accepting: boolean;
  /** The running hook while handlers may use it; null before and after. */
  hook: RunningHook | null;
}

const storage = new AsyncLocalStorage<HookScope>();

/** The scope of the hook this code runs in, if any. */
export function currentScope(): HookScope | undefined {
  return storage.getStore();
}

/** The nearest scope, from this context outwards, that `owner` runs, if any. */
export function scopeOf(owner: object): HookScope | undefined {
  for (let s = storage.getStore(); s; s = s.parent) if (s.owner === owner) return s;
  return undefined;
}

/** The port an endpoint is bound to in this context (the innermost hook that bound it), if any. */
export function portOf(endpoint: object): EndpointPort | undefined {
  for (let s = storage.getStore(); s; s = s.parent) {
    const port = s.ports.get(endpoint);
    if (port) return port;
  }
  return undefined;
}

/** Runs `fn` in a new scope of `owner`, inside the current one. */
export function runInScope<T>(owner: object, fn: (scope: HookScope) => Promise<T>): Promise<T> {
  const scope: HookScope = { owner, parent: storage.getStore(), ports: new Map(), accepting: true, hook: null };
  return storage.run(scope, () => fn(scope));
}
