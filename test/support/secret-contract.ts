/**
 * The contract of the secret tools, for every `Backend` (the harness in
 * process, `HookToolBackend` over the simulator's tools): ownership and
 * leadership, grants scoped to relations, tracking and revisions, changes
 * applied only when the hook succeeds, typed errors, and content that never
 * reaches argv. The world is the backend contract's (mysql leads mysql/0..3,
 * related to keystone-router on db-router:2 and to nova-router on
 * db-router:10).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeMysqlClientProviderSecretUser, validateMysqlClientProviderSecretUser } from "../../generated/mysql_client/v0/provider.accessors.js";
import { SecretAccessError, SecretNotFoundError } from "../../src/runtime/errors.js";
import { failure, type ContractFactory } from "./backend-contract.js";

const CONTENT = { username: "relation-2", password: "Zq8kL2mN4pR6-sT9v wörd 🔑" };
const SECOND = { username: "relation-2", password: "second-Revision-77" };

export function secretContract(factory: ContractFactory): void {
  /** The leader creates a secret for keystone-router and grants it on db-router:2; committed. */
  async function granted() {
    const subject = await factory("mysql/0");
    const uri = await subject.backend.secretAdd(CONTENT, { label: "database.2.secret-user" });
    await subject.backend.secretGrant(uri, "db-router:2");
    const calls = subject.calls();
    subject.finish(true);
    return { ...subject, uri, addCalls: calls };
  }

  describe("secrets", () => {
    it("round-trip through secret-set and secret-get for every content the secret-user schema allows, non-ASCII included", async () => {
      const subject = await factory("mysql/0");
      const uri = await subject.backend.secretAdd(CONTENT, { label: "round-trip" });
      // Any non-empty strings: quotes, '=', newlines, leading dashes and spaces, YAML and JSON specials, any plane.
      const text = fc.oneof(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
        fc.constantFrom("-", "--file", "'", '"', "a=b", "null", "~", "[1]", "{}", " lead", "trail ", "line\nbreak", "tab\t", "#x", "💾é", "0x1F", "1e3"),
      );
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(fc.record({ username: text, password: text }), async (content) => {
          const wire = encodeMysqlClientProviderSecretUser(content);
          expect(validateMysqlClientProviderSecretUser(wire)).toEqual([]);
          await subject.backend.secretSet(uri, wire);
          expect(await subject.backend.secretGet({ uri }, { peek: true })).toEqual(wire);
          runs++;
        }),
        { numRuns: 30, seed: 17 },
      );
      expect(runs).toBe(30);
      for (const call of subject.calls()) expect(call.args.join(" ")).not.toContain(CONTENT.password);
      subject.finish(false);
    });

    it("secret-add prints the URI; the content goes in a file, never in argv; visible in the hook at once", async () => {
      const subject = await factory("mysql/0");
      const uri = await subject.backend.secretAdd(CONTENT, { label: "mine" });
      expect(uri).toMatch(/^secret:\/\/[0-9a-f-]{36}\/[0-9a-v]{20}$/);
      expect(await subject.backend.secretGet({ uri })).toEqual(CONTENT);
      expect(await subject.backend.secretInfo({ label: "mine" })).toEqual({ id: uri.slice(-20), revision: 1, label: "mine", owner: "application" });
      const [add] = subject.calls();
      expect(add!.tool).toBe("secret-add");
      expect(add!.args.slice(0, 5)).toEqual(["--owner", "application", "--label", "mine", "--file"]);
      for (const call of subject.calls()) for (const value of Object.values(CONTENT)) expect(call.args.join(" ")).not.toContain(value);
      expect(subject.engine.secrets()).toEqual([]); // nothing until the hook succeeds
      subject.finish(true);
      expect(subject.engine.secrets().map((s) => [s.label, s.revision, s.owner])).toEqual([["mine", 1, "mysql"]]);
      expect(subject.engine.secretContent(uri)).toEqual(CONTENT);
    });

    it("an application's secret is the leader's to add; a failed hook creates nothing", async () => {
      const follower = await factory("mysql/1");
      const error = await failure(follower.backend.secretAdd(CONTENT));
      expect(error).toBeInstanceOf(SecretAccessError);
      expect(error.stderr).toBe("ERROR this unit is not the leader");
      expect(error.message).not.toContain(CONTENT.password);
      const leader = follower.open("mysql/0");
      await leader.backend.secretAdd(CONTENT);
      leader.finish(false);
      expect(follower.engine.secrets()).toEqual([]);
    });

    it("is read by the application it was granted to over a live relation and by the owner's units; others are denied", async () => {
      const { engine, open, uri } = await granted();
      expect(engine.secrets()[0]!.grants).toEqual([{ target: "keystone-router", relationId: 2 }]);
      expect(await open("keystone-router/0").backend.secretGet({ uri })).toEqual(CONTENT);
      expect(await open("mysql/1").backend.secretGet({ uri })).toEqual(CONTENT);
      const denied = await failure(open("nova-router/0").backend.secretGet({ uri }));
      expect(denied).toBeInstanceOf(SecretAccessError);
      expect(denied.stderr).toBe("ERROR permission denied");
    });

    it("a reader tracks the revision it first saw: --peek shows the latest once, --refresh moves to it", async () => {
      const { open, uri, engine } = await granted();
      const reader = open("keystone-router/0");
      expect(await reader.backend.secretGet({ uri })).toEqual(CONTENT);
      reader.finish(true);
      const leader = open("mysql/0");
      await leader.backend.secretSet(uri, CONTENT); // the same content: no new revision
      await leader.backend.secretSet(uri, SECOND);
      leader.finish(true);
      expect(engine.secrets()[0]!.revision).toBe(2);
      // The reader is due a secret-changed hook (the uniter runs it once the unit is set up: see test/juju/secrets.test.ts).
      const tracked = engine.snapshot().model.secrets.secrets.filter((x) => x.tracking.some(([unit, t]) => unit === "keystone-router/0" && t.notified !== x.latest));
      expect(tracked.map((x) => x.id)).toEqual([uri.slice(-20)]);
      const again = open("keystone-router/0");
      expect(await again.backend.secretGet({ uri })).toEqual(CONTENT);
      expect(await again.backend.secretGet({ uri }, { peek: true })).toEqual(SECOND);
      expect(await again.backend.secretGet({ uri })).toEqual(CONTENT);
      expect(await again.backend.secretGet({ uri }, { refresh: true })).toEqual(SECOND);
      expect(await again.backend.secretGet({ uri })).toEqual(SECOND);
      expect(again.calls().map((c) => c.args.join(" "))).toEqual([
        `--format=json ${uri}`, `--format=json ${uri} --peek`, `--format=json ${uri}`, `--format=json ${uri} --refresh`, `--format=json ${uri}`,
      ]);
    });

    it("only the owner manages it: ids and info for the leader; revoke and remove take effect when the hook succeeds", async () => {
      const { open, uri, engine } = await granted();
      const leader = open("mysql/0");
      expect(await leader.backend.secretIds()).toEqual([uri.slice(-20)]);
      expect(await open("mysql/1").backend.secretIds()).toEqual([]);
      expect(await open("mysql/1").backend.secretInfo({ uri })).toBeNull();
      await leader.backend.secretRevoke(uri, "db-router:2");
      expect(engine.secrets()[0]!.grants).toHaveLength(1);
      leader.finish(true);
      expect(engine.secrets()[0]!.grants).toEqual([]);
      expect(await failure(open("keystone-router/0").backend.secretGet({ uri }))).toBeInstanceOf(SecretAccessError);
      const remover = open("mysql/0");
      await remover.backend.secretRemove(uri);
      remover.finish(true);
      expect(engine.secrets()).toEqual([]);
      const gone = await failure(open("mysql/1").backend.secretGet({ uri }));
      expect(gone).toBeInstanceOf(SecretNotFoundError);
      expect(gone.stderr).toBe(`ERROR secret ${JSON.stringify(uri)} not found`);
    });

    it("a label finds the owner's secret on any unit of the owning application", async () => {
      const { open } = await granted();
      expect(await open("mysql/2").backend.secretGet({ label: "database.2.secret-user" })).toEqual(CONTENT);
      expect(await failure(open("mysql/2").backend.secretGet({ label: "no-such-label" }))).toBeInstanceOf(SecretNotFoundError);
    });
  });
}
