/**
 * Juju's rules for secrets across hooks (the tools' own contract is in
 * test/support/secret-contract.ts): secret-changed reaches the units that
 * track a secret, once per new revision, never for a first read or for
 * unchanged content; grants go with their relation; content round-trips
 * through secret-set and secret-get whatever the strings.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RunHookOptions } from "../../src/runtime/hook.js";
import { Harness } from "../../src/testing/harness.js";

const DB = "name: db\nprovides:\n  database:\n    interface: mysql_client\n";
const APP = "name: app\nrequires:\n  database:\n    interface: mysql_client\n";

/** A charm that does nothing but remember the secret hooks it ran. */
function recorder(seen: string[]) {
  return async (o: RunHookOptions) => {
    const env = o.env ?? {};
    const hook = env["JUJU_DISPATCH_PATH"]?.split("/")[1] ?? "";
    if (hook.startsWith("secret-")) seen.push(`${env["JUJU_UNIT_NAME"]} ${hook} ${env["JUJU_SECRET_ID"]} ${JSON.stringify(env["JUJU_SECRET_LABEL"])}`);
    return { ok: true, hook, unit: env["JUJU_UNIT_NAME"] ?? "", flags: [], ran: [], relationSets: 0 };
  };
}

async function world() {
  const seen: string[] = [];
  const h = new Harness({ seed: 2 });
  h.addApplication("db", { metadata: DB, run: recorder(seen) }, 2);
  h.addApplication("app", { metadata: APP, run: recorder(seen) }, 2);
  const rel = h.relate("app:database", "db:database");
  await h.settle();
  const hook = h.openHook({ unit: "db/0", hook: "update-status" });
  const uri = await hook.backend.secretAdd({ password: "one" }, { label: "db-password" });
  await hook.backend.secretGrant(uri, `database:${rel}`);
  hook.finish(true);
  return { h, rel, uri, seen };
}

async function inHook<T>(h: Harness, unit: string, use: (b: ReturnType<Harness["openHook"]>["backend"]) => Promise<T>): Promise<T> {
  const hook = h.openHook({ unit, hook: "update-status" });
  try {
    return await use(hook.backend);
  } finally {
    hook.finish(true);
  }
}

describe("secret-changed", () => {
  it("runs on each unit that read the secret, once per new revision, with the secret's id and the reader's label", async () => {
    const { h, uri, seen } = await world();
    await h.settle();
    expect(seen).toEqual([]); // creating a secret notifies nobody
    await inHook(h, "app/0", (b) => b.secretGet({ uri, label: "their-password" }));
    await inHook(h, "db/1", (b) => b.secretGet({ uri }));
    await h.settle();
    expect(seen).toEqual([]); // nor does a first read

    await inHook(h, "db/0", (b) => b.secretSet(uri, { password: "one" })); // unchanged content
    await h.settle();
    expect(seen).toEqual([]);
    await inHook(h, "db/0", (b) => b.secretSet(uri, { password: "two" }));
    await h.settle();
    const id = `secret:${uri.slice(-20)}`;
    expect(seen.sort()).toEqual([`app/0 secret-changed ${id} "their-password"`, `db/1 secret-changed ${id} "db-password"`]);
    await h.settle();
    expect(seen).toHaveLength(2); // once per revision, whether or not the reader refreshed
  });
});

describe("grants", () => {
  it("go with the relation they were made on", async () => {
    const { h, uri } = await world();
    expect(await inHook(h, "app/1", (b) => b.secretGet({ uri }))).toEqual({ password: "one" });
    h.removeRelation("app:database", "db:database");
    await h.settle();
    expect(h.secrets()[0]!.grants).toEqual([]);
    await expect(inHook(h, "app/1", (b) => b.secretGet({ uri }))).rejects.toThrow(/permission denied/);
  });
});

describe("content", () => {
  it("round-trips through secret-set and secret-get for any strings, non-ASCII included", async () => {
    const { h, uri } = await world();
    const key = fc.stringMatching(/^[a-z](?:-?[a-z0-9]){2,8}$/);
    const content = fc.dictionary(key, fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), { minKeys: 1, maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(content, async (values) => {
        await inHook(h, "db/0", (b) => b.secretSet(uri, values));
        expect(await inHook(h, "db/1", (b) => b.secretGet({ uri }, { refresh: true }))).toEqual(values);
        expect(h.secretContent(uri)).toEqual(values);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
