// The runtime's section of `npm run bench`:
//   - tool calls per peer hook of the demo charm, 4 -> 10 -> 30 units (target: flat, <= 1.1x the 4-unit figure);
//   - the in-process hook (harness, 9 units), beside a loop of 100k empty calls (target: 1 ms);
//   - the cold start of the bundled hook program on recorded answers (target: 1.2x `node -e 0`), and each step's share;
//   - the remote-application -changed hook of a mysql_client provider related to 100 applications,
//     beside the same with 10 (target: flat), and its tool calls (target: <= 6).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, makeRow, median, pairedWithNode } from "./measure.mjs";

const TOOLS = ["relation-ids", "relation-list", "relation-get", "relation-set", "network-get", "juju-log"];

/** Calls by tool, as `1 ids, 10 get, ...`: the tools above first, then any other. */
const describe = (by) =>
  Object.entries(by)
    .filter(([t, n]) => TOOLS.includes(t) || n > 0)
    .map(([t, n]) => `${n} ${t.replace("relation-", "")}`)
    .join(", ");

export async function run({ root, tmp, dist, add }) {
  const section = "runtime";
  const { Harness } = await dist("src/testing/harness.js");
  const { charm, cluster } = await dist("examples/mysql-innodb-cluster/src/charm.js");
  const { Charm, defineCharm } = await dist("src/runtime/index.js");
  const settled = async (units) => {
    const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
    h.addUnits(units);
    await h.settle({ maxHooks: 100_000 });
    return h;
  };
  const count = (trace) => {
    const by = Object.fromEntries(TOOLS.map((t) => [t, 0]));
    for (const c of trace) by[c.tool] = (by[c.tool] ?? 0) + 1;
    return by;
  };

  // 1. Tool calls per peer hook, 4 -> 10 -> 30 units: the demo charm, a settled cluster, then one unit added;
  //    the mean over the peer hooks the first units ran for it (read cache on).
  {
    const perHook = async (n) => {
      const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o), seed: 7 });
      h.addUnits(n);
      await h.settle({ maxHooks: 200_000 });
      const records = [];
      h.onHook((r) => records.push(r));
      h.addUnits(1);
      await h.settle({ maxHooks: 200_000 });
      const peer = records.filter((r) => r.unit !== `mysql/${n}` && r.hook.startsWith("cluster-relation-"));
      const by = count(peer.flatMap((r) => r.trace));
      return { mean: peer.reduce((a, r) => a + r.trace.length, 0) / peer.length, hooks: peer.length, by };
    };
    const four = await perHook(4);
    for (const n of [4, 10, 30]) {
      const at = n === 4 ? four : await perHook(n);
      add(
        makeRow({
          section,
          name: `tool calls per peer hook, ${n} units`,
          unit: "calls",
          samples: [at.mean],
          baseline: { name: "the same at 4 units", samples: [four.mean], unit: "calls" },
          target: { on: "ratio", op: "<=", limit: 1.1, text: "<= 1.1x the 4-unit figure" },
          detail: `the demo charm: a ${n}-unit cluster settled, one unit added; ${at.hooks} peer hooks of the first units; in all: ${describe(at.by)}`,
        }),
      );
    }
  }

  // 2. In-process hook time, 9 units: one cluster-relation-changed through the harness, tools included.
  const h9 = await settled(9);
  const hook = { unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: "mysql/1" };
  for (let i = 0; i < 200; i++) await h9.deliver(hook);
  const hookSamples = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    const r = await h9.deliver(hook);
    hookSamples.push((performance.now() - t0) * 1000);
    if (!r.ok) throw new Error(r.error);
  }
  const empty = () => {};
  const loopSamples = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    for (let j = 0; j < 100_000; j++) empty(j);
    loopSamples.push((performance.now() - t0) * 1000);
  }
  add(makeRow({ section, name: "in-process hook, 9 units (harness)", unit: "µs", samples: hookSamples, baseline: { name: "100k empty calls", samples: loopSamples, unit: "µs" }, target: { on: "median", op: "<", limit: 1000 } }));

  // 3. Cold start of the bundled hook program, replaying the answers recorded from that hook.
  {
    const { recording } = await dist("scripts/bench/replay-backend.js");
    const { bundleHook } = await dist("src/project/build.js");
    const program = join(tmp, "hook.cjs");
    await bundleHook(join(root, "scripts", "bench", "memory-hook.ts"), program);
    const opened = h9.openHook({ ...hook, relationId: h9.relationId() });
    const rec = recording(opened.backend);
    // The unit state goes with the answers: the replay starts from it, read cache included, as the unit would.
    const { serializeState } = await dist("src/runtime/state.js");
    const state = serializeState(h9.stateStore("mysql/0").load());
    const recorded = await charm.run({ backend: rec.backend, env: opened.env, state: h9.stateStore("mysql/0"), setExitCode: false });
    opened.finish(false);
    if (!recorded.ok) throw new Error(recorded.error);
    const fixture = join(tmp, "fixture.json");
    writeFileSync(fixture, JSON.stringify({ answers: rec.answers, env: opened.env, state }));
    const env = { ...process.env, RELGEN_FIXTURE: fixture };
    const cold = pairedWithNode(process.execPath, [program], { runs: 21, env });
    add(makeRow({ section, name: "cold start, bundled hook program", unit: "ms", samples: cold.subject, baseline: { name: "node -e 0", samples: cold.baseline, unit: "ms" }, target: { on: "ratio", op: "<=", limit: 1.2 }, detail: "hook.cjs with its V8 code cache (written by the first run), the recorded cluster-relation-changed of 9 units, from the unit's state (read cache included)" }));
    // Each step's share, so that the next cut is visible: Node's own modules the hook needs, then loading the bundle, then the hook.
    const builtins = pairedWithNode(process.execPath, ["-e", 'require("node:child_process"); require("node:crypto"); require("node:vm")'], { runs: 21 });
    const loaded = pairedWithNode(process.execPath, [program], { runs: 21, env: { ...env, RELGEN_BENCH_LOAD_ONLY: "1" } });
    const base = median(cold.baseline);
    const shares = { builtins: median(builtins.subject) - median(builtins.baseline), load: median(loaded.subject) - median(builtins.subject) - (median(loaded.baseline) - median(builtins.baseline)), run: median(cold.subject) - median(loaded.subject) };
    add(
      makeRow({
        section,
        name: "cold start: over node -e 0, by step",
        unit: "ms",
        samples: [median(cold.subject) - base],
        baseline: null,
        target: { on: "median", op: "<=", limit: 0.2 * base, text: `<= ${fmt(0.2 * base)} ms (0.2x node -e 0)` },
        detail: `child_process, crypto and vm modules ${fmt(shares.builtins)} ms; loading the bundle ${fmt(shares.load)} ms; the hook itself ${fmt(shares.run)} ms (medians of 21 runs each, beside node -e 0)`,
      }),
    );
  }

  // 4. A mysql_client provider (leader) related to n applications: the -changed of one application's bag.
  {
    const { mysqlClientProvider, mysqlClientRequirer } = await dist("generated/mysql_client/index.js");
    const database = mysqlClientProvider("database");
    const server = defineCharm({ endpoints: [database] });
    server.when(database.flags.available).do(async (hook) => {
      if (!(await hook.isLeader())) return;
      for (const relation of database.relations) {
        const asked = relation.app.received.database;
        if (asked === undefined) continue;
        const given = relation.local.app;
        // Answered already: nothing to read (the password is held back by the read cache) or write.
        if (given?.received.database === asked && given.has("password")) continue;
        relation.publishApp({ database: asked, username: `relation-${relation.id.split(":")[1]}`, password: "pw-0123456789", endpoints: "10.5.0.10:3306" });
      }
    });
    const client = mysqlClientRequirer("database");
    const clientCharm = defineCharm({ endpoints: [client] });
    clientCharm.when(client.flags.connected).do(async (hook) => {
      if (await hook.isLeader()) client.publishApp({ database: hook.info.app, requestedSecrets: [] });
    });
    const measure = async (n, runs) => {
      const h = new Harness();
      h.addApplication("db", { metadata: "name: db\nprovides:\n  database:\n    interface: mysql_client\n", run: (o) => server.run(o) }, 1);
      const ids = [];
      for (let i = 0; i < n; i++) {
        h.addApplication(`app${i}`, { metadata: `name: app${i}\nrequires:\n  database:\n    interface: mysql_client\n`, run: (o) => clientCharm.run(o) }, 1);
        ids.push(h.relate(`app${i}:database`, "db:database"));
      }
      await h.settle({ maxHooks: 100_000 });
      await h.deliver({ unit: "db/0", hook: "update-status" }); // reads again the own bags the last hook wrote
      const records = [];
      h.onHook((r) => records.push(r));
      const samples = [];
      let trace = null;
      for (let i = 0; i < runs; i++) {
        h.writeDatabag(`app0`, ids[0], { "extra-user-roles": `role-${i}` });
        const t0 = performance.now();
        await h.settle({ maxHooks: 100 });
        const hook = records.find((r) => r.unit === "db/0" && r.hook === "database-relation-changed" && r.remoteUnit === "");
        if (!hook?.ok) throw new Error(`no successful -changed of app0's bag on db/0: ${hook?.error ?? "none ran"}`);
        samples.push(performance.now() - t0);
        trace ??= hook.trace;
        records.length = 0;
      }
      return { samples, trace };
    };
    const ten = await measure(10, 40);
    const hundred = await measure(100, 20);
    add(makeRow({ section, name: "provider hook, 100 related apps, remote-app -changed", unit: "ms", samples: hundred.samples, baseline: { name: "same hook, 10 apps", samples: ten.samples, unit: "ms" }, target: { on: "ratio", op: "<=", limit: 10, text: "ratio <= 10 (linear)" }, detail: "the harness settling after one application changed its bag: that hook and the client's; its CPU grows with the relations the handler visits, its tool calls do not" }));
    const by = count(hundred.trace);
    add(
      makeRow({
        section,
        name: "tool calls: provider hook, 100 related apps",
        unit: "calls",
        samples: [hundred.trace.length],
        baseline: { name: "the same with 10", samples: [ten.trace.length], unit: "calls" },
        target: { on: "median", op: "<=", limit: 6, text: "<= 6" },
        detail: `database-relation-changed for one application's bag, leader: ${describe(by)}`,
      }),
    );
  }
}
