/**
 * Property: through the whole runtime (snapshot, flag derivation, commit), a
 * unit's committed interface flags always equal the spec's rules applied to
 * its peers' current bags, and `.changed.<key>` is set exactly when a peer's
 * decoded value of that key changed since the last hook.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeJson, encodeJson, pyTruthy } from "../../src/runtime/codec.js";
import { Charm } from "../../src/runtime/index.js";
import { cluster, interfaceFlags, peerWorld, publish } from "../support/peer-world.js";

const KEYS = ["cluster-address", "cluster-user", "cluster-password", "unit-clustered"] as const;
const VALUES = ["", "null", "true", "false", "0", '""', '"x"', "[]", "{}", "10.0.0.1", '"10.0.0.1"', "[1]", ' "x" '];

function expected(bags: Record<string, string>[]): string[] {
  const present = (bag: Record<string, string>, key: string) => pyTruthy(decodeJson(bag[key]));
  const all = (keys: string[]) => bags.every((b) => keys.every((k) => present(b, k)));
  const flags: string[] = [];
  if (bags.length >= 2 && all(["cluster-address", "cluster-user", "cluster-password"])) flags.push("cluster.available");
  if (bags.length >= 2 && all(["unit-clustered"])) flags.push("cluster.clustered");
  if (bags.length >= 1) flags.push("cluster.connected");
  return flags;
}

const canonical = (raw: string | undefined) => (raw === undefined || raw === "" ? undefined : encodeJson(decodeJson(raw)));

describe("runtime flags on random histories", () => {
  it("equal the rules after every hook, and changed.<key> tracks decoded changes", async () => {
    const op = fc.record({
      unit: fc.constantFrom("mysql/1", "mysql/2", "mysql/3"),
      key: fc.constantFrom(...KEYS),
      value: fc.constantFrom(...VALUES),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const h = await peerWorld(4);
        const clearer = new Charm<string>([cluster]);
        clearer.when().do(() => {
          for (const key of KEYS) clearer.clearFlag(`endpoint.cluster.changed.${key}`);
        });
        await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => clearer.run(o));
        for (const { unit, key, value } of ops) {
          const before = canonical(h.bag(unit)[key]);
          publish(h, unit, { [key]: value });
          const r = await h.deliver({ unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: unit });
          const peers = ["mysql/1", "mysql/2", "mysql/3"].map((u) => h.bag(u));
          expect(interfaceFlags(r.result.flags)).toEqual(expected(peers));
          expect(r.result.flags.includes(`endpoint.cluster.changed.${key}`)).toBe(before !== canonical(value));
          await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => clearer.run(o));
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
