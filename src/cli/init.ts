/** `relgen init [DIR] --interface SCHEMA [--interface SCHEMA ...] [options]`, or `relgen init --workspace DIR --charm ...` */
import { relative } from "node:path";
import type { Role } from "../generator/model.js";
import { DEFAULT_REGISTRY_URL } from "../registry/index.js";
import { visible } from "../runtime/text.js";
import { reportFailure } from "./failures.js";
import { escapedIo, readCommandLine, type Io } from "./command-line.js";

export const INIT_USAGE = `usage: relgen init [DIR] --interface NAME|SCHEMA [--interface ...] [options]

Starts a TypeScript charm project in DIR (default: here; new or empty) with
typed bindings for the interfaces it uses: package.json (relgen as a dev
dependency), tsconfig.json, metadata.yaml, src/charm.ts with one handler per
endpoint, schema/ (the schemas, copied), generated/, a vitest test on relgen's
harness, and bundle.yaml for relgen's simulator. Then: npm install, npm test,
npm start. The project is written into a temporary folder beside DIR and
moved into place at the end: an init that fails leaves nothing behind.

  --interface NAME    an interface of the registry by name: NAME (its newest version),
                      NAME@vN or NAME/vN; the choice is printed. Or a schema: a file
                      (<interface>/v<N>/<role>.json, the side this charm takes; the
                      other side's file beside it is copied too) or a version folder.
                      Repeat for more endpoints
  --role ROLE         the side this charm takes where the version holds both: provider
                      or requirer; once for all, or once per --interface, in order
  --registry R        where names are looked up: a checkout of the interface registry
                      (a folder) or its URL (default: $RELGEN_REGISTRY, else
                      ${DEFAULT_REGISTRY_URL}; fetched files are cached)
  --endpoint NAME     endpoint names, in the order of --interface (default: the
                      interface name, with - for _)
  --name NAME         the charm's name (default: DIR's name)
  --summary TEXT      one line for metadata.yaml and package.json
  --relgen SPEC       the relgen dependency (default: how this relgen was installed)
  --force             add the project's files to a folder that is not empty; a file
                      that exists there is left as it is (named in a warning), never replaced

usage: relgen init --workspace DIR --charm NAME:INTERFACE[:ROLE][,INTERFACE[:ROLE]...] --charm ... [--registry R] [--relgen SPEC]

Starts charms developed together, in DIR (new or empty): an npm workspace with
one charm project per --charm under charms/NAME/ (each as relgen init makes
it), a root package.json (workspaces: charms/*; relgen, TypeScript and vitest
once for all), bundle.yaml deploying every charm and relating the endpoints
that share an interface (one providing, the other requiring it), and
test/integration.test.ts running them together in relgen's harness. Then, at
the root: npm install, npm test (each charm's tests, then the integration
test), npm run build, npm start (build all, then the bundle on the simulator).
All or nothing, as above.

  --workspace DIR     the workspace's folder
  --charm SPEC        a charm: its name, then its interfaces as --interface takes
                      them, each with the side it takes where the version holds both;
                      e.g. --charm web:ingress:requirer --charm proxy:ingress:provider.
                      Repeat for each charm; endpoints are named after the interfaces
`;

export async function initCommand(argv: readonly string[], given: Io): Promise<number> {
  const io = escapedIo(given);
  const line = readCommandLine(
    "init",
    argv,
    {
      interface: { type: "string", multiple: true },
      endpoint: { type: "string", multiple: true },
      role: { type: "string", multiple: true },
      registry: { type: "string" },
      name: { type: "string" },
      summary: { type: "string" },
      relgen: { type: "string" },
      force: { type: "boolean", default: false },
      workspace: { type: "string" },
      charm: { type: "string", multiple: true },
    },
    INIT_USAGE,
    io,
  );
  if (typeof line === "number") return line;
  const { values, dir } = line;
  if (values.workspace !== undefined || values.charm) return workspaceCommand(values, dir, io);
  const roles = values.role ?? [];
  if (roles.some((r) => !["provider", "requirer", "peers"].includes(r))) {
    io.stderr("relgen init: --role must be provider, requirer or peers\n");
    return 2;
  }
  if (roles.length > 1 && roles.length !== (values.interface ?? []).length) {
    io.stderr("relgen init: give one --role for all interfaces, or one per --interface, in order\n");
    return 2;
  }
  const { initProject } = await import("../project/scaffold.js");
  const { openRegistry } = await import("../registry/index.js");
  const { lazyRegistry } = await import("../project/choose.js");
  const folder = dir ?? ".";
  try {
    const result = await initProject({
      dir: folder,
      interfaces: values.interface ?? [],
      ...(values.endpoint ? { endpoints: values.endpoint } : {}),
      ...(roles.length > 0 ? { role: roles.length === 1 ? (roles[0] as Role) : (roles as Role[]) } : {}),
      registry: lazyRegistry(() => openRegistry(values.registry, { onNote: (line) => io.stderr(`relgen: ${line}\n`) })),
      ...(values.name ? { name: values.name } : {}),
      ...(values.summary ? { summary: values.summary } : {}),
      ...(values.relgen ? { relgen: values.relgen } : {}),
      force: values.force,
    });
    for (const note of result.notes) io.stdout(`relgen: ${visible(note)}\n`);
    for (const w of result.warnings) io.stderr(`warning: ${visible(w)}\n`);
    const where = relative(process.cwd(), result.dir) || ".";
    io.stdout(`relgen: created the charm project ${result.name} in ${where} (${result.files.length} files)\n`);
    io.stdout(`next:\n${where === "." ? "" : `  cd ${where}\n`}  npm install\n  npm test\n  npm start\n`);
    return 0;
  } catch (e) {
    return reportFailure(e, io, "init");
  }
}

/** `relgen init --workspace DIR --charm ...`: the options that make one charm project have no place here. */
async function workspaceCommand(
  values: { workspace?: string | undefined; charm?: string[] | undefined; registry?: string | undefined; relgen?: string | undefined } & Record<string, unknown>,
  dir: string | undefined,
  io: Io,
): Promise<number> {
  const alone = ["interface", "endpoint", "role", "name", "summary"].filter((o) => values[o] !== undefined);
  if (values.workspace === undefined) {
    io.stderr("relgen init: --charm makes a workspace: give its folder with --workspace DIR\n");
    return 2;
  }
  if (dir !== undefined || alone.length > 0 || values["force"] === true) {
    const what = [...(dir !== undefined ? [dir] : []), ...alone.map((o) => `--${o}`), ...(values["force"] === true ? ["--force"] : [])];
    io.stderr(`relgen init: with --workspace, each charm is given by --charm NAME:INTERFACE[:ROLE] (not ${what.join(", ")})\n`);
    return 2;
  }
  const { initWorkspace } = await import("../project/workspace.js");
  const { openRegistry } = await import("../registry/index.js");
  const { lazyRegistry } = await import("../project/choose.js");
  try {
    const result = await initWorkspace({
      dir: values.workspace,
      charms: values.charm ?? [],
      registry: lazyRegistry(() => openRegistry(values.registry, { onNote: (line) => io.stderr(`relgen: ${line}\n`) })),
      ...(values.relgen ? { relgen: values.relgen } : {}),
    });
    for (const note of result.notes) io.stdout(`relgen: ${visible(note)}\n`);
    for (const w of result.warnings) io.stderr(`warning: ${visible(w)}\n`);
    const where = relative(process.cwd(), result.dir) || ".";
    io.stdout(`relgen: created the workspace ${where}: ${result.members.map((m) => `charms/${m}`).join(", ")} (${result.files.length} files)\n`);
    for (const r of result.relations) io.stdout(`relgen: related ${visible(r)} in bundle.yaml and test/integration.test.ts\n`);
    io.stdout(`next:\n${where === "." ? "" : `  cd ${where}\n`}  npm install\n  npm test\n  npm start\n`);
    return 0;
  } catch (e) {
    return reportFailure(e, io, "init");
  }
}
