/**
 * A registry server on loopback for tests: serves the corpus in place
 * (../shared/corpus, never copied) in the layouts of charm-relation-interfaces,
 *
 * - `/docs/json_schemas/<n>/v<N>/<role>.json` -> `charm-relation-interfaces/<n>/v<N>/<role>.json`
 * - `/interfaces/<n>/v<N>/schemas/<role>.json` -> `charm-relation-interfaces-legacy/<n>/v<N>/<role>.json`
 * - `/index.json` -> every name and version of both, as the registry lists them,
 *
 * with strong ETags (304 on a matching If-None-Match), a count of requests
 * per path, and switches to misbehave: go down (connections refused), answer
 * a path with anything (a status, a huge body, a hostile index), or never
 * answer. The server closes itself after the test file; `close()` is there to
 * close it sooner.
 *
 *   const server = await startRegistryServer();
 *   const registry = openRegistry(server.url, { cacheDir: tempDir() });
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { corpus } from "./corpus.js";
import { afterFile } from "./temp.js";

/** What a path is answered with instead of the corpus. */
export interface Answer {
  readonly status?: number;
  readonly statusText?: string;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body of this many bytes, streamed (no Content-Length unless `declareLength`). */
  readonly bytes?: number;
  readonly declareLength?: boolean;
  /** Never answer (the request hangs until the client gives up or the server closes). */
  readonly stall?: boolean;
}

export interface RegistryServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Requests per path (`/index.json`, `/docs/json_schemas/…`), every answer counted. */
  readonly requests: Map<string, number>;
  /** 304 answers per path. */
  readonly notModified: Map<string, number>;
  /** Answers `path` with `answer` from now on; null goes back to the corpus. */
  answer(path: string, answer: Answer | null): void;
  /** Serves `entries` (any JSON value) as /index.json. */
  setIndex(entries: unknown): void;
  /** Stops listening and drops every connection: requests are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The folder holding charm-relation-interfaces and charm-relation-interfaces-legacy; default the corpus. */
  readonly root?: string;
}

const NAME = "[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*";
const ROUTES: readonly { readonly pattern: RegExp; readonly collection: string }[] = [
  { pattern: new RegExp(`^/docs/json_schemas/(${NAME})/(v\\d+)/(provider|requirer|peers)\\.json$`), collection: "charm-relation-interfaces" },
  { pattern: new RegExp(`^/interfaces/(${NAME})/(v\\d+)/schemas/(provider|requirer|peers)\\.json$`), collection: "charm-relation-interfaces-legacy" },
];

export async function startRegistryServer(options: ServerOptions = {}): Promise<RegistryServer> {
  const root = options.root ?? corpus;
  const requests = new Map<string, number>();
  const notModified = new Map<string, number>();
  const answers = new Map<string, Answer>();
  let index: Buffer = Buffer.from(JSON.stringify(corpusIndex(root), null, 2));

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const special = answers.get(path);
    if (special) return void respond(res, special);
    const body = path === "/index.json" ? index : corpusFile(root, path);
    if (!body) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 20)}"`;
    if (req.method === "GET" && req.headers["if-none-match"] === etag) {
      notModified.set(path, (notModified.get(path) ?? 0) + 1);
      return void res.writeHead(304, { etag }).end();
    }
    res.writeHead(200, { "content-type": "application/json", etag, "content-length": body.length }).end(body);
  };

  const server = createServer(handle);
  let port = 0;
  let listening = false;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        port = (server.address() as AddressInfo).port;
        listening = true;
        resolve();
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  afterFile(stop);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    notModified,
    answer: (path, answer) => void (answer ? answers.set(path, answer) : answers.delete(path)),
    setIndex: (entries) => void (index = Buffer.from(JSON.stringify(entries))),
    down: stop,
    up: listen,
    close: stop,
  };
}

function respond(res: ServerResponse, answer: Answer): void {
  if (answer.stall) return;
  const headers: Record<string, string | number> = { "content-type": "application/json", ...answer.headers };
  if (answer.bytes !== undefined) {
    if (answer.declareLength) headers["content-length"] = answer.bytes;
    res.writeHead(answer.status ?? 200, headers);
    streamBytes(res, answer.bytes);
    return;
  }
  const body = answer.body ?? "";
  res.writeHead(answer.status ?? 200, answer.statusText ?? "", { ...headers, "content-length": Buffer.byteLength(body) }).end(body);
}

/** `bytes` bytes of a JSON-looking string, written as the client reads them. */
function streamBytes(res: ServerResponse, bytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let left = bytes;
  const more = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once("drain", more);
    }
    res.end();
  };
  res.on("error", () => undefined);
  more();
}

/** The corpus file a registry path names, or null. */
function corpusFile(root: string, path: string): Buffer | null {
  for (const { pattern, collection } of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    try {
      return readFileSync(join(root, collection, m[1]!, m[2]!, `${m[3]}.json`));
    } catch {
      return null;
    }
  }
  return null;
}

/** index.json as the registry writes it: one entry per name and version that has a schema in either collection. */
export function corpusIndex(root = corpus): { name: string; version: number; status: string }[] {
  const seen = new Set<string>();
  const entries: { name: string; version: number; status: string }[] = [];
  for (const { collection } of ROUTES) {
    for (const name of list(join(root, collection))) {
      for (const folder of list(join(root, collection, name))) {
        const version = /^v(\d+)$/.exec(folder);
        const key = `${name}/${folder}`;
        if (!version || seen.has(key) || !statSync(join(root, collection, name, folder)).isDirectory()) continue;
        seen.add(key);
        entries.push({ name, version: Number(version[1]), status: "draft" });
      }
    }
  }
  return entries.sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1));
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
