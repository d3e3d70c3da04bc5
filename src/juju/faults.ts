/**
 * Faults injected into hook-tool calls, and observers of every call: the
 * engine's interceptor of its hook contexts. A fault makes matching calls
 * fail, lie or hang (or kills the hook, where hooks are processes); an
 * observer sees each call's argv as given, before redaction.
 */
import type { HookContext, ToolInterceptor } from "./context.js";
import type { RawToolCall, ToolFault } from "./records.js";
import type { ToolOutput } from "./tools/types.js";

export class ToolFaults {
  readonly #faults: Array<{ fault: ToolFault; left: number; skip: number }> = [];
  readonly #observers = new Set<(call: RawToolCall) => void>();

  constructor(
    /** Kills the process of the hook running in a context (a `kill` fault). */
    private readonly killHook: (ctx: HookContext) => void,
  ) {}

  /** Adds a fault; returns a function that removes it. */
  add(fault: ToolFault): () => void {
    const entry = { fault, left: fault.times ?? Infinity, skip: fault.skip ?? 0 };
    this.#faults.push(entry);
    return () => {
      const i = this.#faults.indexOf(entry);
      if (i >= 0) this.#faults.splice(i, 1);
    };
  }

  /** Adds an observer; returns a function that removes it. */
  observe(listener: (call: RawToolCall) => void): () => void {
    this.#observers.add(listener);
    return () => this.#observers.delete(listener);
  }

  /** What a hook context asks before each call: whether a fault answers it instead, or delays it. */
  readonly intercept: ToolInterceptor = (ctx, tool, args) => {
    for (const observe of this.#observers) observe({ unit: ctx.unit.name, hook: ctx.hook, tool, args: [...args] });
    const entry = this.#faults.find((f) => f.left > 0 && f.fault.tool === tool && (f.fault.unit === undefined || f.fault.unit === ctx.unit.name));
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip--;
      return undefined;
    }
    entry.left--;
    const { response, delayMs, kill } = entry.fault;
    if (kill) this.killHook(ctx);
    const out: ToolOutput | undefined = response ? { code: response.exitCode, stdout: response.stdout ?? "", stderr: response.stderr ?? "" } : undefined;
    return { ...(out ? { response: out } : {}), ...(delayMs ? { delayMs } : {}) };
  };
}
