/**
 * What the drivers of the one Juju ask of a unit that keeps relgen's runtime
 * state: Juju itself knows nothing of it. The state is the file the runtime
 * keeps between hooks in the charm directory (`.unit-state.json`, see
 * state.ts); a charm in another language may keep the same file with just
 * `{"flags": [...]}` to show its flags in `relgen sim`, so it is read
 * leniently here (the runtime's own load checks it whole).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILE_NAME } from "./state.js";

/** The parsed state document of a charm directory, or null when absent or unreadable. */
export function readStateDocument(charmDir: string): Record<string, unknown> | null {
  try {
    return stateDocument(readFileSync(join(charmDir, STATE_FILE_NAME), "utf8"));
  } catch {
    return null;
  }
}

/** A state document's text, parsed: null when it is not a JSON object. */
export function stateDocument(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The flags a state document holds (`[]` when none). */
export function stateFlags(doc: Record<string, unknown> | null): string[] {
  const flags = doc?.["flags"];
  return Array.isArray(flags) ? flags.filter((f): f is string => typeof f === "string") : [];
}
