/**
 * The order test files start in: the longest first. Two workers share the
 * files; when a long file starts last, one worker idles while the other runs
 * it (a 16 s type-check at the end of a clean clone's run). Vitest orders by
 * the durations it remembers, but a clean clone (CI) remembers none and
 * orders by file size; the files known to be long go first either way, in
 * this order, and the rest as vitest would order them.
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The longest files of `npm test`, longest first (about 60 s down to 15 s each, measured on the 2-core machine). */
const LONGEST = [
  "test/package/consumer.test.ts",
  "test/juju/interleavings.test.ts",
  "test/demo/upgrade.test.ts",
  "test/demo/evil-apps.test.ts",
  "test/generator/registry-quirks.test.ts",
  "test/demo/deployment.test.ts",
  "test/runtime/two-sides.test.ts",
  "test/typecheck.test.ts",
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (file: TestSpecification): number => {
      const at = LONGEST.indexOf(relative(root, file.moduleId).split("\\").join("/"));
      return at < 0 ? LONGEST.length : at;
    };
    return sorted.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map(({ file }) => file);
  }
}
