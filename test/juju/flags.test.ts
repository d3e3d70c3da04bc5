import { describe, expect, it } from "vitest";
import { boolFlag, parseFlags, parseKeyValues, stringFlag, UsageError, type FlagSpec } from "../../src/juju/tools/flags.js";

function specs() {
  const got: Record<string, string | boolean> = {};
  const list: FlagSpec[] = [
    stringFlag(["r", "relation"], "relation", "", (v) => (got.r = v)),
    stringFlag(["format"], "format", "smart", (v) => (got.format = v)),
    boolFlag(["app"], "app", (v) => (got.app = v)),
    boolFlag(["a", "all"], "all", (v) => (got.all = v)),
    boolFlag(["d"], "d", (v) => (got.d = v)),
  ];
  return { got, list };
}

const fails = (args: string[]): string => {
  try {
    parseFlags(args, specs().list);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("no error");
};

describe("gnuflag-style parsing", () => {
  it("accepts interspersed flags, --x=v, --x v, -r v, -rV", () => {
    const { got, list } = specs();
    const p = parseFlags(["-", "mysql/1", "--format=json", "-r", "cluster:3", "--app"], list);
    expect(p.positional).toEqual(["-", "mysql/1"]);
    expect(got).toEqual({ format: "json", r: "cluster:3", app: true });
    const s2 = specs();
    parseFlags(["-rcluster:4", "--format", "yaml", "--relation=7"], s2.list);
    expect(s2.got).toEqual({ r: "7", format: "yaml" });
  });
  it("stops at --, keeps - and empty strings positional, groups short booleans", () => {
    const { got, list } = specs();
    expect(parseFlags(["active", "--", "--app", "-x"], list).positional).toEqual(["active", "--app", "-x"]);
    expect(parseFlags(["", "-"], list).positional).toEqual(["", "-"]);
    parseFlags(["-ad"], list);
    expect(got).toMatchObject({ all: true, d: true });
  });
  it("parses Go booleans with --flag=value", () => {
    const { got, list } = specs();
    parseFlags(["--app=False"], list);
    expect(got.app).toBe(false);
    expect(fails(["--app=maybe"])).toBe('invalid value "maybe" for option --app: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
  it("reports errors like gnuflag", () => {
    expect(fails(["--bogus"])).toBe("flag provided but not defined: --bogus");
    expect(fails(["-x"])).toBe("flag provided but not defined: -x");
    expect(fails(["-r"])).toBe("flag needs an argument: -r");
    expect(fails(["--format"])).toBe("flag needs an argument: --format");
    expect(fails(["--=x"])).toBe('empty flag in argument "--=x"');
  });
  it("--help and -h ask for help", () => {
    expect(parseFlags(["--help"], specs().list).help).toBe(true);
    expect(parseFlags(["x", "-h"], specs().list).help).toBe(true);
  });
});

describe("key=value arguments", () => {
  it("splits at the first =, trims, allows empty values", () => {
    expect([...parseKeyValues(["a=b=c", " k = v ", "gone="])]).toEqual([["a", "b=c"], ["k", "v"], ["gone", ""]]);
  });
  it("refuses missing = and duplicates without echoing values", () => {
    expect(() => parseKeyValues(["novalue"])).toThrow('expected "key=value", got "novalue"');
    expect(() => parseKeyValues(["a=1", "a=2"])).toThrow('key "a" specified more than once');
    expect(() => parseKeyValues(["=secret"])).toThrow(/redacted/);
    expect(() => parseKeyValues(["=secret"])).not.toThrow(/secret"/);
  });
});
