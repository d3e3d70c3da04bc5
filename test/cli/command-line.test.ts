/** Every command reads its command line with node:util's parseArgs, through one helper, and says what is wrong in one line. */
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../src/cli/command-line.js";
import { generateCommand, GENERATE_USAGE } from "../../src/cli/generate.js";

const capture = () => {
  let out = "";
  let err = "";
  return { io: { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) }, out: () => out, err: () => err };
};

describe("parseOptions", () => {
  const options = { out: { type: "string" }, check: { type: "boolean" } } as const;
  it("gives values and positionals, --out=x and --out x alike", () => {
    expect(parseOptions(["a", "--out=x", "b", "--check"], options)).toMatchObject({ values: { out: "x", check: true }, positionals: ["a", "b"] });
    expect(parseOptions(["--out", "x"], options)).toMatchObject({ values: { out: "x" } });
  });
  it("says an unknown option, a missing value (with what it needs) and a value given to a flag in one line", () => {
    expect(parseOptions(["--frob"], options)).toEqual({ error: "unknown option --frob" });
    expect(parseOptions(["-z"], options)).toEqual({ error: "unknown option -z" });
    expect(parseOptions(["--out"], options, { out: "a directory" })).toEqual({ error: "--out needs a directory" });
    expect(parseOptions(["--out"], options)).toEqual({ error: "--out needs a value" });
    expect(parseOptions(["--check=yes"], options)).toEqual({ error: "--check takes no value" });
    expect(parseOptions(["-h"], options)).toEqual({ help: true });
  });
});

describe("relgen generate's command line", () => {
  it("refuses what it cannot read, with the usage, exit 2; --help prints the usage, exit 0", async () => {
    for (const [argv, message] of [
      [["--frobnicate"], "unknown option --frobnicate"],
      [["--out"], "--out needs a directory"],
      [["--registry"], "--registry needs a folder or a URL"],
      [["--check", "--watch"], "--check and --watch do not go together"],
      [["--interface", "x", "a.json"], "--interface, --version and --role go together"],
    ] as const) {
      const c = capture();
      expect(await generateCommand(argv, c.io), argv.join(" ")).toBe(2);
      expect(c.err()).toBe(`relgen generate: ${message}\n${GENERATE_USAGE}`);
    }
    const help = capture();
    expect(await generateCommand(["--help"], help.io)).toBe(0);
    expect(help.out()).toBe(GENERATE_USAGE);
  });
});
