/** Small interface schemas for generator tests, written as text so positions are known. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./temp.js";

/** A minimal valid peers schema, pretty-printed (two-space indent). */
export function demoSchema(overrides: { unit?: Record<string, unknown>; xJuju?: Record<string, unknown> } = {}): string {
  const doc = {
    title: "Demo",
    type: "object",
    properties: { unit: { $ref: "#/$defs/DemoUnit" } },
    $defs: {
      DemoUnit: {
        type: "object",
        properties: overrides.unit ?? {
          "foo-bar": { type: "string", description: "A raw key." },
          count: { type: "string", contentMediaType: "application/json", contentSchema: { type: "integer" } },
        },
      },
    },
    "x-juju": overrides.xJuju ?? {
      interface: "demo",
      version: 0,
      role: "peers",
      flags: { ready: { description: "All peers counted.", rule: { joinedUnits: { min: 1 }, allUnits: { present: ["count"] } } } },
      setters: { setCount: { description: "Publish the count.", params: ["count"] } },
    },
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Writes `text` as `<tmp>/schema/<iface>/v0/peers.json` (removed after the test file) and returns the paths. */
export function writeSchema(text: string, iface = "demo"): { root: string; file: string } {
  const root = tempDir("relgen-test-");
  const dir = join(root, "schema", iface, "v0");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "peers.json");
  writeFileSync(file, text);
  return { root, file };
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Captures what a command prints. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}
