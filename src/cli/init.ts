/** `relgen init [DIR] --interface SCHEMA [--interface SCHEMA ...] [options]` */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import type { Role } from "../generator/model.js";
import { visible } from "../runtime/text.js";
import { escapedIo, type Io } from "./generate.js";

export const INIT_USAGE = `usage: relgen init [DIR] --interface SCHEMA [--interface SCHEMA ...] [options]

Starts a TypeScript charm project in DIR (default: here; new or empty) with
typed bindings for the interfaces it uses: package.json (relgen as a dev
dependency), tsconfig.json, metadata.yaml, src/charm.ts with one handler per
endpoint, schema/ (the schemas, copied), generated/, a vitest test on relgen's
harness, and bundle.yaml for relgen's simulator. Then: npm install, npm test,
npm start. The project is written into a temporary folder beside DIR and
moved into place at the end: an init that fails leaves nothing behind.

  --interface SCHEMA  an interface schema: a file (<interface>/v<N>/<role>.json, the
                      side this charm takes; the other side's file beside it is copied
                      too) or a version folder; repeat for more endpoints
  --role ROLE         for a folder holding both sides: provider or requirer
  --endpoint NAME     endpoint names, in the order of --interface (default: the
                      interface name, with - for _)
  --name NAME         the charm's name (default: DIR's name)
  --summary TEXT      one line for metadata.yaml and package.json
  --relgen SPEC       the relgen dependency (default: how this relgen was installed)
  --force             add the project's files to a folder that is not empty; a file
                      that exists there is left as it is (named in a warning), never replaced
`;

export async function initCommand(argv: readonly string[], given: Io): Promise<number> {
  const io = escapedIo(given);
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        interface: { type: "string", multiple: true },
        endpoint: { type: "string", multiple: true },
        role: { type: "string" },
        name: { type: "string" },
        summary: { type: "string" },
        relgen: { type: "string" },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    io.stderr(`relgen init: ${(e as Error).message}\n${INIT_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(INIT_USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.stderr(`relgen init: one folder at a time (got ${positionals.join(", ")})\n`);
    return 2;
  }
  if (values.role !== undefined && !["provider", "requirer", "peers"].includes(values.role)) {
    io.stderr("relgen init: --role must be provider, requirer or peers\n");
    return 2;
  }
  const { initProject, InitError } = await import("../project/scaffold.js");
  const { GenerationError, SchemaError } = await import("../generator/errors.js");
  const dir = positionals[0] ?? ".";
  try {
    const result = await initProject({
      dir,
      interfaces: values.interface ?? [],
      ...(values.endpoint ? { endpoints: values.endpoint } : {}),
      ...(values.role ? { role: values.role as Role } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(values.summary ? { summary: values.summary } : {}),
      ...(values.relgen ? { relgen: values.relgen } : {}),
      force: values.force,
    });
    for (const w of result.warnings) io.stderr(`warning: ${visible(w)}\n`);
    const where = relative(process.cwd(), result.dir) || ".";
    io.stdout(`relgen: created the charm project ${result.name} in ${where} (${result.files.length} files)\n`);
    io.stdout(`next:\n${where === "." ? "" : `  cd ${where}\n`}  npm install\n  npm test\n  npm start\n`);
    return 0;
  } catch (e) {
    if (e instanceof InitError) {
      io.stderr(`relgen init: ${visible(e.message)}\n`);
      return 1;
    }
    if (e instanceof GenerationError) {
      for (const problem of e.problems) io.stderr(`error: ${visible(problem.message)}\n`);
      io.stderr(`relgen init: the schemas have ${e.problems.length} problem(s)\n`);
      return 1;
    }
    if (e instanceof SchemaError) {
      io.stderr(`error: ${visible(e.message)}\n`);
      return 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof Error && typeof code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string") {
      // A path that could not be read (an --interface under a file, a name too long): one line, Node's message names it.
      io.stderr(`relgen init: ${visible(e.message)}\n`);
      return 1;
    }
    throw e;
  }
}
