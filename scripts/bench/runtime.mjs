// The runtime's section of `npm run bench`:
//   - hook-tool calls of one cluster-relation-changed hook with 8 peers (the bare
//     interface): 1 relation-ids, 1 relation-list, one relation-get per bag (peers, own, app), no relation-set
//     when nothing changed (at most 1 after a peer changed), at most 1 network-get, no juju-log;
//   - the in-process hook (harness, 9 units), beside a loop of 100k empty calls (target: 1 ms);
//   - the cold start of the bundled hook program on recorded answers (target: 1.3x `node -e 0`);
//   - one -relation-changed hook of a mysql_client provider related to 100 applications,
//     beside the same hook with 10 (target: linear, ratio <= 10), and its calls per relation.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeRow, pairedWithNode } from "./measure.mjs";

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

  // 1. Hook-tool calls of the bare interface (no handlers) in a cluster-relation-changed hook, 8 peers.
  {
    const peers = 8;
    const bare = new Charm([cluster]);
    const h = await settled(peers + 1);
    const hook = { unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: "mysql/1" };
    const steady = await h.deliver(hook, (o) => bare.run(o));
    h.writeDatabag("mysql/1", "cluster", { "cluster-address": '"10.9.9.9"' });
    const after = await h.deliver(hook, (o) => bare.run(o));
    for (const [label, record, sets] of [["settled", steady, 0], ["peer changed", after, 1]]) {
      const by = count(record.trace);
      // One relation-get per bag read: each peer's unit bag, the unit's own, and the peer app bag.
      const ok = by["relation-ids"] === 1 && by["relation-list"] === 1 && by["relation-get"] === peers + 2 && by["relation-set"] <= sets && by["network-get"] <= 1 && by["juju-log"] === 0;
      add(
        makeRow({
          section,
          name: `tool calls: peers hook, ${peers} peers, ${label}`,
          unit: "calls",
          samples: [record.trace.length],
          baseline: null,
          target: { text: `ids 1, list 1, get ${peers + 2}, set <=${sets}, net <=1, log 0`, check: () => ok },
          detail: `cluster-relation-changed, the interface alone: ${describe(by)}`,
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
    const program = join(tmp, "hook.mjs");
    await bundleHook(join(root, "scripts", "bench", "memory-hook.ts"), program);
    const opened = h9.openHook({ ...hook, relationId: h9.relationId() });
    const rec = recording(opened.backend);
    const recorded = await charm.run({ backend: rec.backend, env: opened.env, state: h9.stateStore("mysql/0"), setExitCode: false });
    opened.finish(false);
    if (!recorded.ok) throw new Error(recorded.error);
    const fixture = join(tmp, "fixture.json");
    writeFileSync(fixture, JSON.stringify({ answers: rec.answers, env: opened.env }));
    const cold = pairedWithNode(process.execPath, [program], { runs: 21, env: { ...process.env, RELGEN_FIXTURE: fixture } });
    add(makeRow({ section, name: "cold start, bundled hook program", unit: "ms", samples: cold.subject, baseline: { name: "node -e 0", samples: cold.baseline, unit: "ms" }, target: { on: "ratio", op: "<=", limit: 1.3 } }));
  }

  // 4. A mysql_client provider (leader) related to n applications: one database-relation-changed.
  {
    const { mysqlClientProvider, mysqlClientRequirer } = await dist("generated/mysql_client/index.js");
    const database = mysqlClientProvider("database");
    const server = defineCharm({ endpoints: [database] });
    server.when(database.flags.available).do(async (hook) => {
      if (!(await hook.isLeader())) return;
      for (const relation of database.relations) {
        const asked = relation.app.received.database;
        if (asked === undefined) continue;
        relation.publishApp({ database: asked, username: `relation-${relation.id.split(":")[1]}`, password: relation.local.app?.received.password ?? "pw-0123456789", endpoints: "10.5.0.10:3306" });
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
      for (let i = 0; i < n; i++) {
        h.addApplication(`app${i}`, { metadata: `name: app${i}\nrequires:\n  database:\n    interface: mysql_client\n`, run: (o) => clientCharm.run(o) }, 1);
        h.relate(`app${i}:database`, "db:database");
      }
      await h.settle({ maxHooks: 100_000 });
      const changed = { unit: "db/0", hook: "database-relation-changed", remoteUnit: "app0/0" };
      const first = await h.deliver(changed);
      if (!first.ok) throw new Error(first.error);
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await h.deliver(changed);
        samples.push(performance.now() - t0);
      }
      return { samples, trace: first.trace };
    };
    const ten = await measure(10, 60);
    const hundred = await measure(100, 20);
    add(makeRow({ section, name: "mysql_client provider hook, 100 apps", unit: "ms", samples: hundred.samples, baseline: { name: "same hook, 10 apps", samples: ten.samples, unit: "ms" }, target: { on: "ratio", op: "<=", limit: 10, text: "ratio <= 10 (linear)" } }));
    // The calls one more relation adds: (calls with 100 - calls with 10) / 90.
    const by = count(hundred.trace);
    const marginal = (hundred.trace.length - ten.trace.length) / 90;
    add(
      makeRow({
        section,
        name: "tool calls per added relation",
        unit: "calls",
        samples: [marginal],
        baseline: null,
        target: { on: "median", op: "<=", limit: 3, text: "<= 3 (1 list, 2 get)" },
        detail: `that hook: (calls with 100 apps - calls with 10) / 90; with 100: ${describe(by)}`,
      }),
    );
  }
}
