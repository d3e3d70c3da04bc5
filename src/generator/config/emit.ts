/**
 * Emitter: the charm's config module, `generated/config.ts`: the `Config`
 * type (one documented property per option), the `ConfigOption` names, the
 * `config` definition a charm gives `defineCharm({ config })`, and
 * `decodeConfig`/`validateConfig` over what `config-get --format=json`
 * prints. Every name and text from the config file reaches the code through
 * `stringLiteral`, `jsonLiteral`, `docText` or a checked identifier.
 */
import { posix, relative, resolve, sep } from "node:path";
import type { GeneratedFile } from "../emit/names.js";
import { PACKAGE_ROOT, RUNTIME_SOURCE_DIR } from "../paths.js";
import { docText, jsonLiteral, lineComment, stringLiteral } from "../emit/templating.js";
import { isIdentifier } from "../naming.js";
import type { ConfigModel, ConfigOptionModel } from "./load.js";

/** The config module's path under the output root. */
export const CONFIG_MODULE = "config.ts";

const TS_TYPE = { string: "string", int: "number", float: "number", boolean: "boolean", secret: "ConfigSecret" } as const;

/**
 * The runtime's module as seen from the output root, given the specifier the
 * interface folders use (relative to `<out>/<interface>/v<N>/`).
 */
export function configRuntime(runtime: string | undefined, outDir: string): string {
  if (runtime === undefined) {
    // As the interface folders' default: this package's runtime inside it, else the installed package.
    const abs = resolve(outDir);
    if (!abs.startsWith(PACKAGE_ROOT + sep)) return "relgen/runtime";
    const rel = relative(abs, RUNTIME_SOURCE_DIR).split(sep).join(posix.sep);
    return `${rel.startsWith(".") ? rel : `./${rel}`}/index.js`;
  }
  const rt = runtime.replace(/\/$/, "");
  if (!rt.startsWith(".")) return rt;
  const abs = resolve(outDir, "iface", "vN", rt);
  const rel = relative(resolve(outDir), abs).split(sep).join(posix.sep);
  return `${rel.startsWith(".") ? rel : `./${rel}`}/index.js`;
}

function property(o: ConfigOptionModel): string {
  const name = isIdentifier(o.ts) ? o.ts : stringLiteral(o.ts);
  const doc = [
    ...(o.description ? [o.description, ""] : []),
    `\`${o.name}\` (${o.type}): ${o.default !== undefined ? `default ${JSON.stringify(o.default)}` : "no default: undefined while unset"}.`,
  ].join("\n");
  const type = TS_TYPE[o.type];
  const line = o.default !== undefined ? `  readonly ${name}: ${type};` : `  readonly ${name}?: ${type} | undefined;`;
  return `  /**\n   * ${docText(doc, "  ")}\n   */\n${line}`;
}

function specLiteral(o: ConfigOptionModel): string {
  const fields = [`name: ${stringLiteral(o.name)}`, `ts: ${stringLiteral(o.ts)}`, `type: ${stringLiteral(o.type)}`];
  if (o.default !== undefined) fields.push(`default: ${jsonLiteral(o.default)}`);
  return `  { ${fields.join(", ")} },`;
}

/** The config module's text (unformatted: the pipeline's formatter runs over it). */
export function emitConfig(model: ConfigModel, runtime: string): GeneratedFile {
  const secret = model.options.some((o) => o.type === "secret");
  const names = model.options.map((o) => stringLiteral(o.name));
  const imports = ["decodeConfig as decode", "defineConfig", "validateConfig as validate", ...(secret ? ["type ConfigSecret"] : []), "type DecodedConfig", "type Issue"];
  const text = [
    `// generated from ${lineComment(model.source)} by relgen; do not edit.`,
    "",
    "/**",
    ` * ${docText(`The charm's config options, from ${model.source}: give \`config\` to\n\`defineCharm({ config })\`, and handlers read them typed as \`hook.config\`;\n\`config.changed.<option>\` is set in a hook where an option's value changed.`)}`,
    " */",
    `import { ${imports.join(", ")} } from ${stringLiteral(runtime)};`,
    "",
    `/** The charm's config, decoded from \`config-get\`. */`,
    `export interface Config {`,
    ...model.options.map(property),
    `}`,
    "",
    `/** The option names, as in ${docText(model.source)} (the \`config.changed.<option>\` flags). */`,
    `export type ConfigOption = ${names.length > 0 ? names.join(" | ") : "never"};`,
    "",
    `/** The options, for the runtime: \`defineCharm({ endpoints, config })\`. */`,
    `export const config = defineConfig<Config, ConfigOption>(${stringLiteral(model.source)}, [`,
    ...model.options.map(specLiteral),
    `]);`,
    "",
    "/** The typed config from what `config-get --format=json` prints; a value of the wrong type is an issue, and reads as the default. */",
    "export function decodeConfig(raw: Readonly<Record<string, unknown>>): DecodedConfig<Config> {",
    "  return decode(config, raw);",
    "}",
    "",
    "/** The issues of what `config-get --format=json` prints: one per option whose value does not have its type. */",
    "export function validateConfig(raw: Readonly<Record<string, unknown>>): Issue[] {",
    "  return validate(config, raw);",
    "}",
    "",
  ].join("\n");
  return { path: CONFIG_MODULE, content: text };
}
