/** `relgen build [DIR] [--out DIR] [--entry FILE] [--tsconfig FILE] [--pack] [--force]` */
import { relative } from "node:path";
import { escapedIo, readCommandLine, type Io } from "./command-line.js";

export const BUILD_USAGE = `usage: relgen build [DIR] [--out DIR] [--entry FILE] [--tsconfig FILE] [--pack] [--force]

Turns the charm project DIR (default: here) into a charm directory: metadata.yaml
(or charmcraft.yaml), config.yaml and actions.yaml when present, a dispatch that
runs Node.js 20 or newer, and the hook program bundled into hook.bundle.cjs, run by hook.cjs. The charm
is type-checked first (its entry and everything it imports); an error stops the
build and nothing is written.

  --out DIR        the charm directory (default: build/<charm name>): a new or empty
                   folder, or one an earlier build made (it holds .relgen-build.json,
                   which lists the files that build wrote: only those are replaced).
                   Anything else, and a folder that holds the project, is refused
  --entry FILE     the hook program (default: src/hook.ts)
  --tsconfig FILE  compiler options for the type-check (default: the project's tsconfig.json)
  --pack           also write <out>/../<charm name>.charm, ready for juju deploy
  --force          rebuild even when the charm directory is up to date
`;

export async function buildCommand(argv: readonly string[], given: Io): Promise<number> {
  const io = escapedIo(given);
  const line = readCommandLine(
    "build",
    argv,
    {
      out: { type: "string" },
      entry: { type: "string" },
      tsconfig: { type: "string" },
      pack: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
    },
    BUILD_USAGE,
    io, "project",
  );
  if (typeof line === "number") return line;
  const { values, dir } = line;
  const { buildCharm, BuildError } = await import("../project/build.js");
  try {
    const result = await buildCharm({
      project: dir ?? ".",
      ...(values.out ? { out: values.out } : {}),
      ...(values.entry ? { entry: values.entry } : {}),
      ...(values.tsconfig ? { tsconfig: values.tsconfig } : {}),
      pack: values.pack,
      force: values.force,
    });
    const shown = (p: string) => relative(process.cwd(), p) || ".";
    io.stdout(`relgen: ${result.built ? "built" : "up to date:"} ${result.name} in ${shown(result.dir)}${result.archive ? ` and ${shown(result.archive)}` : ""}\n`);
    return 0;
  } catch (e) {
    if (e instanceof BuildError) {
      io.stderr(`relgen build: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
