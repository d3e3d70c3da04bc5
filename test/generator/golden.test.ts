/**
 * Golden tests: the complete output for an interface pair that uses what the
 * peers schema does not (app bags, enums, formats, nested objects, both sides
 * read across, default flags, every rule clause) is compared file by file with
 * committed expectations under test/golden/expected. A record of the output,
 * not an oracle: the flag computers are checked against a reference
 * interpreter of the rules (flags-reference.test.ts).
 * After an intended change: `npx vitest run test/generator/golden -u`, then review the diff.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../src/generator/pipeline.js";
import { checker } from "../support/checker.js";

const golden = join(import.meta.dirname, "..", "golden");

describe("golden output", async () => {
  const result = await generate({ checker,
    schemas: [join(golden, "schema", "widget", "v1", "provider.json"), join(golden, "schema", "widget", "v1", "requirer.json")],
    outDir: join(golden, "expected"),
    baseDir: golden,
  });
  it("generates the expected set of files", () => {
    expect(result.files.map((f) => f.path)).toEqual([
      "widget/index.ts",
      "widget/v1/index.ts",
      "widget/v1/provider.accessors.ts",
      "widget/v1/provider.endpoint.ts",
      "widget/v1/provider.flags.ts",
      "widget/v1/provider.types.ts",
      "widget/v1/provider.validate.d.ts",
      "widget/v1/provider.validate.js",
      "widget/v1/requirer.accessors.ts",
      "widget/v1/requirer.endpoint.ts",
      "widget/v1/requirer.flags.ts",
      "widget/v1/requirer.types.ts",
      "widget/v1/requirer.validate.d.ts",
      "widget/v1/requirer.validate.js",
    ]);
  });
  for (const file of result.files) {
    it(`${file.path} matches`, async () => {
      await expect(file.content).toMatchFileSnapshot(join(golden, "expected", file.path));
    });
  }
  it("is deterministic", async () => {
    const again = await generate({ checker, schemas: [join(golden, "schema", "widget", "v1", "provider.json"), join(golden, "schema", "widget", "v1", "requirer.json")], outDir: join(golden, "expected"), baseDir: golden });
    expect(again.files).toEqual(result.files);
  });
});
