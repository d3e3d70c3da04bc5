/**
 * Bounded work: a model holds at most `maxUnits` units (default 1000, over
 * all its applications). A bundle, `--units`, a step or an API call past it
 * is refused before anything is deployed; numbers that are not whole, or
 * absurd, are one clear line.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BundleError, readBundle } from "../../src/juju/bundle.js";
import { DEFAULT_MAX_UNITS } from "../../src/juju/engine.js";
import { ModelError } from "../../src/juju/model.js";
import { simCommand } from "../../src/sim/index.js";
import { Harness, type HarnessCharm } from "../../src/testing/harness.js";
import type { HookResult } from "../../src/runtime/hook.js";
import { tempDir } from "../support/temp.js";
import { FIXTURES, RECORDER, simulator } from "./helpers.js";

const ok: HookResult = { ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 };
const charm: HarnessCharm = { metadata: "name: app\n", run: async () => ok };

async function sim(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await simCommand(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

/** A bundle of the fixture provider with these `num_units` texts, one application each. */
function bundle(...units: string[]): string {
  const dir = tempDir("relgen-units-");
  const file = join(dir, "bundle.yaml");
  const apps = units.map((n, i) => `  db${i}:\n    charm: ${join(FIXTURES, "provider")}\n    num_units: ${n}\n`).join("");
  writeFileSync(file, `applications:\n${apps}`);
  return file;
}

describe("maxUnits in the API (both drivers)", () => {
  it("defaults to 1000 units for the whole model, and a refused call adds nothing", async () => {
    expect(DEFAULT_MAX_UNITS).toBe(1000);
    const h = new Harness();
    expect(h.maxUnits).toBe(1000);
    expect(() => h.addApplication("big", charm, 1001)).toThrow(
      "cannot add 1001 units to big: the model would have 1001 units, over its maximum of 1000 (the maxUnits option, relgen sim --max-units)",
    );
    expect(h.applications()).toEqual([]);
    h.addApplication("a", charm, 600);
    h.addApplication("b", charm, 0);
    expect(() => h.addUnits("b", 401)).toThrow("the model would have 1001 units, over its maximum of 1000");
    expect(() => h.addUnits("b", 1e20)).toThrow(ModelError);
    expect(h.units("b")).toEqual([]);
    h.addUnits("b", 400);
    expect(h.units()).toHaveLength(1000);
  });

  it("refuses counts that are not whole numbers", () => {
    const h = new Harness({ maxUnits: 5 });
    h.addApplication("a", charm);
    for (const n of [-3, 1.5, Infinity, NaN]) {
      expect(() => h.addUnits("a", n)).toThrow(`cannot add ${n} units to a: the number of units must be a whole number, 0 or more`);
    }
    expect(() => new Harness({ maxUnits: -1 })).toThrow(RangeError);
  });

  it("in the simulator, before any unit folder is written", async () => {
    const s = await simulator({ seed: 1, maxUnits: 3 });
    expect(() => s.addApplication("mysql", RECORDER, 4)).toThrow("cannot add 4 units to mysql: the model would have 4 units, over its maximum of 3");
    expect(s.applications()).toEqual([]);
    s.addApplication("mysql", RECORDER, 2);
    expect(() => s.addUnits("mysql", 2)).toThrow("over its maximum of 3");
    expect(existsSync(s.charmDir("mysql/2"))).toBe(false);
    expect(existsSync(s.charmDir("mysql/1"))).toBe(true);
  });

  it("deploy() checks a bundle's total first", () => {
    const h = new Harness({ maxUnits: 4 });
    const b = readBundle(bundle("2", "3"), { maxUnits: 10 });
    expect(() => h.deploy(b, () => charm)).toThrow(`cannot add 5 units to the applications of ${b.file}: the model would have 5 units, over its maximum of 4`);
    expect(h.applications()).toEqual([]);
  });
});

describe("maxUnits in a bundle", () => {
  it("refuses num_units past the maximum at its line, whatever its size, before anything is deployed", () => {
    const huge = bundle("100000000");
    expect(() => readBundle(huge)).toThrow(BundleError);
    expect(() => readBundle(huge)).toThrow(`${huge}:4: application db0: num_units 100000000 is over the maximum of 1000 units a model may have (--max-units)`);
    const digits = bundle("99999999999999999999");
    expect(() => readBundle(digits)).toThrow(`${digits}:4: application db0: num_units 99999999999999999999 is over the maximum of 1000`);
    const sum = bundle("600", "401");
    expect(() => readBundle(sum)).toThrow(`${sum}:7: application db1: num_units 401 brings the bundle to 1001 units, over the maximum of 1000 units a model may have (--max-units)`);
    expect(readBundle(sum, { maxUnits: 1001 }).applications.map((a) => a.units)).toEqual([600, 401]);
  });

  it("names what is written when num_units is not a whole number", () => {
    for (const text of ["1e400", "-3", "1.5", "lots"]) {
      const file = bundle(text);
      expect(() => readBundle(file)).toThrow(`${file}:4: application db0: "num_units" must be a whole number of units (0 or more), not ${text === "lots" ? '"lots"' : text}`);
    }
  });
});

describe("relgen sim --max-units", () => {
  it("refuses a bundle, --units or a step past it with one line, before the simulator starts", async () => {
    const huge = bundle("100000000");
    expect(await sim(["--bundle", huge])).toMatchObject({ code: 1, out: "", err: `relgen sim: ${huge}:4: application db0: num_units 100000000 is over the maximum of 1000 units a model may have (--max-units)\n` });
    expect(await sim(["--charm", RECORDER, "--then", "add-unit:mysql=99999999999999999999"])).toEqual({
      code: 2, out: "",
      err: 'relgen sim: bad step "add-unit:mysql=99999999999999999999": the number of units to add: 99999999999999999999 units is over the maximum of 1000 units a model may have (--max-units)\n',
    });
    expect(await sim(["--charm", RECORDER, "--max-units", "5", "--then", "scale:6"])).toMatchObject({ code: 2, err: expect.stringContaining("6 units is over the maximum of 5 units") });
    expect(await sim(["--charm", RECORDER, "--max-units", "5", "--units", "6"])).toMatchObject({
      code: 2, err: "relgen sim: --units needs a number of units: 6 units is over the maximum of 5 units a model may have (--max-units)\n",
    });
  });

  it("says in one line what is wrong with a number that is not whole, or absurd", async () => {
    const cases: Array<[string[], string]> = [
      [["--units", "1e400"], '--units needs a number of units: "1e400" is not a whole number (digits only, from 0 to 1000)'],
      [["--units=-3"], '--units needs a number of units: "-3" is not a whole number (digits only, from 0 to 1000)'],
      [["--then", "add:2.5"], 'bad step "add:2.5": add needs a number of units: "2.5" is not a whole number (digits only, from 0 to 1000)'],
      [["--then", "add-unit:mysql=0"], 'bad step "add-unit:mysql=0": the number of units to add: 0 is below the minimum of 1'],
      [["--max-units", "1e400"], '--max-units needs a number of units: "1e400" is not a whole number (digits only, from 1 to 9007199254740991)'],
      [["--timeout", "99999999999999999999"], "--timeout needs a number of milliseconds: 99999999999999999999 is over the maximum of 2147483647"],
      [["--seed=-1"], '--seed needs a whole number: "-1" is not a whole number (digits only, from 0 to 4294967295)'],
      [["--jobs", "0"], "--jobs needs a number of hooks at once: 0 is below the minimum of 1"],
    ];
    for (const [args, message] of cases) {
      expect(await sim(["--charm", RECORDER, ...args]), args.join(" ")).toEqual({ code: 2, out: "", err: `relgen sim: ${message}\n` });
    }
  });

  it("refuses a step that would take the model past it, and adds nothing", async () => {
    const r = await sim(["--charm", RECORDER, "--units", "1", "--max-units", "2", "--then", "add:1", "--then", "add:1", "--seed", "1", "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("relgen sim: step add:1: cannot add 1 units to mysql: the model would have 3 units, over its maximum of 2 (the maxUnits option, relgen sim --max-units)\n");
    expect(r.out).toMatch(/units:\n  mysql\/0 \(leader\) .*\n  mysql\/1 .*\n\nrelations:/);
  });
});
