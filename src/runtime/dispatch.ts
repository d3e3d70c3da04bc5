/**
 * Handlers and the dispatch loop. Handlers register with `when(...)`,
 * `whenNot(...)` and `whenAny(...)` and run in registration order. After a
 * handler runs, the remaining ones are tested again against the flags as they
 * now are; each handler runs at most once per hook.
 *
 * The loop needs no bound: the handlers are those registered when the hook's
 * dispatch starts (one registered by a handler waits for the next hook), every
 * pass runs at least one of them (the first still matching when the pass
 * starts runs before anything can change a flag), and none runs twice. So
 * handlers that keep re-triggering each other (one sets what the other clears,
 * and back) still end after at most one pass per handler.
 */

import type { Hook } from "./context.js";

export interface HandlerSpec<F extends string = string> {
  readonly name: string;
  /** Every one of these flags must be set. */
  readonly all: readonly F[];
  /** None of these flags may be set. */
  readonly none: readonly F[];
  /** At least one of these flags must be set (when non-empty). */
  readonly any: readonly F[];
  readonly run: (hook: Hook) => void | Promise<void>;
}

export function matches(handler: HandlerSpec, isSet: (flag: string) => boolean): boolean {
  return (
    handler.all.every(isSet) &&
    !handler.none.some(isSet) &&
    (handler.any.length === 0 || handler.any.some(isSet))
  );
}

/** A handler failed; the hook fails with it. */
export class HandlerError extends Error {
  override readonly name = "HandlerError";
  constructor(
    readonly handler: string,
    readonly original: unknown,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs matching handlers until none is left to run. Returns the names of the
 * handlers that ran, in order.
 */
export async function dispatch(
  handlers: readonly HandlerSpec[],
  isSet: (flag: string) => boolean,
  hook: Hook,
): Promise<string[]> {
  const registered = [...handlers];
  const ran = new Set<HandlerSpec>();
  const order: string[] = [];
  for (;;) {
    const pending = registered.filter((h) => !ran.has(h) && matches(h, isSet));
    if (pending.length === 0) return order;
    for (const handler of pending) {
      // An earlier handler of this pass may have changed a flag this one depends on.
      if (ran.has(handler) || !matches(handler, isSet)) continue;
      ran.add(handler);
      order.push(handler.name);
      try {
        await handler.run(hook);
      } catch (e) {
        throw new HandlerError(handler.name, e, `handler ${handler.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
