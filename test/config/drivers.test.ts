/**
 * Typed config and the hook's context in both drivers: the same charm
 * (test/fixtures/charms/configured), in process in the harness and bundled
 * into a charm directory run as real processes by the simulator, with
 * config.yaml's defaults and a required option unset, then three changes (one
 * of them a value of the wrong type, the last setting the required option). Its status says what each hook saw; both drivers must see the same.
 * A secret option holds a user secret's URI (the engines' addSecret, as
 * `juju add-secret` and `juju grant-secret` make one); its content is read
 * with secret-get and never logged.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCharm } from "../../src/project/build.js";
import type { RunHookOptions } from "../../src/runtime/index.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";
import * as configured from "../fixtures/charms/configured/charm.js";
import { afterTest, tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");

interface Driver {
  settle(): Promise<unknown>;
  addSecret(content: Readonly<Record<string, string>>, options?: { readonly grant?: readonly string[] }): string;
  logs(unit: string): readonly { message: string }[];
  setConfig(app: string, values: Record<string, string | number | boolean | null>): void;
  status(unit: string): { state: string; message: string };
  failures(): readonly unknown[];
}

async function harness(): Promise<Driver> {
  const h = new Harness({ seed: 4, modelName: "shop" });
  h.addApplication("configured", { metadata: configured.METADATA, run: (o: RunHookOptions) => configured.charm.run(o), config: { port: 8080, debug: false } }, 2);
  return h;
}

async function simulator(): Promise<Driver> {
  const work = tempDir("relgen-config-sim-");
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "metadata.yaml"), configured.METADATA);
  writeFileSync(join(project, "config.yaml"), configured.CONFIG_YAML);
  const charmDir = (await buildCharm({ project, entry: join(root, "test", "fixtures", "charms", "configured", "hook.ts"), out: join(work, "configured"), skipTypeCheck: true })).dir;
  const sim = await Simulator.create({ seed: 4, modelName: "shop", jobs: 2 });
  afterTest(() => sim.close());
  sim.addApplication("configured", charmDir, 2);
  return sim;
}

describe("typed config and the hook's context, the same in both drivers", () => {
  it("defaults, a change with its changed flag, a wrong type as an issue, a required option, a secret option, and who and where", async () => {
    const seen: Record<string, string[]> = {};
    for (const [name, make] of [["harness", harness], ["simulator", simulator]] as const) {
      const d = await make();
      const statuses: string[] = [];
      const look = async (): Promise<void> => {
        await d.settle();
        expect(d.failures(), name).toEqual([]);
        statuses.push(d.status("configured/0").message, d.status("configured/1").message);
      };
      await look();
      d.setConfig("configured", { port: 9000 });
      await look();
      d.setConfig("configured", { debug: "yes" });
      await look();
      d.setConfig("configured", { site: "shop.example", debug: true });
      await look();
      // A secret option: a user secret (juju add-secret, juju grant-secret), its URI in config, its content read with secret-get.
      const uri = d.addSecret({ token: "t0k3n-value" }, { grant: ["configured"] });
      d.setConfig("configured", { "api-token": uri });
      await look();
      expect(d.logs("configured/0").map((l) => l.message).join("\n"), name).not.toContain("t0k3n-value");
      seen[name] = statuses;
    }
    const where = (unit: number): string => `configured/${unit}#${unit} app=configured model=shop zone=sim-zone-1 juju>=3.1:true`;
    // The last hook of each step (update-status may follow config-changed: its changed flags are clear).
    // site is required and unset: an issue from the first hook on, naming it.
    expect(seen["harness"]![0]).toMatch(/^port=8080 debug=false token=none changed=(config\.changed\.debug,config\.changed\.port)? issues=site /);
    expect(seen["harness"]![0]).toContain(where(0));
    expect(seen["harness"]![1]).toContain(where(1));
    expect(seen["harness"]![2]).toBe(`port=9000 debug=false token=none changed=config.changed.port issues=site ${where(0)}`);
    // A wrong type: read as the default, and an issue naming the option (never its value).
    expect(seen["harness"]![4]).toBe(`port=9000 debug=false token=none changed=config.changed.debug issues=debug,site ${where(0)}`);
    // The required option set, the wrong type mended: no issue left.
    expect(seen["harness"]![6]).toBe(`port=9000 debug=true token=none changed=config.changed.debug,config.changed.site issues= ${where(0)}`);
    expect(seen["harness"]![8]).toBe(`port=9000 debug=true token=read changed=config.changed.api-token issues= ${where(0)}`);
    expect(seen["simulator"]).toEqual(seen["harness"]);
  }, 120_000);
});
