/** Juju versions: parsed and compared as Juju compares them (juju/version Number.Compare). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JujuVersion, requireJuju } from "../../src/runtime/juju-version.js";

const part = fc.integer({ min: 0, max: 40 });
const version = fc.record({ major: part, minor: part, tag: fc.constantFrom("", "alpha", "beta", "rc"), patch: part, build: fc.integer({ min: 0, max: 3 }) });
type V = { major: number; minor: number; tag: string; patch: number; build: number };
const text = (v: V): string => `${v.major}.${v.minor}${v.tag ? `-${v.tag}` : "."}${v.patch}${v.build ? `.${v.build}` : ""}`;
/** The reference order: a release outranks any tag of the same minor. */
const key = (v: V): number[] => [v.major, v.minor, v.tag === "" ? 9 : ["alpha", "beta", "rc"].indexOf(v.tag), v.patch, v.build];
const reference = (a: V, b: V): number => {
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
};

describe("JujuVersion", () => {
  it("round-trips and compares as Juju does", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const [pa, pb] = [JujuVersion.parse(text(a)), JujuVersion.parse(text(b))];
        expect(pa.toString()).toBe(text(a));
        expect(pa.compare(pb)).toBe(reference(a, b));
        expect(pb.compare(pa)).toBe(-reference(a, b));
        expect(pa.atLeast(pb)).toBe(reference(a, b) >= 0);
        expect(pa.isBefore(text(b))).toBe(reference(a, b) < 0);
      }),
    );
  });

  it("reads a bare major.minor as .0, and refuses what is not a version", () => {
    expect(JujuVersion.parse("3.1").equals("3.1.0")).toBe(true);
    expect(JujuVersion.parse("3.1.0").atLeast("3.1")).toBe(true);
    expect(JujuVersion.parse("3.1-beta1").atLeast("3.1")).toBe(false);
    expect(JujuVersion.parse("2.9.42.1").isBefore("3.0")).toBe(true);
    for (const bad of ["", "3", "v3.1", "3.1.x", "3.1.4-rc1", "3..1"]) expect(() => JujuVersion.parse(bad), bad).toThrow(/not a Juju version/);
    expect(() => requireJuju(JujuVersion.parse("3.2.1"), "secretConfig", "config option token (type secret)")).toThrow("config option token (type secret) needs Juju 3.3 or later; this is Juju 3.2.1");
    expect(() => requireJuju(JujuVersion.parse("3.3.0"), "secretConfig", "x")).not.toThrow();
  });
});
