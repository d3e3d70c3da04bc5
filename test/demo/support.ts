/** Builds the demo charm (or a variant of its hook program) into a temp dir, and runs it on the simulator. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCharm } from "../../src/project/build.js";
import type { DemoCharms } from "../../examples/deployment.js";
import { charm as mysqlCharm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { charm as webappCharm } from "../../examples/webapp/src/charm.js";
import { parseBundle, type Bundle } from "../../src/juju/bundle.js";
import { Simulator, type SimulatorOptions } from "../../src/sim/index.js";
import type { HarnessCharm } from "../../src/testing/harness.js";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");

/**
 * A charm directory like build/charms/<name>, built by relgen build (with
 * `entry` as its hook program, default the example's own). The type-check is
 * left to test/typecheck.test.ts, which checks the whole project once.
 */
export async function buildExampleCharm(
  name: "mysql-innodb-cluster" | "webapp",
  entry = join(root, "examples", name, "src", "hook.ts"),
  into?: string,
): Promise<string> {
  let dir = into;
  if (dir === undefined) {
    dir = join(tempDir(`relgen-${name}-`), name);
  }
  const built = await buildCharm({ project: join(root, "examples", name), entry, out: dir, skipTypeCheck: true, force: true });
  return built.dir;
}

/**
 * examples/bundle.yaml as `npm start` reads it, with its charms built into a
 * temporary tree laid out like the repository (`build/charms/<name>`).
 */
export async function demoBundle(): Promise<Bundle> {
  const tree = tempDir("relgen-bundle-");
  for (const name of ["mysql-innodb-cluster", "webapp"] as const) await buildExampleCharm(name, undefined, join(tree, "build", "charms", name));
  const file = join(root, "examples", "bundle.yaml");
  return parseBundle(readFileSync(file, "utf8"), file, join(tree, "examples"));
}

/** The demo cluster charm, built (optionally with another hook program, such as a fault-injecting one). */
export const buildDemoCharm = (entry?: string): Promise<string> => buildExampleCharm("mysql-innodb-cluster", entry);

/** An example's metadata.yaml, as text. */
export const exampleMetadata = (name: "mysql-innodb-cluster" | "webapp"): string => readFileSync(join(root, "examples", name, "metadata.yaml"), "utf8");

export async function demoSim(charmDir: string, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return Simulator.create({ charmDir, app: "mysql", hookTimeoutMs: 20_000, ...options });
}

export const CLUSTER_FLAGS = ["cluster.available", "cluster.clustered", "cluster.connected"];
export const interfaceFlags = (flags: readonly string[]): string[] => flags.filter((f) => f.startsWith("cluster."));

/** The two demo charms in process, for the harness. */
export const inProcess: DemoCharms<HarnessCharm> = {
  mysql: { metadata: exampleMetadata("mysql-innodb-cluster"), run: (o) => mysqlCharm.run(o) },
  webapp: { metadata: exampleMetadata("webapp"), run: (o) => webappCharm.run(o) },
};
