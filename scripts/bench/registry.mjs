// The registry's section of `npm run bench`:
//   - generating every interface version of ../shared/corpus, one version folder per
//     run, type-checked, as `relgen generate` does: the total, and the time per version;
//   - `relgen add --interface NAME` end to end, as a process, from a registry URL whose
//     files are cached (a loopback server that serves the corpus, answering 304s),
//     beside `node -e 0`.
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { makeRow, median } from "./measure.mjs";

/** Wall time (ms) of one run, without blocking this process (which serves the registry meanwhile). */
function timeOnce(cmd, args, { env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve({ ms: performance.now() - t0 }) : reject(new Error(`${args.slice(1, 3).join(" ")} exited ${code}: ${stderr.slice(-1000)}`))));
  });
}

export async function run({ root, tmp, dist, add }) {
  const section = "registry";
  const corpus = join(root, "..", "shared", "corpus");
  if (!existsSync(corpus)) throw new Error(`${corpus} is absent: the registry benchmarks read it`);
  const { generate } = await dist("src/generator/pipeline.js");

  // Every version folder of the corpus, generated and type-checked one by one.
  const folders = [];
  for (const collection of readdirSync(corpus).filter((c) => !c.endsWith(".md")).sort()) {
    for (const name of readdirSync(join(corpus, collection)).sort()) {
      for (const version of readdirSync(join(corpus, collection, name)).sort()) folders.push(join(corpus, collection, name, version));
    }
  }
  // Inside the package, so that the generated code resolves the runtime by a relative path, as in the tests.
  const outDir = join(root, ".test-output", "bench-registry");
  const perVersion = [];
  let failed = 0;
  const t0 = performance.now();
  for (const folder of folders) {
    const schemas = readdirSync(folder).filter((f) => f.endsWith(".json")).map((f) => join(folder, f));
    const start = performance.now();
    try {
      await generate({ schemas, outDir, baseDir: corpus });
    } catch {
      failed++;
    }
    perVersion.push(performance.now() - start);
  }
  const total = (performance.now() - t0) / 1000;
  rmSync(outDir, { recursive: true, force: true });
  add(makeRow({
    section,
    name: `generate every corpus interface version (${folders.length}), type-checked`,
    unit: "s",
    samples: [total],
    baseline: null,
    target: { on: "median", op: "<=", limit: 60 },
    detail: `${folders.length - failed} of ${folders.length} generated; median ${Math.round(median(perVersion))} ms a version, slowest ${Math.round(Math.max(...perVersion))} ms`,
  }));
  add(makeRow({ section, name: "generate one corpus interface version, type-checked", unit: "ms", samples: perVersion, baseline: null, target: { on: "median", op: "<=", limit: 1500 } }));

  // relgen add, end to end, warm cache.
  const server = await serveCorpus(corpus);
  try {
    const relgen = join(root, "bin", "relgen.js");
    const env = { ...process.env, RELGEN_CACHE_DIR: join(tmp, "cache"), RELGEN_REGISTRY: server.url };
    const base = join(tmp, "project");
    await timeOnce(process.execPath, [relgen, "init", base, "--interface", "ingress", "--role", "requirer", "--relgen", "^0.1.0"], { env });
    // Warm: the files add reads are cached by a first add.
    const fresh = (i) => {
      const dir = join(tmp, `project-${i}`);
      cpSync(base, dir, { recursive: true });
      return dir;
    };
    const args = (dir) => [relgen, "add", dir, "--interface", "tls_certificates", "--role", "requirer"];
    await timeOnce(process.execPath, args(fresh("warm")), { env });
    const subject = [];
    const baseline = [];
    for (let i = 0; i < 5; i++) {
      const dir = fresh(i);
      baseline.push((await timeOnce(process.execPath, ["-e", "0"])).ms);
      subject.push((await timeOnce(process.execPath, args(dir), { env })).ms);
    }
    add(makeRow({
      section,
      name: "relgen add --interface tls_certificates, warm cache",
      unit: "ms",
      samples: subject,
      baseline: { name: "node -e 0", samples: baseline, unit: "ms" },
      target: { on: "median", op: "<=", limit: 5000 },
      detail: "a process: look the name up, re-validate the cached files (304), copy, generate the project's interfaces, edit metadata.yaml",
    }));
  } finally {
    await server.close();
  }
}

/** A loopback registry serving the corpus in place: docs/json_schemas/, interfaces/…/schemas/, index.json; ETags and 304s. */
async function serveCorpus(corpus) {
  const index = [];
  for (const collection of ["charm-relation-interfaces", "charm-relation-interfaces-legacy"]) {
    const dir = join(corpus, collection);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) for (const v of readdirSync(join(dir, name))) index.push({ name, version: Number(v.slice(1)), status: "draft" });
  }
  const route = (path) => {
    let m = /^\/docs\/json_schemas\/([a-z0-9_-]+)\/(v\d+)\/(provider|requirer|peers)\.json$/.exec(path);
    if (m) return join(corpus, "charm-relation-interfaces", m[1], m[2], `${m[3]}.json`);
    m = /^\/interfaces\/([a-z0-9_-]+)\/(v\d+)\/schemas\/(provider|requirer|peers)\.json$/.exec(path);
    if (m) return join(corpus, "charm-relation-interfaces-legacy", m[1], m[2], `${m[3]}.json`);
    return null;
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = route(path);
    const body = path === "/index.json" ? Buffer.from(JSON.stringify(index)) : file && existsSync(file) ? readFileSync(file) : null;
    if (!body) return void res.writeHead(404).end();
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { ETag: etag }).end();
    res.writeHead(200, { ETag: etag, "Content-Type": "application/json" }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
