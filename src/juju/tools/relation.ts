/** relation-ids, relation-list, relation-get, relation-set (jujuc semantics). */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkEmpty, RunError, stringFlag, UsageError, boolFlag, parseKeyValues, goQuote } from "./flags.js";
import { sortStrings } from "./gojson.js";
import { APP_NAME_RE, Output, RelationIdFlag, UNIT_NAME_RE } from "./common.js";
import { parseSettingsDocument } from "./settings-doc.js";
import type { ToolDef } from "./registry.js";

export const relationIds: ToolDef = {
  name: "relation-ids",
  info: {
    name: "relation-ids",
    args: "[<name>]",
    purpose: "List all relation ids of an endpoint.",
    doc: "Prints the ids of the relations of the given endpoint (the current hook's endpoint by default), sorted as strings. Broken relations are left out.",
  },
  setup(ctx) {
    const out = new Output();
    return {
      flags: out.flags(),
      run(args, io) {
        let name = ctx.hookRelationId === null ? "" : (ctx.relation(ctx.hookRelationId)?.endpoint ?? "");
        if (args.length > 0) {
          name = args[0]!;
          checkEmpty(args.slice(1));
        } else if (name === "") throw new UsageError("no endpoint name specified");
        const ids = ctx
          .relationIds()
          .map((id) => ctx.relation(id))
          .filter((r) => r !== undefined && r.endpoint === name)
          .map((r) => r!.fakeId);
        return out.write(sortStrings(ids), io.cwd);
      },
    };
  },
};

export const relationList: ToolDef = {
  name: "relation-list",
  info: {
    name: "relation-list",
    purpose: "List the remote units of a relation.",
    doc: "Prints the remote units that have joined the relation (never the local unit), sorted as strings. -r is required outside a relation hook.",
  },
  setup(ctx) {
    const out = new Output();
    const rel = new RelationIdFlag(ctx);
    let app = false;
    return {
      flags: [...out.flags(), ...rel.flags(), boolFlag(["app"], "List the remote application instead of its units", (v) => (app = v))],
      run(args, io) {
        if (rel.id === -1) throw new UsageError("no relation id specified");
        checkEmpty(args);
        const r = ctx.relation(rel.id)!;
        if (app) return out.write(r.remoteApp, io.cwd);
        return out.write(ctx.relationMembers(rel.id), io.cwd);
      },
    };
  },
};

export const relationGet: ToolDef = {
  name: "relation-get",
  info: {
    name: "relation-get",
    args: "[<key> [<unit id>]]",
    purpose: "Get relation settings.",
    doc: [
      'Prints one setting of a unit in a relation, or all of them when the key is "-" or absent.',
      "The unit defaults to the hook's remote unit (JUJU_REMOTE_UNIT); with --app, the application bag is read.",
      "The local unit's own bag includes the changes this hook has made with relation-set.",
      "Settings of units that have departed stay readable for the lifetime of the relation.",
    ].join("\n"),
  },
  setup(ctx) {
    const out = new Output();
    const rel = new RelationIdFlag(ctx);
    let app = false;
    return {
      flags: [...out.flags(), ...rel.flags(), boolFlag(["app"], "Get the application bag instead of a unit's", (v) => (app = v))],
      run(args, io) {
        if (rel.id === -1) throw new UsageError("no relation id specified");
        let key = "";
        let rest = [...args];
        if (rest.length > 0) {
          key = rest[0] === "-" ? "" : rest[0]!;
          rest = rest.slice(1);
        }
        let target = "";
        if (rest.length > 0) {
          const supplied = rest.shift()!;
          if (app) {
            if (APP_NAME_RE.test(supplied)) target = supplied;
            else if (UNIT_NAME_RE.test(supplied)) target = supplied.split("/")[0]!;
          } else {
            if (!UNIT_NAME_RE.test(supplied)) {
              if (APP_NAME_RE.test(supplied)) throw new UsageError(`expected unit name, got application name ${goQuote(supplied)}`);
              throw new UsageError(`invalid unit name ${goQuote(supplied)}`);
            }
            target = supplied;
          }
        } else if (app) {
          if (ctx.remoteApp === "") throw new UsageError("no unit or application specified");
          target = ctx.remoteApp;
        } else if (ctx.remoteUnit !== "") {
          target = ctx.remoteUnit;
        } else if (ctx.remoteApp !== "") {
          target = ctx.remoteApp;
          app = true;
        } else {
          throw new UsageError("no unit or application specified");
        }
        checkEmpty(rest);

        let settings: Record<string, string>;
        if (target === ctx.unitName && !app) settings = ctx.localUnitSettings(rel.id);
        else if (app && target === ctx.appName && ctx.isLeader()) settings = ctx.localAppSettings(rel.id);
        else if (app) settings = ctx.remoteAppSettings(rel.id, target);
        else settings = ctx.remoteUnitSettings(rel.id, target);
        if (key === "") return out.write(settings, io.cwd);
        return out.write(Object.hasOwn(settings, key) ? settings[key]! : null, io.cwd);
      },
    };
  },
};

export const relationSet: ToolDef = {
  name: "relation-set",
  info: {
    name: "relation-set",
    args: "key=value [key=value ...]",
    purpose: "Set relation settings.",
    doc: [
      "Writes settings of the local unit (or, for the leader with --app, of the application) in a relation;",
      "the current hook's relation unless -r is given. Values are stored as strings; an empty value deletes",
      "the key. The changes are committed only if the hook exits successfully.",
      "",
      "Use --file for large or secret values: it names a file holding a YAML (or JSON) map of settings,",
      'or "-" to read the map from standard input. key=value arguments override keys from the file.',
    ].join("\n"),
  },
  setup(ctx) {
    const rel = new RelationIdFlag(ctx);
    let file = "";
    let app = false;
    let format = "";
    return {
      flags: [
        ...rel.flags("Specify a relation by id"),
        stringFlag(["file"], 'File holding a YAML or JSON map of settings ("-" for stdin)', "", (v) => (file = v)),
        boolFlag(["app"], "Set the application's settings (leader only) instead of the unit's", (v) => (app = v)),
        stringFlag(["format"], "Deprecated; accepted and ignored", "", (v) => (format = v)),
      ],
      run(args, io) {
        if (rel.id === -1) throw new UsageError("no relation id specified");
        const overrides = parseKeyValues(args);
        let stderr = "";
        if (format !== "") stderr = `--format flag deprecated for command "relation-set"`;
        const settings = new Map<string, string>();
        if (file !== "") {
          let bytes: Uint8Array;
          if (file === "-") bytes = io.stdin ?? new Uint8Array();
          else {
            const path = resolve(io.cwd, file);
            try {
              bytes = readFileSync(path);
            } catch (e) {
              const code = (e as NodeJS.ErrnoException).code;
              throw new RunError(`open ${path}: ${code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : String(code)}`);
            }
          }
          for (const [k, v] of parseSettingsDocument(bytes)) settings.set(k, v ?? "");
        }
        for (const [k, v] of overrides) settings.set(k, v);
        if (app && !ctx.isLeader()) throw new RunError("cannot write relation settings");
        ctx.writeSettings(rel.id, app, settings);
        return { stdout: "", stderr };
      },
    };
  },
};
