/**
 * What goes wrong with a registry, said in one line: what is wrong and what
 * to do. Text that came from elsewhere (a server's status text, a path, an
 * error's reason) is escaped and bounded before it is put in a message.
 */
import { bounded, visible } from "../runtime/text.js";

export class RegistryError extends Error {
  override readonly name = "RegistryError";
}

/** Longest piece of outside text put in a message. */
const MAX_QUOTED = 200;

/** Outside text fit for one line of a message: escaped, then bounded. */
export function quoted(text: string): string {
  return bounded(visible(text.length > MAX_QUOTED * 4 ? text.slice(0, MAX_QUOTED * 4) : text), MAX_QUOTED);
}

export const CLONE_COMMAND = "git clone https://github.com/canonical/charm-relation-interfaces";

/** How to use a registry folder instead of a URL. */
export const PASS_DIR = `pass a local copy with --registry DIR or RELGEN_REGISTRY=DIR (${CLONE_COMMAND} DIR)`;

/** The short reason an I/O or network error gives: its code, else its message. */
export function reasonOf(error: unknown): string {
  let e: unknown = error;
  // fetch wraps the socket's error: `TypeError: fetch failed`, cause `{ code: "ECONNREFUSED" }`.
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    if (e.name === "TimeoutError") return "timed out";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return quoted(code);
    if (e.cause === undefined) break;
    e = e.cause;
  }
  return quoted(e instanceof Error ? e.message : String(e));
}
