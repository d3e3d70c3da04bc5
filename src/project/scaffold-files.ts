/**
 * The files of a new charm project (`relgen init`), as text. Every name that
 * comes from a schema or the command line reaches the code only as a checked
 * identifier or through JSON.stringify, so it cannot break out of a string
 * or a comment.
 */
import type { ConfigOptionModel } from "../generator/config/index.js";
import type { InterfaceModel, KeyModel } from "../generator/model.js";
import type { KeySource } from "./config-options.js";

/** One endpoint of the new charm: its name, the side it takes, and the side it reads (if its schema is there). */
export interface ScaffoldEndpoint {
  readonly name: string;
  readonly side: InterfaceModel;
  readonly counterpart: InterfaceModel | null;
  /** Example values of the keys this side must publish, decoded, by TypeScript name; null when a required key has none. */
  readonly examples: { readonly unit: Record<string, unknown> | null; readonly app: Record<string, unknown> | null };
  /** Where the handler takes each required key from, by wire name (see config-options.ts); absent: the examples above. */
  readonly sources?: { readonly unit: Readonly<Record<string, KeySource>>; readonly app: Readonly<Record<string, KeySource>> };
}

/** The config options the endpoints' handlers publish from, each once (the first endpoint's), sorted by name. */
export function configOptionsOf(endpoints: readonly ScaffoldEndpoint[]): ConfigOptionModel[] {
  const out = new Map<string, ConfigOptionModel>();
  for (const e of endpoints) {
    for (const bag of [e.sources?.unit, e.sources?.app]) {
      for (const source of Object.values(bag ?? {})) if (source.kind === "config" && !out.has(source.option.name)) out.set(source.option.name, source.option);
    }
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface ScaffoldInput {
  readonly name: string;
  readonly summary: string;
  readonly endpoints: readonly ScaffoldEndpoint[];
  /** Versions for package.json. */
  readonly versions: { readonly relgen: string; readonly typescript: string; readonly vitest: string; readonly typesNode: string };
}

const str = JSON.stringify;
const comment = (text: string): string => text.replace(/\*\//g, "*\u2215").replace(/[\r\n]+/g, " ");
/** The endpoint a charm names an interface by, unless told: the interface's name with `-` for `_`. */
export const defaultEndpointName = (interfaceName: string): string => interfaceName.replace(/_/g, "-");

/** The variable an endpoint is held in, in the charm: its name in camelCase. */
export const endpointVariable = (name: string): string => name.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const camel = endpointVariable;
const roleKey = (e: ScaffoldEndpoint): "peers" | "provides" | "requires" =>
  e.side.role === "peers" ? "peers" : e.side.role === "provider" ? "provides" : "requires";
const hasFlag = (e: ScaffoldEndpoint, flag: string): boolean => e.side.flags.some((f) => f.name === flag);

export function packageJson(input: ScaffoldInput): string {
  const pkg = {
    name: input.name,
    version: "0.1.0",
    private: true,
    description: input.summary,
    type: "module",
    engines: { node: ">=20" },
    scripts: {
      generate: "relgen generate",
      build: "relgen build",
      pack: "relgen build --pack",
      // Type-check first: vitest strips types without checking them, so a misspelt key would pass.
      test: "tsc --noEmit && vitest run",
      start: "relgen build && relgen sim --bundle bundle.yaml",
    },
    devDependencies: devDependencies(input.versions),
  };
  return JSON.stringify(pkg, null, 2) + "\n";
}

/** What a charm project (or a workspace's root) needs to develop: relgen, TypeScript, vitest and Node's types. */
export function devDependencies(versions: ScaffoldInput["versions"]): Record<string, string> {
  return { "@types/node": versions.typesNode, relgen: versions.relgen, typescript: versions.typescript, vitest: versions.vitest };
}

/** The compiler options of a charm project (and of a workspace's root): strict, Node's module rules, no emit. */
const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022"],
  types: ["node"],
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  verbatimModuleSyntax: true,
} as const;

/** A tsconfig.json with the project's compiler options over the given files. */
export function tsconfigJson(include: readonly string[] = ["src/**/*.ts", "generated/**/*.ts", "test/**/*.ts"]): string {
  return JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include }, null, 2) + "\n";
}

export function metadataYaml(input: ScaffoldInput): string {
  const lines = [`name: ${input.name}`, `summary: ${str(input.summary)}`, `description: ${str(`${input.summary}. Written in TypeScript with relgen.`)}`];
  for (const key of ["peers", "provides", "requires"] as const) {
    const mine = input.endpoints.filter((e) => roleKey(e) === key);
    if (mine.length === 0) continue;
    lines.push(`${key}:`);
    for (const e of mine) lines.push(`  ${e.name}:`, `    interface: ${e.side.name}`);
  }
  return lines.join("\n") + "\n";
}

/** The TypeScript literal of a decoded example value (JSON, with a space after each comma). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object" && value !== null) return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`).join(", ")} }`;
  return JSON.stringify(value);
}

function publishCall(variable: string, method: "publish" | "publishApp", values: Record<string, unknown>): string {
  const fields = Object.entries(values).map(([k, v]) => `${k}: ${literal(v)}`);
  return `${variable}.${method}({ ${fields.join(", ")} });`;
}

/** The TypeScript expression a source gives, or null (no source: a TODO). */
function sourceExpression(e: ScaffoldEndpoint, source: KeySource | undefined): string | null {
  if (!source || source.kind === "none") return null;
  if (source.kind === "example") return literal(source.value);
  if (source.kind === "config") return `hook.config.${source.option.ts}`;
  return source.expression === "address" ? `await hook.networkAddress(${str(e.name)})` : source.expression;
}

/** The handler's publish line for a bag whose keys all have a source (context, config, example); null otherwise. */
function sourcedPublish(e: ScaffoldEndpoint, keys: readonly KeyModel[], sources: Readonly<Record<string, KeySource>> | undefined, method: "publish" | "publishApp"): string | null {
  if (!sources || keys.length === 0) return null;
  const fields: string[] = [];
  for (const k of keys) {
    const expression = sourceExpression(e, sources[k.wire]);
    if (expression === null) return null;
    fields.push(`${k.ts}: ${expression}`);
  }
  return `${camel(e.name)}.${method}({ ${fields.join(", ")} });`;
}

/** Whether the endpoint's handler reads config (so the charm is given its config module). */
export function usesConfig(e: ScaffoldEndpoint): boolean {
  return [e.sources?.unit, e.sources?.app].some((bag) => Object.values(bag ?? {}).some((s) => s.kind === "config"));
}

function endpointHandler(e: ScaffoldEndpoint): string[] {
  const v = camel(e.name);
  const side = `${e.side.name} ${e.side.role}`;
  const lines = [`/** ${comment(`${e.name}: once connected, publish what the ${side} side's schema asks of this side.`)} */`];
  const flag = hasFlag(e, "connected") ? `${v}.flags.connected` : "";
  lines.push(`charm.when(${flag}).do(async function ${v}Connected(hook: ${usesConfig(e) ? "Hook<Config>" : "Hook"}) {`);
  const required = (bag: InterfaceModel["unit"]): KeyModel[] => (bag ? bag.keys.filter((k) => k.required) : []);
  const unitKeys = required(e.side.unit);
  const appKeys = required(e.side.app);
  if (e.sources) return [...lines, ...sourcedBody(e, unitKeys, appKeys), "});", ""];
  if (unitKeys.length === 0 && appKeys.length === 0) {
    lines.push(`  // Nothing is required of this side; publish with ${v}.publish({ ... }) or ${v}.publishApp({ ... }).`, `  void hook;`);
  }
  if (unitKeys.length > 0) {
    if (e.examples.unit) lines.push(`  ${publishCall(v, "publish", e.examples.unit)}`);
    else lines.push(`  // TODO: ${v}.publish({ ${unitKeys.map((k) => k.ts).join(", ")} }): the schema requires them.`);
  }
  if (appKeys.length > 0) {
    if (e.examples.app) lines.push(`  if (await hook.isLeader()) ${publishCall(v, "publishApp", e.examples.app)}`);
    else lines.push(`  // TODO: the leader publishes ${v}.publishApp({ ${appKeys.map((k) => k.ts).join(", ")} }): the schema requires them.`);
  }
  if (unitKeys.length + appKeys.length > 0 && !e.examples.unit && !e.examples.app) lines.push("  void hook;");
  lines.push("});", "");
  return lines;
}

/** The body of a handler whose keys have sources (context, config options, examples). */
function sourcedBody(e: ScaffoldEndpoint, unitKeys: readonly KeyModel[], appKeys: readonly KeyModel[]): string[] {
  const v = camel(e.name);
  const body: string[] = [];
  if (unitKeys.length === 0 && appKeys.length === 0) return [`  // Nothing is required of this side; publish with ${v}.publish({ ... }) or ${v}.publishApp({ ... }).`, `  void hook;`];
  const unit = sourcedPublish(e, unitKeys, e.sources!.unit, "publish");
  const app = sourcedPublish(e, appKeys, e.sources!.app, "publishApp");
  // An option without a default is undefined until the user sets it: that bag waits for it (the status says so).
  const unset = (bag: Readonly<Record<string, KeySource>>): string[] =>
    [...new Set(Object.values(bag).flatMap((s) => (s.kind === "config" && s.option.default === undefined ? [`hook.config.${s.option.ts} !== undefined`] : [])))].sort();
  const unitIf = unset(e.sources!.unit);
  const appIf = [...unset(e.sources!.app), "(await hook.isLeader())"];
  if (unitKeys.length > 0) {
    body.push(unit ? `  ${unitIf.length > 0 ? `if (${unitIf.join(" && ")}) ` : ""}${unit}` : `  // TODO: ${v}.publish({ ${unitKeys.map((k) => k.ts).join(", ")} }): the schema requires them.`);
  }
  if (appKeys.length > 0) body.push(app ? `  if (${appIf.join(" && ")}) ${app}` : `  // TODO: the leader publishes ${v}.publishApp({ ${appKeys.map((k) => k.ts).join(", ")} }): the schema requires them.`);
  if (!unit && !app) body.push("  void hook;");
  return body;
}

/** "a" or "an" before an endpoint's name, by its first letter (an ingress, a database, an s3...: "an" before a vowel sound a letter name starts with). */
export function article(word: string): "a" | "an" {
  if (/^(?:uni|use|usu|uti|eu|one)/i.test(word)) return "a"; // a unit, a user, a one-off: a consonant sound
  return /^[aeiou]|^[fhlmnrsx](?:[^a-z]|$)/i.test(word) ? "an" : "a";
}

/** What the status handler says for an endpoint, in order of precedence. */
export function statusRules(e: ScaffoldEndpoint): { blocked?: string; waiting?: string } {
  const peer = e.side.role === "peers";
  return {
    ...(!peer && hasFlag(e, "connected") ? { blocked: `needs ${article(e.name)} ${e.name} relation` } : {}),
    ...(hasFlag(e, "available") ? { waiting: peer ? `waiting for ${e.name} peers` : `waiting for ${e.name}` } : {}),
  };
}

/** What the status handler says while a config option without a default is unset. */
export const unsetOptionStatus = (o: ConfigOptionModel): string => `set the ${o.name} config option (juju config <app> ${o.name}=...)`;

/** The status a lone unit reports (no relations, no peers, no config set). */
export function loneStatus(endpoints: readonly ScaffoldEndpoint[]): { state: string; message: string } {
  for (const e of endpoints) {
    const rules = statusRules(e);
    if (rules.blocked) return { state: "blocked", message: rules.blocked };
    if (rules.waiting) return { state: "waiting", message: rules.waiting };
  }
  const unset = configOptionsOf(endpoints).find((o) => o.default === undefined);
  if (unset) return { state: "blocked", message: unsetOptionStatus(unset) };
  return { state: "active", message: "ready" };
}

export function charmTs(input: ScaffoldInput): string {
  const imports = new Map<string, string[]>();
  for (const e of input.endpoints) {
    const from = `../generated/${e.side.name}/index.js`;
    imports.set(from, [...new Set([...(imports.get(from) ?? []), e.side.factoryName])].sort());
  }
  const options = configOptionsOf(input.endpoints);
  const lines = [
    "/**",
    ` * ${comment(input.name)}: the charm's handlers. A handler runs when the flags it names are set; the`,
    " * runtime derives the interface flags from the relations' data in every hook, and writes what",
    " * handlers publish once the hook succeeds. Generated by relgen init: make it yours.",
    " */",
    `import { defineCharm, type Hook } from "relgen/runtime";`,
    ...(options.length > 0 ? [`import { config, type Config } from "../generated/config.js";`] : []),
    ...[...imports].map(([from, names]) => `import { ${names.join(", ")} } from ${str(from)};`),
    "",
    ...input.endpoints.map((e) => `export const ${camel(e.name)} = ${e.side.factoryName}(${str(e.name)});`),
    `export const charm = defineCharm({ endpoints: [${input.endpoints.map((e) => camel(e.name)).join(", ")}]${options.length > 0 ? ", config" : ""} });`,
    "",
    ...input.endpoints.flatMap(endpointHandler),
    "/** The workload status, from the endpoints' flags. */",
    `charm.when().do(async function reportStatus(hook: ${options.length > 0 ? "Hook<Config>" : "Hook"}) {`,
    `  if (hook.info.hookName === "remove") return;`,
  ];
  for (const e of input.endpoints) {
    const v = camel(e.name);
    const rules = statusRules(e);
    if (rules.blocked) lines.push(`  if (!charm.isSet(${v}.flags.connected)) return hook.status("blocked", ${str(rules.blocked)});`);
    if (rules.waiting) lines.push(`  if (!charm.isSet(${v}.flags.available)) return hook.status("waiting", ${str(rules.waiting)});`);
  }
  for (const o of options) if (o.default === undefined) lines.push(`  if (hook.config.${o.ts} === undefined) return hook.status("blocked", ${str(unsetOptionStatus(o))});`);
  lines.push(`  await hook.status("active", "ready");`, "});", "");
  return lines.join("\n");
}

/**
 * What `relgen add` prints for a new endpoint, in the two places it goes in
 * src/charm.ts: its import and declaration, beside the other endpoints
 * (before `defineCharm`, which lists it); and the handler init would have
 * written, after it.
 */
export function endpointSnippet(e: ScaffoldEndpoint, configImported = false): { readonly declaration: string; readonly handler: string } {
  const v = camel(e.name);
  return {
    declaration: [
      ...(usesConfig(e) && !configImported ? [`import { config, type Config } from "../generated/config.js"; // and give defineCharm({ endpoints, config })`] : []),
      `import { ${e.side.factoryName} } from ${str(`../generated/${e.side.name}/index.js`)};`,
      `export const ${v} = ${e.side.factoryName}(${str(e.name)});`,
    ].join("\n"),
    handler: endpointHandler(e).join("\n"),
  };
}

export function hookTs(): string {
  return `/** The hook program: Juju runs it (through dispatch) for every event. */
import { charm } from "./charm.js";

void charm.run();
`;
}

export function charmTest(input: ScaffoldInput): string {
  const lone = loneStatus(input.endpoints);
  const related = input.endpoints.find((e) => e.side.role !== "peers" && e.counterpart && hasFlag(e, "connected"));
  const lines = [
    `/** ${comment(input.name)} in relgen's harness: Juju's rules, in this process. */`,
    `import { readFileSync } from "node:fs";`,
    `import { defineCharm } from "relgen/runtime";`,
    `import { Harness } from "relgen/testing";`,
    `import { describe, expect, it } from "vitest";`,
    ...(related ? [`import { ${related.counterpart!.factoryName} } from ${str(`../generated/${related.side.name}/index.js`)};`] : []),
    `import { ${["charm", ...(related ? [camel(related.name)] : [])].join(", ")} } from "../src/charm.js";`,
    "",
    `const metadata = readFileSync(new URL("../metadata.yaml", import.meta.url), "utf8");`,
    `const mine = { metadata, run: (o: Parameters<typeof charm.run>[0]) => charm.run(o) };`,
    "",
    `describe(${str(input.name)}, () => {`,
    `  it("deploys, and says what it needs while it is alone", async () => {`,
    `    const h = new Harness({ seed: 1 });`,
    `    h.addApplication(${str(input.name)}, mine, 1);`,
    `    await h.settle();`,
    `    expect(h.status(${str(`${input.name}/0`)})).toEqual(${JSON.stringify(lone)});`,
    `  });`,
  ];
  if (related) {
    const other = related.counterpart!;
    const otherKey = other.role === "provider" ? "provides" : "requires";
    const v = camel(related.name);
    lines.push(
      "",
      `  it(${str(`is connected once related to a ${other.role} of ${related.side.name}`)}, async () => {`,
      `    const ep = ${other.factoryName}(${str(related.name)});`,
      `    const other = defineCharm({ endpoints: [ep] });`,
      `    const h = new Harness({ seed: 1 });`,
      `    h.addApplication(${str(input.name)}, mine, 1);`,
      `    h.addApplication("other", { metadata: ${str(`name: other\n${otherKey}:\n  ${related.name}:\n    interface: ${related.side.name}\n`)}, run: (o) => other.run(o) }, 1);`,
      `    h.relate(${str(`${input.name}:${related.name}`)}, ${str(`other:${related.name}`)});`,
      `    await h.settle();`,
      `    expect(h.flags(${str(`${input.name}/0`)})).toContain(${str(`${related.name}.connected`)});`,
      `    expect(${v}.definition.interface).toBe(${str(related.side.name)});`,
      `  });`,
    );
  }
  lines.push("});", "");
  return lines.join("\n");
}

export function bundleYaml(input: ScaffoldInput): string {
  return `# npm start runs this bundle on relgen's simulator (relgen sim --bundle bundle.yaml).
# Add the applications this charm relates to, and a relations: list, as in a Juju bundle.
applications:
  ${input.name}:
    charm: ./build/${input.name}
    num_units: 1
`;
}

export function gitignore(): string {
  return "node_modules/\nbuild/\n*.charm\n";
}

export function readme(input: ScaffoldInput): string {
  const eps = input.endpoints.map((e) => `- \`${e.name}\`: ${roleKey(e)} \`${e.side.name}\` (schema/${e.side.name}/v${e.side.version}/)`);
  return `# ${input.name}

${input.summary}.

Endpoints:
${eps.join("\n")}

    npm install
    npm test           # the charm in relgen's harness (test/)
    npm start          # build it, then run bundle.yaml on relgen's simulator
    npm run generate   # after editing a schema under schema/: regenerate generated/
    npm run build      # type-check and bundle into build/${input.name}/
    npm run pack       # also build/${input.name}.charm, for juju deploy

A deployed charm needs Node.js 20 or newer on the machine: its dispatch looks for
\`node\` on PATH and in /snap/bin (sudo snap install node --classic --channel=20).
`;
}
