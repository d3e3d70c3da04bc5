/**
 * A Backend that replays answers recorded from another backend, for the
 * cold-start benchmark: the bundled hook program then measures what a hook
 * costs to start and run, not the hook tools.
 */
import type { Backend } from "../../src/runtime/backend.js";

export type Recording = Record<string, unknown>;
const key = (method: string, args: unknown[]): string => JSON.stringify([method, ...args]);
const WRITES: ReadonlySet<string> = new Set(["relationSet", "log", "leaderSet", "statusSet"]);
const METHODS = ["relationIds", "relationList", "relationRemoteApp", "relationGet", "relationSet", "networkPrimaryAddress", "log", "isLeader", "leaderGet", "leaderSet", "statusSet"] as const;

/** Wraps a backend and records every answer it gives. */
export function recording(inner: Backend): { backend: Backend; answers: Recording } {
  const answers: Recording = {};
  const backend = {} as Record<string, unknown>;
  for (const m of METHODS) {
    backend[m] = async (...args: unknown[]) => {
      const value = await (inner[m] as (...a: unknown[]) => Promise<unknown>)(...args);
      answers[key(m, args)] = value ?? null;
      return value;
    };
  }
  // The blocking read of a bag whose secret keys the read cache held back.
  if (inner.syncReads && inner.relationGetSync) {
    backend["syncReads"] = true;
    backend["relationGetSync"] = (...args: unknown[]) => {
      const value = (inner.relationGetSync as (...a: unknown[]) => unknown)(...args);
      answers[key("relationGetSync", args)] = value;
      return value;
    };
  }
  return { backend: backend as unknown as Backend, answers };
}

/** Answers from a recording; writes are accepted and dropped. */
export function replaying(answers: Recording): Backend {
  const backend = {} as Record<string, unknown>;
  for (const m of METHODS) {
    backend[m] = async (...args: unknown[]) => {
      if (WRITES.has(m)) return undefined;
      const k = key(m, args);
      if (!(k in answers)) throw new Error(`no recorded answer for ${k}`);
      return structuredClone(answers[k]);
    };
  }
  backend["syncReads"] = true;
  backend["relationGetSync"] = (...args: unknown[]) => {
    const k = key("relationGetSync", args);
    if (!(k in answers)) throw new Error(`no recorded answer for ${k}`);
    return structuredClone(answers[k]);
  };
  return backend as unknown as Backend;
}
