/**
 * Unit state kept between hooks, in `$JUJU_CHARM_DIR/.unit-state.json`.
 *
 * The file is a JSON object:
 *
 *     {
 *       "version": 1,
 *       "flags": ["cluster.available", "endpoint.cluster.joined", ...],   // set flags, sorted
 *       "seen": { "cluster:3": { "mysql/1": { "cluster-address": "<md5>" } } },
 *       "ingressOverride": { "cluster": "db.example" },
 *       "secretBindings": { "cs2k1fn2s3ku77f5ml6g": { "relation": "database:3", "application": "mysql" } },
 *       "config": { "port": "<sha256>" }
 *     }
 *
 * - `flags`: every flag that is set, sorted (interface, automatic and the charm's own).
 * - `seen`: per relation, remote unit and key, the md5 of the decoded value as Python's
 *   `json.dumps(value, sort_keys=True)` writes it, the same digest charms.reactive keeps;
 *   this is how `endpoint.<ep>.changed.<key>` is detected without storing values.
 * - `ingressOverride`: per endpoint, an address a setter asked to publish instead of the
 *   network binding's (the `clusterHost` option).
 * - `secretBindings`: per secret id, the relation where this unit first saw it in the other
 *   side's bag, and that relation's application, in the order they were made; the same
 *   secret on another relation is refused there (see secrets.ts `bindSecrets`). Left out
 *   when empty, so a file without it (an earlier version's) loads as no bindings.
 * - `reads`: the read cache, what this unit last read of each relation, secret values as
 *   digests only (see read-cache.ts); left out by hooks without endpoints, and dropped when
 *   malformed or of another version (the next hook reads everything).
 * - `config`: per config option the charm's config module declares and that has a value, the
 *   sha256 of its value as config-get prints it (JSON); drives `config.changed.<option>` without
 *   storing values (see config-hook.ts). Left out when the charm declares no config.
 * - (`status`, written by earlier versions, is ignored: the status Juju shows is kept apart,
 *   see shown-status.ts, because status-set takes effect even in a hook that fails.)
 *
 * It is written only when a hook succeeds, atomically (temporary file, fsync, rename) and
 * with mode 0600, so a failed or killed hook leaves it exactly as it was. A corrupt or
 * unreadable file is an error: it is never silently replaced by empty state.
 *
 * The temporary file is `.unit-state.<pid>.tmp`. A hook killed while saving leaves its
 * one behind; the next hook's `load()` removes every such file whose process is gone.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { removeOrphans } from "./orphans.js";
import { parseReadCache, type ReadCache } from "./read-cache.js";
import type { SecretBinding } from "./secrets.js";

export const STATE_FILE_NAME = ".unit-state.json";
const VERSION = 1;

export interface UnitState {
  readonly flags: readonly string[];
  readonly seen: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;
  readonly ingressOverride: Readonly<Record<string, string>>;
  /** Secret id -> the relation (and its application) it belongs to; absent: none. */
  readonly secretBindings?: Readonly<Record<string, SecretBinding>>;
  /** Config option -> digest of its value (see config-hook.ts); absent: the charm declares no config. */
  readonly config?: Readonly<Record<string, string>>;
  /** The read cache (read-cache.ts); absent: read everything. */
  readonly reads?: ReadCache;
}

export const EMPTY_STATE: UnitState = Object.freeze({ flags: [], seen: {}, ingressOverride: {} });

export class StateFileError extends Error {
  override readonly name = "StateFileError";
}

/** Where unit state lives between hooks. */
export interface StateStore {
  load(): UnitState;
  save(state: UnitState): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function strings(value: unknown, what: string, file: string): Record<string, string> {
  if (!isRecord(value)) throw new StateFileError(`${file}: ${what} must be an object`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") throw new StateFileError(`${file}: ${what}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

/** Checks and copies a parsed state document (into null-prototype records). */
export function parseState(doc: unknown, file: string): UnitState {
  if (!isRecord(doc)) throw new StateFileError(`${file}: not a JSON object`);
  if (doc["version"] !== VERSION) throw new StateFileError(`${file}: unsupported version ${JSON.stringify(doc["version"])} (expected ${VERSION})`);
  const flags = doc["flags"];
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === "string")) throw new StateFileError(`${file}: "flags" must be a list of strings`);
  const seenIn = doc["seen"] ?? {};
  if (!isRecord(seenIn)) throw new StateFileError(`${file}: "seen" must be an object`);
  const seen: Record<string, Record<string, Record<string, string>>> = Object.create(null) as Record<string, Record<string, Record<string, string>>>;
  for (const [rid, units] of Object.entries(seenIn)) {
    if (!isRecord(units)) throw new StateFileError(`${file}: seen.${rid} must be an object`);
    const byUnit: Record<string, Record<string, string>> = Object.create(null) as Record<string, Record<string, string>>;
    for (const [unit, keys] of Object.entries(units)) byUnit[unit] = strings(keys, `seen.${rid}.${unit}`, file);
    seen[rid] = byUnit;
  }
  const bindingsIn = doc["secretBindings"] ?? {};
  if (!isRecord(bindingsIn)) throw new StateFileError(`${file}: "secretBindings" must be an object`);
  const secretBindings: Record<string, SecretBinding> = Object.create(null) as Record<string, SecretBinding>;
  for (const [id, b] of Object.entries(bindingsIn)) {
    if (!isRecord(b) || typeof b["relation"] !== "string" || typeof b["application"] !== "string") {
      throw new StateFileError(`${file}: secretBindings.${id} must be an object with "relation" and "application" strings`);
    }
    secretBindings[id] = { relation: b["relation"], application: b["application"] };
  }
  const config = doc["config"] === undefined ? undefined : strings(doc["config"], "config", file);
  const reads = parseReadCache(doc["reads"]);
  return {
    ...(config ? { config } : {}),
    ...(reads ? { reads } : {}),
    flags: [...(flags as string[])].sort(),
    seen,
    ingressOverride: strings(doc["ingressOverride"] ?? {}, "ingressOverride", file),
    ...(Object.keys(secretBindings).length > 0 ? { secretBindings } : {}),
  };
}

export function serializeState(state: UnitState): string {
  const bindings = state.secretBindings && Object.keys(state.secretBindings).length > 0 ? { secretBindings: state.secretBindings } : {};
  const config = state.config ? { config: state.config } : {};
  const reads = state.reads ? { reads: state.reads } : {};
  const doc = { version: VERSION, flags: [...state.flags].sort(), seen: state.seen, ingressOverride: state.ingressOverride, ...bindings, ...config, ...reads };
  return JSON.stringify(doc) + "\n";
}

const tempName = (pid: number): string => `.unit-state.${pid}.tmp`;
const TEMP_NAME = /^\.unit-state\.(\d+)\.tmp$/;

/** Removes the temporary files of saves whose process is gone (killed mid-save). */
export function removeStaleTemps(dir: string): string[] {
  return removeOrphans(dir, TEMP_NAME);
}

/** The state file in a charm directory. */
export class FileStateStore implements StateStore {
  readonly path: string;
  constructor(charmDir: string) {
    this.path = join(charmDir, STATE_FILE_NAME);
  }

  load(): UnitState {
    removeStaleTemps(dirname(this.path));
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_STATE;
      throw new StateFileError(`${this.path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}); fix or remove it`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new StateFileError(`${this.path}: is not valid JSON (corrupt?); fix or remove it, the runtime will not overwrite it`);
    }
    return parseState(doc, this.path);
  }

  save(state: UnitState): void {
    const temp = join(dirname(this.path), tempName(process.pid));
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, serializeState(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temp, this.path);
    } catch (e) {
      try {
        unlinkSync(temp);
      } catch {
        // nothing left to clean
      }
      throw e;
    }
    // Make the rename durable too.
    try {
      const dir = openSync(dirname(this.path), "r");
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // Some file systems do not allow fsync on a directory; the rename is still atomic.
    }
  }
}

/**
 * State held in memory (for in-process hooks): the value a hook saved,
 * frozen, so that no later hook can change it but by saving another. It is
 * checked as the file store checks what it reads, without a JSON round trip
 * per hook: a hook of a 100-unit cluster would spend more time on that than
 * on itself.
 */
export class MemoryStateStore implements StateStore {
  #state: UnitState = EMPTY_STATE;
  load(): UnitState {
    return this.#state;
  }
  save(state: UnitState): void {
    // A read cache that a file's loading would drop (malformed, another version) is dropped here too; the rest is as
    // runHook made it (parseState would copy every digest of every hook of a large model again).
    const { reads, ...rest } = state;
    const kept = reads === undefined ? undefined : parseReadCache(reads);
    this.#state = deepFreeze(kept ? { ...rest, reads: kept } : rest);
  }
}

/** Freezes a value and everything in it (a part frozen already is taken as frozen throughout: the state's parts kept from an earlier hook). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}
