/**
 * A secret URI is bound to the relation where the unit first saw it (issue
 * 17), in the harness. An evil mysql_client provider that publishes mysql's
 * `secret-user` URI beside its own `endpoints` gets nothing: a client that
 * connects to every relation whose credentials it can read (the greedy
 * fixture) never connects to it, the key counts as absent there, `secret()`
 * throws `SecretReadError` "foreign", Juju is never asked for the secret on
 * that relation, a WARNING names both relations, the key and its owner, and
 * the password reaches no bag, log, trace or status. The binding lives in the
 * unit state, outlives its relation, and stays bounded; the simulator test is
 * test/demo/evil-apps.test.ts, among other evil data.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { mysqlClientRequirer } from "../../generated/mysql_client/index.js";
import type { RelationSnapshot } from "../../src/runtime/port.js";
import { defineCharm, FileStateStore, SecretReadError, StateFileError, type HookResult } from "../../src/runtime/index.js";
import { bindSecrets, MAX_GONE_SECRETS, MAX_REMEMBERED_SECRETS, secretId, type SecretBindings, type SecretSight } from "../../src/runtime/secrets.js";
import { parseState, serializeState } from "../../src/runtime/state.js";
import { Harness } from "../../src/testing/harness.js";
import { inProcess } from "../demo/support.js";
import * as greedy from "../fixtures/charms/greedy/charm.js";
import { tempDir } from "../support/temp.js";

const EVIL = (name: string): string => `name: ${name}\nprovides:\n  database:\n    interface: mysql_client\n`;
const noop = async (): Promise<HookResult> => ({ ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 });
const EVIL_ENDPOINTS = "6.6.6.6:3306";
const MYSQL_ENDPOINTS = "10.5.0.10:3306,10.5.0.11:3306,10.5.0.12:3306";

const connections: greedy.Connection[] = [];
greedy.sink.write = (_dir, c) => void connections.push(c);
beforeEach(() => void (connections.length = 0));

const greedyCharm = { metadata: greedy.METADATA, run: (o: Parameters<typeof greedy.charm.run>[0]) => greedy.charm.run(o) };

/** mysql (3) serving greedy (2); then evil, related to greedy, copies mysql's secret-user URI into its own answer. */
async function world() {
  const h = new Harness({ seed: 4 });
  h.addApplication("mysql", inProcess.mysql, 3);
  h.addApplication("greedy", greedyCharm, 2);
  h.addApplication("evil", { metadata: EVIL("evil"), run: noop }, 1);
  const good = h.relate("greedy:database", "mysql:database");
  await h.settle();
  const bad = h.relate("greedy:database", "evil:database");
  await h.settle();
  const uri = h.appDatabag("mysql", good)["secret-user"]!;
  const password = h.secretContent(uri)["password"]!;
  expect(password).toMatch(/^[A-Za-z0-9]{16,}$/);
  const before = h.records.length;
  h.writeDatabag("evil", bad, { database: "greedy", endpoints: EVIL_ENDPOINTS, "secret-user": uri });
  await h.settle();
  return { h, good, bad, uri, password, before };
}

/** Everything the model recorded, as text: bags of every relation, logs and statuses of every unit, every hook record. */
function everything(h: Harness): string {
  const out: string[] = [];
  for (const r of h.relations()) {
    for (const end of r.endpoints) out.push(JSON.stringify(h.appDatabag(end.app, r.id)));
    for (const unit of r.units) out.push(JSON.stringify(h.databag(unit, r.id)));
  }
  for (const { name } of h.allUnits()) out.push(JSON.stringify([h.logs(name), h.status(name)]));
  for (const r of h.records) out.push(JSON.stringify([r.trace, r.stdout, r.stderr, r.status, r.flags, r.error ?? "", r.result]));
  return out.join("\n");
}

const warnings = (h: Harness, unit: string): string[] => h.logs(unit).filter((l) => l.level === "WARNING").map((l) => l.message);
const secretGets = (h: Harness, from: number, unit?: string) =>
  h.records.slice(from).filter((r) => !unit || r.unit === unit).flatMap((r) => r.trace.filter((c) => c.tool === "secret-get").map((c) => c.argv.join(" ")));

describe("a provider that publishes another application's secret URI", () => {
  it("gets no connection: the key counts as absent on its relation, secret() says foreign, a WARNING names both relations, the password goes nowhere", async () => {
    const { h, good, bad, uri, password } = await world();
    for (const unit of h.units("greedy")) {
      expect(h.status(unit)).toEqual({ state: "active", message: `database:${good} connected, available; database:${bad} foreign, not available` });
      // Logged once (in the hook that saw it first), not in every hook after.
      expect(warnings(h, unit)).toEqual([
        `database:${bad}: database: application evil points secret-user on database:${bad} to a secret that belongs to database:${good} (mysql), where this unit first saw it: it is not read on database:${bad}, and secret-user counts as absent there`,
      ]);
      expect(h.unitState(unit)!["secretBindings"]).toEqual({ [secretId(uri)]: { relation: `database:${good}`, application: "mysql" } });
    }
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.filter((c) => c.endpoints !== MYSQL_ENDPOINTS)).toEqual([]);
    expect(new Set(connections.map((c) => c.relation))).toEqual(new Set([`database:${good}`]));
    // Not in evil's bags, nor any other bag, log, status or hook record; the logs do not name the URI either.
    const text = everything(h);
    expect(text.includes(password)).toBe(false);
    for (const unit of h.units("greedy")) expect(JSON.stringify(h.logs(unit))).not.toContain(secretId(uri));
  });

  it("is never asked for: no secret-get names it on that relation, not even secret() with refresh", async () => {
    const { h, bad, uri } = await world();
    const ep = mysqlClientRequirer("database");
    const probe = defineCharm({ endpoints: [ep] });
    const got: unknown[] = [];
    probe.when().do(async function readEvilSecret() {
      const relation = ep.relations.find((r) => r.id === `database:${bad}`)!;
      for (const refresh of [false, true]) got.push(await relation.app.secret("secretUser", { refresh }).then(() => "read", (e: unknown) => e));
    });
    const before = h.records.length;
    const record = await h.deliver({ unit: "greedy/1", hook: "update-status" }, (o) => probe.run(o));
    expect(record.ok).toBe(true);
    for (const e of got) {
      expect(e).toBeInstanceOf(SecretReadError);
      expect(e).toMatchObject({ reason: "foreign", key: "secret-user", relation: `database:${bad}`, endpoint: "database" });
      expect((e as Error).message).not.toContain(secretId(uri));
    }
    // The one read of the hook is mysql's relation's (the same URI, read once), never with --refresh.
    expect(secretGets(h, before)).toEqual([`--format=json ${uri}`]);
  });

  it("stays refused when the relation it belongs to goes, and no hook asks Juju for it; mysql related again serves its new secret", async () => {
    const { h, good, bad, uri, password } = await world();
    h.removeRelation(good);
    await h.settle();
    for (const unit of h.units("greedy")) {
      expect(h.status(unit)).toEqual({ state: "active", message: `database:${bad} foreign, not available` });
      // Kept although its relation is gone: only mysql may take it over.
      expect(h.unitState(unit)!["secretBindings"]).toEqual({ [secretId(uri)]: { relation: `database:${good}`, application: "mysql" } });
    }
    // From the hook where mysql's relation is gone for greedy/0 (its -broken, where the grant may still hold) on, no read at all.
    const broken = h.records.findIndex((r) => r.unit === "greedy/0" && r.hook === "database-relation-broken");
    expect(broken).toBeGreaterThan(0);
    expect(secretGets(h, broken, "greedy/0")).toEqual([]);
    expect(connections.filter((c) => c.endpoints === EVIL_ENDPOINTS)).toEqual([]);

    const again = h.relate("greedy:database", "mysql:database");
    await h.settle();
    for (const unit of h.units("greedy")) {
      expect(h.status(unit)).toEqual({ state: "active", message: `database:${bad} foreign, not available; database:${again} connected, available` });
    }
    expect(connections.filter((c) => c.endpoints === EVIL_ENDPOINTS)).toEqual([]);
    expect(everything(h).includes(password)).toBe(false);
  });
});

describe("the first relation to show a secret", () => {
  it("is none when two applications show it for the first time in the same hook; the one left alone gets it", async () => {
    const h = new Harness({ seed: 2 });
    h.addApplication("greedy", greedyCharm, 1);
    h.addApplication("vault", { metadata: EVIL("vault"), run: noop }, 1);
    h.addApplication("evil", { metadata: EVIL("evil"), run: noop }, 1);
    const own = h.relate("greedy:database", "vault:database");
    const bad = h.relate("greedy:database", "evil:database");
    await h.settle();
    const PASSWORD = "Vq3Lm8Kz2Tn6Wp4R";
    const opened = h.openHook({ unit: "vault/0", hook: "update-status" });
    const uri = await opened.backend.secretAdd({ username: "greedy", password: PASSWORD }, { owner: "application" });
    await opened.backend.secretGrant(uri, `database:${own}`);
    opened.finish(true);
    h.writeDatabag("vault", own, { database: "greedy", endpoints: "10.9.0.1:3306", "secret-user": uri });
    h.writeDatabag("evil", bad, { database: "greedy", endpoints: EVIL_ENDPOINTS, "secret-user": uri });
    await h.settle();
    expect(h.status("greedy/0")).toEqual({ state: "active", message: `database:${own} foreign, not available; database:${bad} foreign, not available` });
    const logged = warnings(h, "greedy/0");
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain(`application vault points secret-user on database:${own} to a secret that database:${bad} shows too`);
    expect(logged[1]).toContain(`application evil points secret-user on database:${bad} to a secret that database:${own} shows too`);
    expect(connections).toEqual([]);
    expect(h.unitState("greedy/0")!["secretBindings"]).toBeUndefined();

    h.removeRelation(bad);
    await h.settle();
    expect(h.status("greedy/0")).toEqual({ state: "active", message: `database:${own} connected, available` });
    expect(connections.map((c) => [c.relation, c.endpoints, c.password])).toEqual([[`database:${own}`, "10.9.0.1:3306", greedy.sha256(PASSWORD)]]);
    expect(everything(h).includes(PASSWORD)).toBe(false);
  });
});

describe("bindSecrets", () => {
  const rel = (id: string, application: string): RelationSnapshot => ({ id, application, units: [], app: {}, local: null, localApp: null });
  const sight = (relation: RelationSnapshot, id: string): SecretSight => ({ endpoint: "database", relation, owner: relation.application, wire: "secret-user", uri: `secret:${id}`, id });

  it("gives a secret first seen on several relations of one application to the oldest (lowest id, as a number)", () => {
    const [a, b] = [rel("database:10", "mysql"), rel("database:9", "mysql")];
    const { bindings, verdicts } = bindSecrets({}, [a, b], [sight(a, "s1"), sight(b, "s1")]);
    expect(bindings).toEqual({ s1: { relation: "database:9", application: "mysql" } });
    expect([...verdicts.values()].map((v) => v.ok)).toEqual([false, true]);
  });

  it("moves a binding whose relation is gone to a new relation of the same application, never to another", () => {
    const previous: SecretBindings = { s1: { relation: "database:3", application: "mysql" } };
    const [evil, mysql] = [rel("database:4", "evil"), rel("database:7", "mysql")];
    const alone = bindSecrets(previous, [evil], [sight(evil, "s1")]);
    expect(alone.bindings).toEqual(previous);
    expect(alone.verdicts.get([...alone.verdicts.keys()][0]!)).toMatchObject({ ok: false, message: expect.stringContaining("database:3 (mysql, a relation that is gone)") });
    const back = bindSecrets(previous, [evil, mysql], [sight(evil, "s1"), sight(mysql, "s1")]);
    expect(back.bindings).toEqual({ s1: { relation: "database:7", application: "mysql" } });
    expect([...back.verdicts.values()].map((v) => v.ok)).toEqual([false, true]);
  });

  it("is bounded: shown secrets are kept, with the latest remembered per live relation and of gone relations", () => {
    const live = rel("database:1", "mysql");
    const previous: Record<string, { relation: string; application: string }> = {};
    for (let i = 0; i < MAX_REMEMBERED_SECRETS + 5; i++) previous[`old${i}`] = { relation: "database:1", application: "mysql" };
    for (let i = 0; i < MAX_GONE_SECRETS + 7; i++) previous[`gone${i}`] = { relation: `database:${100 + i}`, application: "x" };
    const { bindings } = bindSecrets(previous, [live], [sight(live, "old0"), sight(live, "new")]);
    const ids = Object.keys(bindings);
    expect(ids.filter((id) => id.startsWith("old"))).toEqual(["old0", ...Array.from({ length: MAX_REMEMBERED_SECRETS }, (_, i) => `old${i + 5}`)]);
    expect(ids.filter((id) => id.startsWith("gone"))).toEqual(Array.from({ length: MAX_GONE_SECRETS }, (_, i) => `gone${i + 7}`));
    expect(bindings["new"]).toEqual({ relation: "database:1", application: "mysql" });
  });
});

describe("the unit state file", () => {
  it("keeps the bindings, loads an earlier version's file without them, and refuses a malformed one", () => {
    const dir = tempDir("relgen-foreign-state-");
    const store = new FileStateStore(dir);
    writeFileSync(join(dir, ".unit-state.json"), '{"version":1,"flags":["a"],"seen":{},"ingressOverride":{}}\n');
    expect(store.load()).toEqual({ flags: ["a"], seen: {}, ingressOverride: {} });
    const secretBindings = { cs2k1fn2s3ku77f5ml6g: { relation: "database:3", application: "mysql" } };
    store.save({ flags: ["a"], seen: {}, ingressOverride: {}, secretBindings });
    expect(store.load()).toEqual({ flags: ["a"], seen: {}, ingressOverride: {}, secretBindings });
    expect(serializeState({ flags: [], seen: {}, ingressOverride: {}, secretBindings: {} })).toBe('{"version":1,"flags":[],"seen":{},"ingressOverride":{}}\n');
    expect(() => parseState({ version: 1, flags: [], secretBindings: { x: "database:3" } }, "f")).toThrow(StateFileError);
  });
});
