/**
 * docs/interfaces/ holds a page per interface the package ships (schema/),
 * checked in: it must be what `relgen doc` writes now, so it cannot drift
 * from the schemas (`npm run docs` rewrites it).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docSchemaFiles } from "../../src/cli/doc.js";
import { docPages } from "../../src/doc/page.js";
import { repo } from "./support.js";

const docsDir = join(repo, "docs", "interfaces");

describe("docs/interfaces/", () => {
  it("holds exactly the pages relgen doc writes from schema/ now (else: npm run docs, and commit)", () => {
    const pages = docPages(docSchemaFiles({ schemas: [] }, repo), repo);
    expect(readdirSync(docsDir).filter((f) => f.endsWith(".md")).sort()).toEqual(pages.map((p) => p.fileName).sort());
    for (const page of pages) expect(readFileSync(join(docsDir, page.fileName), "utf8"), `docs/interfaces/${page.fileName} is stale: run npm run docs`).toBe(page.markdown);
  });
});
