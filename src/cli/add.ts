/** `relgen add [DIR] --interface NAME|SCHEMA [--role ROLE] [--endpoint NAME] [--registry R]` */
import type { Role } from "../generator/model.js";
import { DEFAULT_REGISTRY_URL } from "../registry/index.js";
import { visible } from "../runtime/text.js";
import { reportFailure } from "./failures.js";
import { escapedIo, readCommandLine, type Io } from "./command-line.js";

export const ADD_USAGE = `usage: relgen add [DIR] --interface NAME|SCHEMA [--role ROLE] [--endpoint NAME] [--registry R]

Adds an endpoint to the charm project in DIR (default: here), the way relgen
init makes one: copies the interface's schemas into schema/, generates
generated/ again, adds the endpoint to metadata.yaml (or charmcraft.yaml),
keeping its comments and order, and prints the handler to paste into
src/charm.ts. Nothing is written when any step fails.

  --interface NAME    an interface of the registry: NAME (its newest version), NAME@vN
                      or NAME/vN; or a schema file or version folder
  --role ROLE         the side this charm takes: provider or requirer (for a version
                      that holds both)
  --endpoint NAME     the endpoint's name (default: the interface name, with - for _);
                      an endpoint the metadata declares already is refused
  --registry R        a checkout of the interface registry (a folder) or its URL
                      (default: $RELGEN_REGISTRY, else ${DEFAULT_REGISTRY_URL})
`;

export async function addCommand(argv: readonly string[], given: Io): Promise<number> {
  const io = escapedIo(given);
  const line = readCommandLine(
    "add",
    argv,
    {
      interface: { type: "string" },
      role: { type: "string" },
      endpoint: { type: "string" },
      registry: { type: "string" },
    },
    ADD_USAGE,
    io, "project",
  );
  if (typeof line === "number") return line;
  const { values, dir } = line;
  if (!values.interface) {
    io.stderr(`relgen add: give --interface NAME (e.g. --interface tls_certificates --role requirer)\n${ADD_USAGE}`);
    return 2;
  }
  if (values.role !== undefined && !["provider", "requirer", "peers"].includes(values.role)) {
    io.stderr("relgen add: --role must be provider, requirer or peers\n");
    return 2;
  }
  const { addInterface } = await import("../project/add.js");
  const { openRegistry } = await import("../registry/index.js");
  const { lazyRegistry } = await import("../project/choose.js");
  try {
    const result = await addInterface({
      dir: dir ?? ".",
      interface: values.interface,
      ...(values.role ? { role: values.role as Role } : {}),
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      registry: lazyRegistry(() => openRegistry(values.registry, { onNote: (line) => io.stderr(`relgen: ${line}\n`) })),
    });
    for (const note of result.notes) io.stdout(`relgen: ${visible(note)}\n`);
    for (const w of result.warnings) io.stderr(`warning: ${visible(w)}\n`);
    const { name, version } = result.identity;
    io.stdout(`relgen: added the endpoint ${result.endpoint} (${result.kind} ${name} v${version}) to ${result.metadata}\n`);
    if (result.schemas.length > 0) io.stdout(`relgen: copied ${result.schemas.join(", ")}\n`);
    io.stdout(`relgen: generated/ holds ${result.generated} files${result.typeChecked ? "" : " (not type-checked: relgen is not installed here; run npm install, then npm run build)"}\n`);
    io.stdout(
      `\nIn src/charm.ts, beside the other endpoints (before defineCharm):\n\n${result.snippet.declaration}\n\n` +
        `then add ${result.variable} to defineCharm({ endpoints: [...] }), and a handler after it:\n\n${result.snippet.handler}\n`,
    );
    return 0;
  } catch (e) {
    return reportFailure(e, io, "add");
  }
}
