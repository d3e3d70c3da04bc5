/** `relgen test-interface [DIR] --endpoint NAME [--runs N] [--seed N] [--app NAME] [--entry FILE]` */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { counterpartRole, type Role } from "../generator/model.js";
import { schemaPath } from "../project/interfaces.js";
import type { EndpointBinding } from "../runtime/endpoint.js";
import { InterfaceTestFailure, testInterface } from "../testing/interface-tester.js";
import type { EventCharm } from "../testing/run-event.js";
import { escapedIo, readCommandLine, type Io } from "./command-line.js";
import { parseCount } from "../sim/cli-steps.js";

export const TEST_INTERFACE_USAGE = `usage: relgen test-interface [DIR] --endpoint NAME [--runs N] [--seed N] [--app NAME] [--entry FILE]

Tests the charm project DIR (default: here) against the other side of one of
its endpoints: generates what that side may publish from its schema
(schema/<interface>/v<N>/<other role>.json in the project; for a peer endpoint,
the interface's own), valid and with a key invalid, missing or hostile, runs
each through a relation event (created, joined, changed with and without a
remote unit, departed, broken) as leader and as non-leader, and checks that no
hook fails, that what the charm publishes fits its own schema, and that an
invalid value counts as absent. A failure is shrunk and printed as a
state-in test to paste (runEvent from relgen/testing). Exits 0 when every
property held, 1 when one did not or the charm cannot be loaded, 2 on a usage
error.

  --endpoint NAME  the endpoint to test (metadata.yaml's name)
  --runs N         cases to run (default 100)
  --seed N         fast-check's seed (default 2026): the same seed, the same cases
  --app NAME       the application's name in the cases (default: the charm's)
  --entry FILE     the module that exports the charm (default: src/charm.ts),
                   bundled with esbuild into a temporary folder and imported
`;

/**
 * The charm's `relgen/runtime` is this relgen's own runtime, imported, not a
 * copy bundled beside it: the tester's hook contexts and the charm's handlers
 * then share one runtime (its errors, its hook context), as they do in a hook.
 */
const sameRuntime: Plugin = {
  name: "relgen-same-runtime",
  setup(b) {
    const own: Record<string, string> = {
      "relgen/runtime": fileURLToPath(new URL("../runtime/index.js", import.meta.url)),
      "relgen/runtime/formats": fileURLToPath(new URL("../runtime/formats.js", import.meta.url)),
    };
    b.onResolve({ filter: /^relgen\/runtime(?:\/formats)?$/ }, (args) => ({ path: own[args.path]!, external: true }));
  },
};

export async function testInterfaceCommand(argv: readonly string[], given: Io): Promise<number> {
  const io = escapedIo(given);
  const line = readCommandLine(
    "test-interface",
    argv,
    { endpoint: { type: "string" }, runs: { type: "string" }, seed: { type: "string" }, app: { type: "string" }, entry: { type: "string" } },
    TEST_INTERFACE_USAGE,
    io,
    "project",
  );
  if (typeof line === "number") return line;
  const { values } = line;
  const usage = (message: string): number => {
    io.stderr(`relgen test-interface: ${message}\n`);
    return 2;
  };
  if (!values.endpoint) return usage("--endpoint NAME is required (see relgen test-interface --help)");
  const runs = parseCount(values.runs ?? "100", 1, 1_000_000);
  const seed = parseCount(values.seed ?? "2026", 0, 0xffffffff);
  if (typeof runs === "string") return usage(`--runs needs a number of cases: ${runs}`);
  if (typeof seed === "string") return usage(`--seed needs a whole number: ${seed}`);
  const project = resolve(line.dir ?? ".");
  const entry = resolve(project, values.entry ?? join("src", "charm.ts"));

  let charm: EventCharm;
  const work = mkdtempSync(join(tmpdir(), "relgen-test-interface-"));
  try {
    const { build } = await import("esbuild");
    const out = join(work, "charm.mjs");
    await build({
      entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", outfile: out, logLevel: "silent", absWorkingDir: project,
      plugins: [sameRuntime],
    });
    const module = (await import(pathToFileURL(out).href)) as Record<string, unknown>;
    const found = Object.values(module).find((v): v is EventCharm => typeof v === "object" && v !== null && Array.isArray((v as EventCharm).endpoints) && typeof (v as EventCharm).run === "function");
    if (!found) {
      io.stderr(`relgen test-interface: ${entry} exports no charm (what defineCharm returns)\n`);
      return 1;
    }
    charm = found;
  } catch (e) {
    io.stderr(`relgen test-interface: cannot load the charm from ${entry}: ${(e as Error).message.split("\n")[0]}\n`);
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const endpoint: EndpointBinding | undefined = charm.endpoints.find((e) => e.endpoint === values.endpoint);
  if (!endpoint) return usage(`the charm has no endpoint ${JSON.stringify(values.endpoint)} (its endpoints: ${charm.endpoints.map((e) => e.endpoint).join(", ")})`);
  const d = endpoint.definition;
  const role: Role = d.role === "peers" ? "peers" : counterpartRole(d.role);
  const remoteSchema = schemaPath(project, { name: d.interface, version: d.version, role }, role);
  try {
    const report = await testInterface({ charm, endpoint, remoteSchema, runs, seed, ...(values.app ? { app: values.app } : {}) });
    const kinds = Object.entries(report.cases).map(([k, n]) => `${n} ${k}`).join(", ");
    io.stdout(`${values.endpoint}: ${report.runs} cases (${kinds}), seed ${report.seed}: every property held\n`);
    return 0;
  } catch (e) {
    if (e instanceof InterfaceTestFailure) {
      io.stderr(`relgen test-interface: ${e.message}`);
      return 1;
    }
    io.stderr(`relgen test-interface: ${(e as Error).message}\n`);
    return 1;
  }
}
