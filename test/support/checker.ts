/**
 * The type-checker the generator tests share within a worker: a test that
 * generates again and again owns one, as `--watch` does, so TypeScript reads
 * the runtime and the libraries' declarations once (`type-check.ts`).
 */
import { GeneratedCodeChecker } from "../../src/generator/type-check.js";

export const checker = new GeneratedCodeChecker();
