/**
 * `is<Flag>(relation)` is a type guard: when the flag's rule requires keys
 * valid (`app.valid`, `allUnits.valid`, directly, in `allOf` or through a
 * flag it refers to), the relation it returns true for has them in
 * `received`, typed without `undefined`. tsc (test/typecheck.test.ts) fails if
 * a `@ts-expect-error` line below stopped being an error or a narrowed line
 * stopped compiling; the first test checks that each directive stands for the
 * error it claims. At run time the guard says what the flag says.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mysqlClientRequirer, type MysqlClientRequirerAvailableRelation, type MysqlClientRequirerEndpoint } from "../../generated/mysql_client/index.js";
import type { FlagModel, Rule } from "../../src/generator/model.js";
import { receivedByFlag } from "../../src/generator/rules.js";
import { BIND, type EndpointBinding } from "../../src/runtime/endpoint.js";
import type { EndpointPort, RelationSnapshot } from "../../src/runtime/port.js";
import { flagSnapshot } from "../../src/runtime/secrets.js";
import { WidgetProviderEndpoint } from "../golden/expected/widget/v1/provider.endpoint.js";
import { expectedErrors } from "../support/expect-errors.js";

/** Binds an endpoint to these relations, with the flags its own computer gives them (as the runtime does). */
function bound<T extends EndpointBinding>(endpoint: T, relations: RelationSnapshot[]): T {
  const flags = new Map(relations.map((r) => [r.id, endpoint.definition.computeFlags(flagSnapshot(endpoint.definition, r))]));
  const port: EndpointPort = {
    relations: () => relations,
    flagsOf: (id) => flags.get(id) ?? {},
    isLeader: () => false,
    write: () => {},
    overrideIngress: () => {},
    readSecret: () => Promise.reject(new Error("no secrets here")),
    writeSecret: () => {},
  };
  endpoint[BIND](port);
  return endpoint;
}

const relation = (id: string, app: Record<string, string>, units: Record<string, string>[] = []): RelationSnapshot => ({
  id,
  application: "other",
  units: units.map((raw, i) => ({ relationId: id, name: `other/${i}`, raw })),
  app,
  local: {},
  localApp: null,
});

const EXPECTED = [
  ["void r.app.received.endpoints.length;", /^'r\.app\.received\.endpoints' is possibly 'undefined'/],
  ["void r.app.received.username.length;", /^'r\.app\.received\.username' is possibly 'undefined'/],
  ["void r.app.received.name.length;", /^'r\.app\.received\.name' is possibly 'undefined'/],
  ["void u.received.ready.valueOf();", /^'u\.received\.ready' is possibly 'undefined'/],
  ["void u.received.address.length;", /^'u\.received\.address' is possibly 'undefined'/],
] as const;

describe("is<Flag>(relation) narrows", () => {
  it("the keys its rule requires valid, and nothing else (each @ts-expect-error is the error it claims)", () => {
    const compileOnly = (database: MysqlClientRequirerEndpoint<"database">, widget: WidgetProviderEndpoint) => {
      for (const r of database.relations) {
        // @ts-expect-error: before the guard, endpoints may be missing
        void r.app.received.endpoints.length;
        if (database.isAvailable(r)) {
          const ready: MysqlClientRequirerAvailableRelation = r;
          const endpoints: string = ready.app.received.endpoints;
          void r.app.received.database.length;
          void endpoints;
          // @ts-expect-error: available asks for username and password or a secret-user (anyOf): neither is narrowed
          void r.app.received.username.length;
        }
      }
      // A predicate through find (TypeScript infers the arrow's guard).
      const ready = database.relations.find((r) => database.isAvailable(r));
      if (ready) void ready.app.received.endpoints.length;
      for (const r of widget.relations) {
        if (widget.isReady(r)) {
          // @ts-expect-error: `present` says nothing of validity: not narrowed
          void r.app.received.name.length;
        }
        if (widget.isValid(r)) {
          // allOf: app.valid name and tier, allUnits.valid address.
          const tier: "gold" | "silver" = r.app.received.tier;
          void tier;
          for (const u of r.units) {
            void u.received.address.length;
            // @ts-expect-error: ready is not in the rule
            void u.received.ready.valueOf();
          }
        }
        if (widget.isAnyReady(r)) {
          for (const u of r.units) {
            // @ts-expect-error: anyUnit (and present) narrows no unit
            void u.received.address.length;
          }
        }
      }
    };
    void compileOnly;
    const { lines, elsewhere } = expectedErrors(fileURLToPath(import.meta.url));
    expect(elsewhere).toEqual([]);
    expect(lines.map((l) => l.code)).toEqual(EXPECTED.map(([code]) => code));
    lines.forEach((l, i) => expect(l.errors.join("\n"), `line ${l.line}`).toMatch(EXPECTED[i]![1]));
  }, 180_000);

  it("per the rule: app.valid and allUnits.valid, in allOf and through flag references; never anyUnit, not or anyOf", () => {
    const cond = (valid: string[]) => ({ present: [], absent: [], valid });
    const flag = (name: string, rule: Rule): FlagModel => ({ name, description: "", rule });
    const flags = [
      flag("base", { app: cond(["a"]), allUnits: cond(["u"]) }),
      flag("more", { flags: ["base"], allOf: [{ app: cond(["b"]) }, { anyOf: [{ app: cond(["c"]) }] }] }),
      flag("loose", { anyUnit: cond(["u"]), not: { app: cond(["a"]) }, anyOf: [{ app: cond(["a"]) }, { app: cond(["a", "b"]) }] }),
    ];
    expect(receivedByFlag(flags[0]!, flags)).toEqual({ app: ["a"], unit: ["u"] });
    expect(receivedByFlag(flags[1]!, flags)).toEqual({ app: ["a", "b"], unit: ["u"] });
    expect(receivedByFlag(flags[2]!, flags)).toEqual({ app: [], unit: [] });
  });
});

describe("at run time, is<Flag>(relation)", () => {
  it("says what the flag says, on valid and invalid bags, by relation and by id", () => {
    const good = { database: "app", endpoints: "10.0.0.1:3306", username: "u", password: "p" };
    const database = bound(mysqlClientRequirer("database"), [
      relation("database:1", good),
      relation("database:2", { ...good, endpoints: "not an endpoint" }),
      relation("database:3", { database: "app", endpoints: "10.0.0.1:3306" }),
    ]);
    const seen = database.relations.map((r) => [r.id, database.isAvailable(r), database.isAvailable(r.id), r.flags.available]);
    expect(seen).toEqual([
      ["database:1", true, true, true],
      ["database:2", false, false, false],
      ["database:3", false, false, false],
    ]);
    const ready = database.relations.find((r) => database.isAvailable(r));
    expect(ready?.app.received.endpoints).toBe("10.0.0.1:3306");

    const app = { name: "shop", tier: '"gold"' };
    const widget = bound(new WidgetProviderEndpoint("widget"), [
      relation("widget:1", app, [{ address: "10.0.0.2" }, { address: "10.0.0.3" }]),
      relation("widget:2", app, [{ address: "10.0.0.2" }, { address: "nowhere" }]),
      relation("widget:3", { ...app, tier: '"bronze"' }, [{ address: "10.0.0.2" }]),
    ]);
    expect(widget.relations.map((r) => [r.id, widget.isValid(r), r.flags.valid])).toEqual([
      ["widget:1", true, true],
      ["widget:2", false, false],
      ["widget:3", false, false],
    ]);
    const valid = widget.relations.filter((r) => widget.isValid(r));
    expect(valid.flatMap((r) => [r.app.received.tier, ...r.units.map((u) => u.received.address)])).toEqual(["gold", "10.0.0.2", "10.0.0.3"]);
  });
});
