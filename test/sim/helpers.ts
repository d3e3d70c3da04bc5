/** Helpers for the simulator tests: throw-away charms and simulators that clean up after themselves. */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterTest } from "../support/temp.js";
import { Simulator, type SimulatorOptions } from "../../src/sim/index.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "sim");
export const RECORDER = join(FIXTURES, "recorder");

export const PEER_METADATA = `name: mysql
peers:
  cluster:
    interface: mysql-innodb-cluster
`;


/** A charm in a fresh temp dir whose `dispatch` is the given bash script body. */
export function makeCharm(dispatchBody: string, files: Record<string, string> = {}, metadata = PEER_METADATA): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-sim-charm-"));
  afterTest(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "metadata.yaml"), metadata);
  writeFileSync(join(dir, "dispatch"), `#!/bin/bash\nset -euo pipefail\n${dispatchBody}\n`);
  chmodSync(join(dir, "dispatch"), 0o755);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A copy of the recorder fixture with extra bash sourced at the end of every hook. */
export function recorderCharm(extra = ""): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-sim-charm-"));
  afterTest(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(RECORDER, dir, { recursive: true });
  if (extra) writeFileSync(join(dir, "extra.sh"), extra);
  return dir;
}

/** A simulator closed automatically after the test. */
export async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await Simulator.create(options);
  afterTest(() => sim.close());
  return sim;
}

export interface LoggedEvent {
  hook: string;
  remote: string;
  departing: string;
  members: string[] | null;
}

/** The recorder charm's events.log of a unit. */
export function events(sim: Simulator, unit: string): LoggedEvent[] {
  let text = "";
  try {
    text = readFileSync(join(sim.charmDir(unit), "events.log"), "utf8");
  } catch {
    return [];
  }
  return text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [hook, remote, departing, members] = line.split("|") as [string, string, string, string];
      return { hook, remote, departing, members: members === "-" ? null : (JSON.parse(members) as string[]) };
    });
}
