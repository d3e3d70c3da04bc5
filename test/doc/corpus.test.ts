/**
 * Every registry interface in ../shared/corpus (read in place) gets a page,
 * in one run: every side's section, tables of eight cells, its flags.
 */
import { describe, expect, it } from "vitest";
import { docPages } from "../../src/doc/page.js";
import { corpus, corpusPresent, corpusSchemas } from "../support/corpus.js";
import { tables } from "./support.js";

if (!corpusPresent) console.warn(`corpus doc tests skipped: ${corpus} is absent`);

describe.skipIf(!corpusPresent)("relgen doc on the registry corpus", () => {
  it("writes a page for every interface version, each side with its tables and flags", () => {
    const files = corpusSchemas();
    const pages = docPages(files, corpus);
    const folders = new Set(files.map((f) => f.replace(/[\\/][^\\/]+$/, "")));
    // One page per interface version (a version may sit in both collections: one page for it).
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeLessThanOrEqual(folders.size);
    expect(new Set(pages.map((p) => p.fileName)).size).toBe(pages.length);
    for (const page of pages) {
      expect(page.markdown.startsWith(`# `)).toBe(true);
      expect(page.markdown).toContain("### Flags");
      expect(page.markdown).toContain("## Warnings");
      for (const t of tables(page.markdown)) for (const row of t) expect(row, page.fileName).toHaveLength(8);
      expect(page.markdown, page.fileName).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    }
  });
});
