/**
 * The files of a new charm project (`relgen init`), as text. Every name that
 * comes from a schema or the command line reaches the code only as a checked
 * identifier or through JSON.stringify, so it cannot break out of a string
 * or a comment.
 */
import type { InterfaceModel, KeyModel } from "../generator/model.js";

/** One endpoint of the new charm: its name, the side it takes, and the side it reads (if its schema is there). */
export interface ScaffoldEndpoint {
  readonly name: string;
  readonly side: InterfaceModel;
  readonly counterpart: InterfaceModel | null;
  /** Example values of the keys this side must publish, decoded, by TypeScript name; null when a required key has none. */
  readonly examples: { readonly unit: Record<string, unknown> | null; readonly app: Record<string, unknown> | null };
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
    devDependencies: {
      "@types/node": input.versions.typesNode,
      relgen: input.versions.relgen,
      typescript: input.versions.typescript,
      vitest: input.versions.vitest,
    },
  };
  return JSON.stringify(pkg, null, 2) + "\n";
}

export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
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
    },
    include: ["src/**/*.ts", "generated/**/*.ts", "test/**/*.ts"],
  };
  return JSON.stringify(config, null, 2) + "\n";
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

function endpointHandler(e: ScaffoldEndpoint): string[] {
  const v = camel(e.name);
  const side = `${e.side.name} ${e.side.role}`;
  const lines = [`/** ${comment(`${e.name}: once connected, publish what the ${side} side's schema asks of this side.`)} */`];
  const flag = hasFlag(e, "connected") ? `${v}.flags.connected` : "";
  lines.push(`charm.when(${flag}).do(async function ${v}Connected(hook: Hook) {`);
  const required = (bag: InterfaceModel["unit"]): KeyModel[] => (bag ? bag.keys.filter((k) => k.required) : []);
  const unitKeys = required(e.side.unit);
  const appKeys = required(e.side.app);
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

/** What the status handler says for an endpoint, in order of precedence. */
export function statusRules(e: ScaffoldEndpoint): { blocked?: string; waiting?: string } {
  const peer = e.side.role === "peers";
  return {
    ...(!peer && hasFlag(e, "connected") ? { blocked: `needs a ${e.name} relation` } : {}),
    ...(hasFlag(e, "available") ? { waiting: peer ? `waiting for ${e.name} peers` : `waiting for ${e.name}` } : {}),
  };
}

/** The status a lone unit reports (no relations, no peers). */
export function loneStatus(endpoints: readonly ScaffoldEndpoint[]): { state: string; message: string } {
  for (const e of endpoints) {
    const rules = statusRules(e);
    if (rules.blocked) return { state: "blocked", message: rules.blocked };
    if (rules.waiting) return { state: "waiting", message: rules.waiting };
  }
  return { state: "active", message: "ready" };
}

export function charmTs(input: ScaffoldInput): string {
  const imports = new Map<string, string[]>();
  for (const e of input.endpoints) {
    const from = `../generated/${e.side.name}/index.js`;
    imports.set(from, [...new Set([...(imports.get(from) ?? []), e.side.factoryName])].sort());
  }
  const lines = [
    "/**",
    ` * ${comment(input.name)}: the charm's handlers. A handler runs when the flags it names are set; the`,
    " * runtime derives the interface flags from the relations' data in every hook, and writes what",
    " * handlers publish once the hook succeeds. Generated by relgen init: make it yours.",
    " */",
    `import { defineCharm, type Hook } from "relgen/runtime";`,
    ...[...imports].map(([from, names]) => `import { ${names.join(", ")} } from ${str(from)};`),
    "",
    ...input.endpoints.map((e) => `export const ${camel(e.name)} = ${e.side.factoryName}(${str(e.name)});`),
    `export const charm = defineCharm({ endpoints: [${input.endpoints.map((e) => camel(e.name)).join(", ")}] });`,
    "",
    ...input.endpoints.flatMap(endpointHandler),
    "/** The workload status, from the endpoints' flags. */",
    "charm.when().do(async function reportStatus(hook: Hook) {",
    `  if (hook.info.hookName === "remove") return;`,
  ];
  for (const e of input.endpoints) {
    const v = camel(e.name);
    const rules = statusRules(e);
    if (rules.blocked) lines.push(`  if (!charm.isSet(${v}.flags.connected)) return hook.status("blocked", ${str(rules.blocked)});`);
    if (rules.waiting) lines.push(`  if (!charm.isSet(${v}.flags.available)) return hook.status("waiting", ${str(rules.waiting)});`);
  }
  lines.push(`  await hook.status("active", "ready");`, "});", "");
  return lines.join("\n");
}

/**
 * What `relgen add` prints for a new endpoint, in the two places it goes in
 * src/charm.ts: its import and declaration, beside the other endpoints
 * (before `defineCharm`, which lists it); and the handler init would have
 * written, after it.
 */
export function endpointSnippet(e: ScaffoldEndpoint): { readonly declaration: string; readonly handler: string } {
  const v = camel(e.name);
  return {
    declaration: [
      `import { ${e.side.factoryName} } from ${str(`../generated/${e.side.name}/index.js`)};`,
      `export const ${v} = ${e.side.factoryName}(${str(e.name)});`,
    ].join("\n"),
    handler: endpointHandler(e).join("\n"),
  };
}

export function hookTs(): string {
  return `/** The hook program: Juju runs it (through dispatch) for every event. */
import { charm } from "./charm.js";

await charm.run();
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
