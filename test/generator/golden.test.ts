/**
 * Golden tests: the complete output for a schema that uses what the peers
 * schema does not (app bag, enums, formats, nested objects, every rule clause)
 * is compared file by file with committed expectations under test/golden/expected.
 * After an intended change: `npx vitest run test/generator/golden -u`, then review the diff.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../src/generator/pipeline.js";

const golden = join(import.meta.dirname, "..", "golden");

describe("golden output", async () => {
  const result = await generate({
    schemas: [join(golden, "schema", "widget", "v1", "provider.json")],
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
    ]);
  });
  for (const file of result.files) {
    it(`${file.path} matches`, async () => {
      await expect(file.content).toMatchFileSnapshot(join(golden, "expected", file.path));
    });
  }
  it("is deterministic", async () => {
    const again = await generate({ schemas: [join(golden, "schema", "widget", "v1", "provider.json")], outDir: join(golden, "expected"), baseDir: golden });
    expect(again.files).toEqual(result.files);
  });
});
