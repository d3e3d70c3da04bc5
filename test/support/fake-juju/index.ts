/**
 * Installs the fake hook tools (`fake-juju.mjs`) into a temporary directory,
 * one symlink per tool, and gives each test its own state and record files.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { MemoryModelData } from "../../../src/runtime/memory-backend.js";

export const FAKE_TOOLS = [
  "relation-ids",
  "relation-list",
  "relation-get",
  "relation-set",
  "network-get",
  "juju-log",
  "is-leader",
  "leader-get",
  "leader-set",
  "status-set",
] as const;

/** Makes one tool misbehave instead of doing its job. */
export interface FakeFault {
  exit?: number;
  stdout?: string;
  stderr?: string;
  /** Sleep this long, then exit 0 (to test timeouts). */
  hangMs?: number;
}

export interface FakeJujuState {
  unit: string;
  relationId?: string;
  model: MemoryModelData;
  pending?: Record<string, { unit: Record<string, string>; app: Record<string, string> }>;
  faults?: Record<string, FakeFault>;
}

/** One invocation as the fake saw it (argv NOT redacted). */
export interface FakeRecord {
  tool: string;
  args: string[];
  pid: number;
}

export interface FakeSession {
  statePath: string;
  recordPath: string;
  /** Environment for `HookToolBackend`: the fake's variables plus `JUJU_UNIT_NAME`. */
  env: NodeJS.ProcessEnv;
  readState(): Promise<FakeJujuState>;
  writeState(state: FakeJujuState): Promise<void>;
  records(): Promise<FakeRecord[]>;
}

export interface FakeJuju {
  /** Directory holding one executable per tool. */
  toolDir: string;
  /** Fresh state and record files for one test. */
  session(state: FakeJujuState): Promise<FakeSession>;
  cleanup(): Promise<void>;
}

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "fake-juju.mjs");

export async function createFakeJuju(): Promise<FakeJuju> {
  const root = await mkdtemp(join(tmpdir(), "fake-juju-"));
  const toolDir = join(root, "bin");
  await mkdir(toolDir);
  // A copy whose shebang names this very node binary, so the tools work
  // whatever PATH the backend hands them.
  const source = await readFile(SCRIPT, "utf8");
  const script = join(root, "fake-juju.mjs");
  await writeFile(script, source.replace(/^#!.*\n/, `#!${process.execPath}\n`));
  await chmod(script, 0o755);
  for (const tool of FAKE_TOOLS) await symlink(script, join(toolDir, tool));
  let sessions = 0;
  return {
    toolDir,
    async session(state) {
      const n = sessions++;
      const statePath = join(root, `state-${n}.json`);
      const recordPath = join(root, `record-${n}.jsonl`);
      await writeFile(statePath, JSON.stringify(state));
      await writeFile(recordPath, "");
      return {
        statePath,
        recordPath,
        env: { ...hostEnv(), FAKE_JUJU_STATE: statePath, FAKE_JUJU_RECORD: recordPath, JUJU_UNIT_NAME: state.unit },
        async readState() {
          return JSON.parse(await readFile(statePath, "utf8")) as FakeJujuState;
        },
        async writeState(next) {
          await writeFile(statePath, JSON.stringify(next));
        },
        async records() {
          const text = await readFile(recordPath, "utf8");
          return text
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => JSON.parse(line) as FakeRecord);
        },
      };
    },
    async cleanup() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The test process's environment without any `JUJU_*` variable (hermetic tools). */
function hostEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("JUJU_")) env[key] = value;
  return env;
}
