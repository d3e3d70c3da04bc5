/** The generator as a library: build interface models and generate typed bindings from schemas. */
export { buildModels, generate, type GenerateOptions, type GenerateResult } from "./pipeline.js";
export { writeFiles, checkFiles, isClean, type CheckResult } from "./write.js";
export { discoverSchemas } from "./discover.js";
export { SchemaError, GenerationError, type SchemaLocation } from "./errors.js";
export type * from "./model.js";
export type { GeneratedFile } from "./emit/names.js";
