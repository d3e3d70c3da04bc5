/** The scaffold's prose reads as written by a person: "an ingress relation", "a database relation". */
import { describe, expect, it } from "vitest";
import { article } from "../../src/project/scaffold-files.js";

describe("the article before an endpoint's name", () => {
  it("is an before a vowel sound, a before a consonant sound", () => {
    const cases: [string, "a" | "an"][] = [
      ["ingress", "an"], ["object-storage", "an"], ["upstream", "an"], ["s3", "an"], ["f5-lb", "an"],
      ["database", "a"], ["certificates", "a"], ["mysql", "a"], ["unit-info", "a"], ["user-db", "a"], ["hacluster", "a"],
    ];
    for (const [word, want] of cases) expect(`${article(word)} ${word}`).toBe(`${want} ${word}`);
  });
});
