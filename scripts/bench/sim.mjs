// The simulator's section of `npm run bench`:
//   - a hook-tool call as a bash charm sees it (fork and exec of the client included,
//     timed with $EPOCHREALTIME), beside /bin/true started the same way (target: median 10 ms);
//   - the demo deployment (examples/bundle.yaml through every step of examples/deployment.ts)
//     with one hook at a time: a hook's wall time beside `node -e 0` (target: 3x), and the
//     relation-get calls of a client's database-relation-changed (target: at most 2);
//   - side by side with the Python stand-in of the original charm: hook wall time (target: 3x faster) and
//     tool calls a hook (target: half);
//   - `npm start` itself, which builds, checks and runs that deployment (target: under 60 s).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { attempt, makeRow, nodeE0 } from "./measure.mjs";

// A bash charm making the calls a reactive charm makes in a relation hook.
const DISPATCH = String.raw`#!/bin/bash
set -eu
log="$JUJU_CHARM_DIR/calls.log"
t() { local s=$EPOCHREALTIME; "$@" >/dev/null; local e=$EPOCHREALTIME; echo "$1 $s $e" >> "$log"; }
t /bin/true
t juju-log -l INFO "Reactive main running for hook $JUJU_HOOK_NAME"
t relation-ids --format=json cluster
t network-get --primary-address cluster
t config-get --all --format=json
t is-leader --format=json
t leader-get --format=json -
if [[ "$JUJU_HOOK_NAME" == cluster-relation-* && "$JUJU_HOOK_NAME" != *-broken ]]; then
  t relation-list --format=json -r "$JUJU_RELATION_ID"
  for u in $(relation-list -r "$JUJU_RELATION_ID"); do
    t relation-get --format=json -r "$JUJU_RELATION_ID" - "$u"
  done
  t relation-get --format=json -r "$JUJU_RELATION_ID" - "$JUJU_UNIT_NAME"
  addr=$(unit-get private-address)
  t relation-set -r "$JUJU_RELATION_ID" --file - <<<"{\"ingress-address\": \"$addr\", \"private-address\": \"$addr\", \"bench\": \"1\"}"
fi
t status-set active "ok"
`;

export async function run({ root, tmp, dist, add }) {
  const section = "sim";
  const { Simulator } = await dist("src/sim/index.js");
  const node = (samples) => ({ name: "node -e 0", samples, unit: "ms" });

  // 1. Hook-tool calls from a bash charm: 5 units, 2 more, one removed.
  await attempt(add, section, "tool call from a bash charm", async () => {
    const charmDir = join(tmp, "bash-charm");
    mkdirSync(charmDir);
    writeFileSync(join(charmDir, "metadata.yaml"), "name: mysql\npeers:\n  cluster:\n    interface: mysql-innodb-cluster\n");
    writeFileSync(join(charmDir, "dispatch"), DISPATCH);
    chmodSync(join(charmDir, "dispatch"), 0o755);
    const sim = await Simulator.create({ charmDir, seed: 1 });
    const calls = [];
    let failures = [];
    try {
      sim.addUnits(5);
      await sim.runUntilQuiet();
      sim.addUnits(2);
      await sim.runUntilQuiet();
      sim.removeUnit("mysql/5");
      await sim.runUntilQuiet();
      failures = sim.failures();
      for (const u of sim.allUnits()) {
        const log = join(sim.charmDir(u.name), "calls.log");
        if (!existsSync(log)) continue;
        for (const line of readFileSync(log, "utf8").trim().split("\n")) {
          const [tool, s, e] = line.split(" ");
          calls.push({ tool, ms: (Number(e) - Number(s)) * 1000 });
        }
      }
    } finally {
      await sim.close();
    }
    if (failures.length > 0) throw new Error(`the bash charm's hooks failed: ${JSON.stringify(failures)}`);
    const tools = calls.filter((c) => c.tool !== "/bin/true").map((c) => c.ms);
    const trues = calls.filter((c) => c.tool === "/bin/true").map((c) => c.ms);
    add(makeRow({ section, name: `tool call from a bash charm`, unit: "ms", samples: tools, baseline: { name: "/bin/true", samples: trues, unit: "ms" }, target: { on: "median", op: "<=", limit: 10 }, detail: `${sim.client.kind} client, fork and exec included, timed by the charm; /bin/true run the same way` }));
  });

  // 2. The demo deployment, one hook at a time, so that a hook's time is its own.
  await attempt(add, section, "demo hook (deployment, 1 job)", async () => {
    const { readBundle } = await dist("src/juju/bundle.js");
    const { runDeployment } = await dist("examples/deployment.js");
    const bundle = readBundle(join(root, "examples", "bundle.yaml"));
    const charms = Object.fromEntries(bundle.applications.map((a) => [a.name, a.charm.dir]));
    const before = nodeE0(11);
    const sim = await Simulator.create({ seed: 1 });
    let reports;
    let hooks;
    try {
      reports = await runDeployment(sim, charms, { bundle, jobs: 1 });
      hooks = sim.hooks;
    } finally {
      await sim.close();
    }
    const baseline = [...before, ...nodeE0(11)];
    const problems = reports.flatMap((r) => r.problems);
    if (problems.length > 0) throw new Error(`the demo deployment did not converge: ${problems.slice(0, 3).join("; ")}`);
    const mean = (app) => {
      const mine = hooks.filter((h) => h.app === app);
      return (mine.reduce((a, h) => a + h.trace.length, 0) / mine.length).toFixed(1);
    };
    add(
      makeRow({
        section,
        name: "demo hook (deployment, 1 job)",
        unit: "ms",
        samples: hooks.map((h) => h.durationMs),
        baseline: node(baseline),
        target: { on: "ratio", op: "<=", limit: 3 },
        detail: `wall time of each hook of the npm start deployment run one hook at a time; mean tool calls per hook: mysql ${mean("mysql")}, webapp ${mean("webapp")}`,
      }),
    );
    const client = hooks.filter((h) => h.app === "webapp" && h.hook === "database-relation-changed");
    add(
      makeRow({
        section,
        name: "client relation-changed: relation-get",
        unit: "calls",
        samples: client.map((h) => h.trace.filter((c) => c.tool === "relation-get").length),
        baseline: null,
        target: { text: "median <= 1, max <= 3", check: (row) => row.median <= 1 && row.max <= 3 },
        detail: `webapp database-relation-changed hooks of that run (${client.map((h) => h.trace.filter((c) => c.tool === "relation-get").length).join(" ")}): the cluster's app bag when it changed, the leader's own after writing it; the hook that first sees the secret reads the relation again`,
      }),
    );
  });

  // 2b. Side by side with the Python stand-in of the original charm (test/fixtures/charms/python-mysql), under the
  //     same simulated tools: the same 6-unit cluster deployed at once, one hook at a time, each hook's wall time
  //     and tool calls. The stand-in imports no charms.reactive or charmhelpers, so it starts faster than the original.
  await attempt(add, section, "side by side with the Python stand-in", async () => {
    const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout?.trim();
    if (!python) throw new Error("python3 is not installed");
    const deploy = async (charmDir) => {
      const sim = await Simulator.create({ seed: 4, env: { RELGEN_PYTHON: python } });
      try {
        sim.addApplication("mysql", charmDir, 6);
        await sim.runUntilQuiet({ jobs: 1, maxHooks: 5000 });
        if (sim.failures().length > 0) throw new Error(`${charmDir}: ${sim.failures().map((f) => `${f.unit} ${f.hook}`).join(", ")}`);
        return { ms: sim.hooks.map((h) => h.durationMs), calls: sim.hooks.map((h) => h.trace.length) };
      } finally {
        await sim.close();
      }
    };
    const ours = await deploy(join(root, "build", "charms", "mysql-innodb-cluster"));
    const theirs = await deploy(join(root, "test", "fixtures", "charms", "python-mysql"));
    const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
    add(makeRow({ section, name: "hook wall time, ours beside the Python stand-in", unit: "ms", samples: ours.ms, baseline: { name: "Python stand-in", samples: theirs.ms, unit: "ms" }, target: { on: "ratio", op: "<=", limit: 1 / 3, text: "ratio <= 0.33 (3x faster)" }, detail: `6 units deployed at once, one hook at a time: ${ours.ms.length} hooks of ours, ${theirs.ms.length} of the stand-in` }));
    add(makeRow({ section, name: "tool calls a hook, ours beside the Python stand-in", unit: "calls", samples: [mean(ours.calls)], baseline: { name: "Python stand-in", samples: [mean(theirs.calls)], unit: "calls" }, target: { on: "ratio", op: "<=", limit: 0.5 }, detail: "mean tool calls a hook of the same runs" }));
  });

  // 3. npm start as a user runs it: build (skipped when up to date), check generated/, the deployment.
  await attempt(add, section, "npm start", async () => {
    const seconds = [];
    const baseline = [];
    let hooks = 0;
    for (let i = 0; i < 3; i++) {
      baseline.push(...nodeE0(3));
      const t0 = performance.now();
      const r = spawnSync("npm", ["start"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
      seconds.push((performance.now() - t0) / 1000);
      if (r.status !== 0) throw new Error(`npm start exited ${r.status ?? r.signal}: ${(r.stderr ?? "").slice(-1000)}`);
      hooks = [...r.stdout.matchAll(/^== .*: (\d+) hooks, /gm)].reduce((a, m) => a + Number(m[1]), 0);
    }
    // The baseline: as many bare Node starts as npm start runs hooks, one after the other.
    const perHooks = baseline.map((ms) => (ms * hooks) / 1000);
    add(makeRow({ section, name: "npm start", unit: "s", samples: seconds, baseline: { name: `${hooks} x node -e 0`, samples: perHooks, unit: "s" }, target: { on: "median", op: "<", limit: 60 }, detail: `build (up to date), generate --check, the deployment with 2 jobs: ${hooks} hooks; baseline: as many node -e 0 one after another` }));
  });
}
