/**
 * Puts the hook tools on disk: compiles `jujuc.c` with the system C compiler
 * into a cache directory (keyed by a hash of the source, so it is built once
 * per machine and source version), and links it under every tool name in a
 * simulation's bin directory. Without a C compiler (or with
 * `client: "node"`), a Node script speaking the same protocol is used instead:
 * it works the same but costs a Node start-up (~40 ms) per tool call.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_CLIENT_SOURCE } from "./node-client.js";

export type ClientKind = "c" | "node";

export interface ClientBinary {
  readonly kind: ClientKind;
  /** The executable to link under each tool name. */
  readonly path: string;
  /** Why the Node fallback was chosen, when it was. */
  readonly reason?: string;
}

export interface ClientOptions {
  /** "auto" (default): the C client if it can be built, else the Node client. */
  readonly prefer?: "auto" | ClientKind;
  /** Where built clients are cached; default `$RELGEN_SIM_CACHE` or `<tmpdir>/relgen-sim-cache-<uid>`. */
  readonly cacheDir?: string;
}

function defaultCacheDir(): string {
  if (process.env.RELGEN_SIM_CACHE) return process.env.RELGEN_SIM_CACHE;
  let uid = "user";
  try {
    uid = String(userInfo().uid);
  } catch {
    // keep the default
  }
  return join(tmpdir(), `relgen-sim-cache-${uid}`);
}

/** The C source: next to this module in the source tree, or under `src/` when running from `dist/`. */
export function findClientSource(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "jujuc.c"), join(here, "..", "..", "..", "..", "src", "sim", "client", "jujuc.c")];
  return candidates.find((p) => existsSync(p));
}

function hash(text: string): string {
  return createHash("sha256").update(text).update(process.platform + process.arch).digest("hex").slice(0, 16);
}

/** Writes `content` to `path` atomically (parallel simulations may build the same file). */
function writeAtomic(path: string, content: string | Buffer, mode: number): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, path);
}

function buildC(cacheDir: string): ClientBinary {
  const source = findClientSource();
  if (!source) throw new Error("jujuc.c not found next to the simulator");
  const text = readFileSync(source, "utf8");
  const out = join(cacheDir, `jujuc-${hash(text)}`);
  if (existsSync(out)) return { kind: "c", path: out };
  const cc = process.env.CC || "cc";
  const tmp = `${out}.${process.pid}.build`;
  execFileSync(cc, ["-O2", "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-o", tmp, source], { stdio: ["ignore", "ignore", "pipe"] });
  chmodSync(tmp, 0o755);
  renameSync(tmp, out);
  return { kind: "c", path: out };
}

function buildNode(cacheDir: string, reason?: string): ClientBinary {
  const script = join(cacheDir, `jujuc-node-${hash(NODE_CLIENT_SOURCE)}.mjs`);
  if (!existsSync(script)) writeAtomic(script, NODE_CLIENT_SOURCE, 0o644);
  // A tiny sh wrapper, so the tool name ($0) reaches the script whatever the path to node is.
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const wrapperText = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(script)} "$0" "$@"\n`;
  const wrapper = join(cacheDir, `jujuc-node-${hash(wrapperText)}`);
  if (!existsSync(wrapper)) writeAtomic(wrapper, wrapperText, 0o755);
  return reason === undefined ? { kind: "node", path: wrapper } : { kind: "node", path: wrapper, reason };
}

/**
 * The cache dir, if it is ours and not writable by others (it lives in a shared
 * temp dir, and we execute what is in it); else a fresh private temp dir.
 */
function trustedDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  const ours = typeof process.getuid !== "function" || st.uid === process.getuid();
  if (ours && (st.mode & 0o022) === 0) return dir;
  return mkdtempSync(join(tmpdir(), "relgen-sim-cache-"));
}

/** Builds (or finds in the cache) the client executable. */
export function prepareClient(options: ClientOptions = {}): ClientBinary {
  const cacheDir = trustedDir(options.cacheDir ?? defaultCacheDir());
  const prefer = options.prefer ?? (process.env.RELGEN_SIM_CLIENT === "node" ? "node" : "auto");
  if (prefer === "node") return buildNode(cacheDir, "requested");
  try {
    return buildC(cacheDir);
  } catch (e) {
    if (prefer === "c") throw e;
    const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    return buildNode(cacheDir, `C client unavailable (${msg})`);
  }
}

/** Links the client under each tool name in `binDir`. */
export function installTools(binDir: string, client: ClientBinary, names: readonly string[]): void {
  mkdirSync(binDir, { recursive: true });
  for (const name of names) symlinkSync(client.path, join(binDir, name));
}
