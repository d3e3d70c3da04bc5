/**
 * Typed config and the hook's context, in the harness: every option type,
 * defaults, unset options, wrong types (a per-option issue, never a crash),
 * the typed config.changed flags, a secret option, and who and where the
 * hook runs.
 */
import { describe, expect, it } from "vitest";
import { decodeConfig, defineCharm, defineConfig, requireOptions, type Hook } from "../../src/runtime/index.js";
import { Harness } from "../../src/testing/harness.js";

interface Config {
  readonly name: string;
  readonly port: number;
  readonly ratio: number;
  readonly debug: boolean;
  readonly motd?: string | undefined;
  readonly apiToken?: import("../../src/runtime/index.js").ConfigSecret | undefined;
}
type Option = "name" | "port" | "ratio" | "debug" | "motd" | "api-token";
const config = defineConfig<Config, Option>("config.yaml", [
  { name: "api-token", ts: "apiToken", type: "secret" },
  { name: "debug", ts: "debug", type: "boolean", default: false },
  { name: "motd", ts: "motd", type: "string" },
  { name: "name", ts: "name", type: "string", default: "web" },
  { name: "port", ts: "port", type: "int", default: 8080 },
  { name: "ratio", ts: "ratio", type: "float", default: 0.5 },
]);
const defaults = { debug: false, name: "web", port: 8080, ratio: 0.5, motd: null, "api-token": null };

/** A charm that records what each hook saw and clears the changed flags it consumed. */
function recordingCharm() {
  const seen: { hook: string; config: Config; issues: readonly { key: string; message: string }[]; changed: string[]; context: Record<string, unknown>; token?: Readonly<Record<string, string>> }[] = [];
  const charm = defineCharm({ endpoints: [], config });
  charm.when().do(async function record(hook: Hook<Config>) {
    const changed = hook.allFlags().filter((f) => f.startsWith("config.changed"));
    const token = hook.config.apiToken ? await hook.config.apiToken.content() : undefined;
    seen.push({
      hook: hook.info.hookName,
      config: { ...hook.config },
      issues: hook.configIssues,
      changed,
      context: { unit: hook.unit, app: hook.app, model: hook.model, version: hook.jujuVersion.toString(), atLeast: hook.jujuVersion.atLeast("3.1"), zone: hook.availabilityZone, charmDir: hook.charmDir },
      ...(token ? { token } : {}),
    });
    for (const f of changed) charm.clearFlag(f as `config.changed.${Option}` | "config.changed");
  });
  // The typed flags: an option's changed flag compiles, anything else does not.
  charm.when("config.changed.port").do(() => undefined, "portChanged");
  // @ts-expect-error: not an option of this charm's config
  charm.when("config.changed.prot").do(() => undefined, "typo");
  return { charm, seen };
}

describe("typed config in the harness", () => {
  it("reads every option type with its default, and sets config.changed.<option> on first sight and on change", async () => {
    const { charm, seen } = recordingCharm();
    const h = new Harness({ seed: 1, jujuVersion: "3.6.4" });
    h.addApplication("web", { metadata: "name: web\n", run: (o) => charm.run(o), config: defaults }, 1);
    await h.settle();
    const first = seen[0]!;
    expect(first.config).toEqual({ debug: false, name: "web", port: 8080, ratio: 0.5 });
    expect("motd" in first.config).toBe(false); // no default, unset: absent
    expect(first.issues).toEqual([]);
    expect(first.changed.sort()).toEqual(["config.changed", "config.changed.debug", "config.changed.name", "config.changed.port", "config.changed.ratio"]);
    expect(seen.slice(1).every((s) => s.changed.length === 0)).toBe(true);

    const before = seen.length;
    h.setConfig("web", { port: 9000, motd: "hello", debug: true, ratio: 2 });
    await h.settle();
    const after = seen.slice(before);
    expect(after.map((s) => s.hook)).toEqual(["config-changed"]);
    expect(after[0]!.config).toEqual({ debug: true, name: "web", port: 9000, ratio: 2, motd: "hello" });
    expect(after[0]!.changed.sort()).toEqual(["config.changed", "config.changed.debug", "config.changed.motd", "config.changed.port", "config.changed.ratio"]);

    // Unset again: back to absent, and changed.
    h.setConfig("web", { motd: null });
    await h.settle();
    expect("motd" in seen.at(-1)!.config).toBe(false);
    expect(seen.at(-1)!.changed).toContain("config.changed.motd");
  });

  it("gives a per-option issue for a value of the wrong type, reads it as the default, and logs no value", async () => {
    const { charm, seen } = recordingCharm();
    const h = new Harness({ seed: 1 });
    h.addApplication("web", { metadata: "name: web\n", run: (o) => charm.run(o), config: defaults }, 1);
    await h.settle();
    h.setConfig("web", { port: "eighty-eighty-secret", ratio: 1.5, debug: "yes", motd: 7, "api-token": "not-a-uri" });
    await h.settle();
    const last = seen.at(-1)!;
    expect(last.config).toEqual({ debug: false, name: "web", port: 8080, ratio: 1.5 });
    expect(last.issues.map((i) => i.key).sort()).toEqual(["api-token", "debug", "motd", "port"]);
    expect(last.issues.find((i) => i.key === "port")!.message).toMatch(/must be an integer .*config\.yaml declares port as int/);
    const logs = h.logs("web/0").map((l) => l.message).join("\n");
    expect(logs).toMatch(/config option port is not valid/);
    expect(logs).not.toContain("eighty-eighty-secret");
    expect(h.failures()).toEqual([]);
  });

  it("reads a secret option's content with secret-get, and never logs it", async () => {
    const { charm, seen } = recordingCharm();
    const h = new Harness({ seed: 1 });
    h.addApplication("web", { metadata: "name: web\n", run: (o) => charm.run(o), config: defaults }, 1);
    await h.settle();
    // The application's own secret (the harness has no user secrets): its owner may read it.
    const manual = h.openHook({ unit: "web/0", hook: "update-status" });
    const uri = await manual.backend.secretAdd({ password: "s3cr3t-value" }, { owner: "application" });
    manual.finish(true);
    h.setConfig("web", { "api-token": uri });
    await h.settle();
    const last = seen.at(-1)!;
    expect(last.config.apiToken?.uri).toBe(uri);
    expect(last.token).toEqual({ password: "s3cr3t-value" });
    expect(last.changed).toContain("config.changed.api-token");
    expect(h.logs("web/0").map((l) => l.message).join("\n")).not.toContain("s3cr3t-value");
  });

  it("gives the hook who and where it runs", async () => {
    const { charm, seen } = recordingCharm();
    const h = new Harness({ seed: 1, modelName: "shop", jujuVersion: "3.6.4" });
    h.addApplication("web", { metadata: "name: web\n", run: (o) => charm.run(o), config: defaults }, 2);
    await h.settle();
    const ctx = seen.find((s) => (s.context["unit"] as { name: string }).name === "web/1")!.context;
    expect(ctx).toMatchObject({ unit: { name: "web/1", number: 1 }, app: "web", model: { name: "shop" }, version: "3.6.4", atLeast: true, zone: "sim-zone-1" });
    expect((ctx["model"] as { uuid: string }).uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx["charmDir"]).toEqual(expect.any(String));
  });
});

describe("required options", () => {
  it("an option the charm requires, unset and without a default, is an issue naming it and saying how to set it; a default or a value satisfies it", () => {
    const required = requireOptions(config, "motd", "port");
    const { values, issues } = decodeConfig(required, {});
    expect(issues).toEqual([
      { key: "motd", pointer: "/motd", message: "has no value, and the charm needs one (config.yaml gives no default): set it with juju config <application> motd=<value>" },
    ]);
    expect(values).toEqual({ debug: false, name: "web", port: 8080, ratio: 0.5 }); // port has a default: no issue
    expect(decodeConfig(required, { motd: "hi" }).issues).toEqual([]);
    expect(decodeConfig(config, {}).issues).toEqual([]); // not required: unset is fine
    // @ts-expect-error: not an option
    expect(() => requireOptions(config, "mtod")).toThrow(/mtod is not an option of config.yaml/);
  });
});
