/**
 * The handler example of a side: exactly the `src/charm.ts` that `relgen
 * init` scaffolds for a charm with one endpoint of that side (the same
 * writer, `charmTs`), so the page shows what a new project starts from and
 * cannot drift from it. It imports the runtime as `relgen/runtime` and the
 * bindings from `../generated/<interface>/index.js`, as such a project does.
 */
import type { InterfaceModel, KeyModel } from "../generator/model.js";
import { charmTs, defaultEndpointName as endpointNameOf, endpointVariable, type ScaffoldInput } from "../project/scaffold-files.js";
import type { ExampleSource } from "../generator/examples.js";

/** The endpoint name `relgen init` gives an interface by default. */
export function defaultEndpointName(side: InterfaceModel): string {
  return endpointNameOf(side.name);
}

/** The charm name of the example: a charm name is lower-case words joined by `-`. */
function charmName(side: InterfaceModel): string {
  const words = `${side.name}-${side.role}`.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const name = words.join("-");
  return /^[a-z]/.test(name) ? `${name}-charm` : `charm-${name}`;
}

/**
 * The handler example of `side` (its schema file at `file`, for the examples
 * of the keys it must publish): TypeScript source of a whole charm module.
 */
export function handlerExample(side: InterfaceModel, counterpart: InterfaceModel | null, file: string, examples: ExampleSource): string {
  const input: ScaffoldInput = {
    name: charmName(side),
    summary: "",
    endpoints: [
      {
        name: defaultEndpointName(side),
        side,
        counterpart,
        examples: { unit: examples.required(file, side.unit?.keys ?? []), app: examples.required(file, side.app?.keys ?? []) },
      },
    ],
    // charmTs writes no package.json: it reads no versions.
    versions: { relgen: "", typescript: "", vitest: "", typesNode: "" },
  };
  return charmTs(input);
}

/**
 * A handler that reads what the other side publishes, to add to the module
 * `handlerExample` gives: typed views of the counterpart's bags (a value
 * that is missing or invalid for its schema is left out). Secret keys are
 * read, never logged. Null when the counterpart's schema is missing (its bags
 * are read untyped) or it has no keys.
 */
export function readingExample(side: InterfaceModel, counterpart: InterfaceModel | null): string | null {
  if (!counterpart) return null;
  const pick = (keys: readonly KeyModel[]): KeyModel[] => [...keys.filter((k) => k.required), ...keys.filter((k) => !k.required)].slice(0, 3);
  const appKeys = pick(counterpart.app?.keys ?? []);
  const unitKeys = pick(counterpart.unit?.keys ?? []);
  if (appKeys.length + unitKeys.length === 0) return null;
  const v = endpointVariable(defaultEndpointName(side));
  const flag = side.flags.some((f) => f.name === "available") ? "available" : side.flags.some((f) => f.name === "connected") ? "connected" : null;
  const shown = (bag: string, keys: readonly KeyModel[]): string =>
    keys.map((k) => (k.secret ? `${k.ts} ${"$"}{${bag}.${k.ts} === undefined ? "missing" : "received"}` : `${k.ts}=${"$"}{JSON.stringify(${bag}.${k.ts})}`)).join(", ");
  const whose = side.role === "peers" ? "the peers publish" : `the ${counterpart.role} side publishes`;
  const lines = [
    `/** ${defaultEndpointName(side)}: read what ${whose}, typed (a value missing or invalid for its schema is left out). */`,
    `charm.when(${flag ? `${v}.flags.${flag}` : ""}).do(async function ${v}Read(hook: Hook) {`,
    `  for (const relation of ${v}.relations) {`,
    ...(flag ? [`    if (!relation.flags.${flag}) continue;`] : []),
  ];
  if (appKeys.length > 0) lines.push("    const app = relation.app.received;", `    await hook.log(\`${"$"}{relation.id}: ${shown("app", appKeys)}\`);`);
  if (unitKeys.length > 0) lines.push("    for (const unit of relation.units) {", `      await hook.log(\`${"$"}{unit.name}: ${shown("unit.received", unitKeys)}\`);`, "    }");
  lines.push("  }", "});", "");
  return lines.join("\n");
}
