/** The `relgen` command line. */
import { generateCommand } from "./generate.js";
import type { Io } from "./command-line.js";

const USAGE = `usage: relgen <command> [options]

commands:
  init       start a TypeScript charm project with bindings for its interfaces (relgen init --help)
  add        add an endpoint of a registry interface to a charm project (relgen add --help)
  generate   generate typed bindings from interface schemas (relgen generate --help)
  doc        write a Markdown page per interface version from its schemas (relgen doc --help)
  build      type-check and bundle a charm project into a charm directory or .charm (relgen build --help)
  sim        run charms on the Juju model simulator (relgen sim --help)
  test-interface  test a charm's endpoint against what the other side's schema allows (relgen test-interface --help)
`;

const defaultIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "generate":
      return generateCommand(rest, io);
    case "doc": return (await import("./doc.js")).docCommand(rest, io);
    case "build": {
      const { buildCommand } = await import("./build.js");
      return buildCommand(rest, io);
    }
    case "init": {
      const { initCommand } = await import("./init.js");
      return initCommand(rest, io);
    }
    case "add": {
      const { addCommand } = await import("./add.js");
      return addCommand(rest, io);
    }
    case "test-interface": {
      const { testInterfaceCommand } = await import("./test-interface.js");
      return testInterfaceCommand(rest, io);
    }
    case "sim": {
      const { simCommand } = await import("../sim/cli.js");
      return simCommand([...rest], { stdout: process.stdout, stderr: process.stderr });
    }
    case undefined:
    case "-h":
    case "--help":
      (command ? io.stdout : io.stderr)(USAGE);
      return command ? 0 : 2;
    default:
      io.stderr(`relgen: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}
