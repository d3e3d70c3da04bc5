/**
 * One GET from a registry server, with the limits another server's data
 * needs: a timeout for the whole exchange, a bound on the body (larger is
 * refused, never read whole), and status text escaped and bounded before it
 * reaches a message. A request that never gets an answer (DNS, refused,
 * reset, timed out) is `Unreachable`, which the caller may answer from its
 * cache; an answer it cannot use is a RegistryError.
 */
import { PASS_DIR, RegistryError, quoted, reasonOf } from "./errors.js";

/** The largest response read: registry schemas are a few KiB, its index a few tens. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

export type Fetched =
  | { readonly kind: "body"; readonly body: Uint8Array; readonly etag: string | null }
  | { readonly kind: "not-modified" }
  | { readonly kind: "missing" };

/** The server could not be reached; `reason` is short and safe to show. */
export class Unreachable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface GetOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Sent as If-None-Match. */
  readonly etag?: string | null;
}

/** GETs `url`: its body, `not-modified` (304), or `missing` (404 or 410). */
export async function get(url: string, options: GetOptions): Promise<Fetched> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.etag) headers["if-none-match"] = options.etag;
  let response: Response;
  try {
    response = await options.fetch(url, { headers, signal, redirect: "follow" });
  } catch (e) {
    throw new Unreachable(signal.aborted ? `timed out after ${seconds(options.timeoutMs)}` : reasonOf(e));
  }
  if (response.status === 304) return discard(response, { kind: "not-modified" });
  if (response.status === 404 || response.status === 410) return discard(response, { kind: "missing" });
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel().catch(() => undefined);
    const text = response.statusText ? ` ${quoted(response.statusText)}` : "";
    throw new RegistryError(`registry ${quoted(url)} answered HTTP ${response.status}${text}: try again later, or ${PASS_DIR}`);
  }
  const body = await readBounded(url, response, options, signal);
  return { kind: "body", body, etag: response.headers.get("etag") };
}

async function discard(response: Response, result: Fetched): Promise<Fetched> {
  await response.body?.cancel().catch(() => undefined);
  return result;
}

function tooLarge(url: string, maxBytes: number): RegistryError {
  return new RegistryError(`registry ${quoted(url)} sent more than ${size(maxBytes)}, which no schema needs: refused; check the registry URL, or ${PASS_DIR}`);
}

/** The body, read chunk by chunk and refused as soon as it passes `maxBytes`. */
async function readBounded(url: string, response: Response, options: GetOptions, signal: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, options.maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(url, options.maxBytes);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof RegistryError) throw e;
    throw new Unreachable(signal.aborted ? `timed out after ${seconds(options.timeoutMs)}` : reasonOf(e));
  }
  return Buffer.concat(chunks, total);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function size(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
