/**
 * secret-add, secret-get, secret-set, secret-remove, secret-grant,
 * secret-revoke, secret-ids and secret-info-get, as jujuc parses and prints
 * them (Juju 3.6). Values given inline, by `key#file=PATH` or in a `--file`
 * document are stored base64-encoded; error messages never repeat a value.
 * The 1 MB limits are those of current 3.6 releases (older ones had 8 KiB
 * per value and 64 KiB in all).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { RelationIdFlag, Output, APP_NAME_RE, UNIT_NAME_RE } from "./common.js";
import { boolFlag, checkEmpty, goQuote, RunError, stringFlag, UsageError, type FlagSpec } from "./flags.js";
import { parseSecretUri } from "../secrets.js";
import type { ToolDef } from "./registry.js";
import type { SecretRef, ToolContext } from "./types.js";

const KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;
const LIMIT = 1_000_000;
const ROTATE = ["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"];

const b64 = (text: string | Uint8Array): string => Buffer.from(text).toString("base64");
const unb64 = (text: string): string => Buffer.from(text, "base64").toString("utf8");

/** The values of secret-add/secret-set: `key=value`, `key#base64=value`, `key#file=path`, and `--file` (the file wins). */
function secretContent(args: readonly string[], file: string, cwd: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const put = (rawKey: string, value: string, encoded: boolean): void => {
    const key = rawKey.replace(/#base64$/, "");
    if (!KEY.test(key)) throw new UsageError(`key ${goQuote(key)} not valid`);
    const stored = encoded || rawKey.endsWith("#base64") ? value : b64(value);
    if (stored.length > LIMIT) throw new UsageError(`base64 encoded secret content for key ${goQuote(rawKey)} too large: ${stored.length} bytes`);
    out[key] = stored;
  };
  const readPath = (path: string, key: string): Buffer => {
    const full = resolve(cwd, path.replace(/^~(?=\/|$)/, homedir()));
    try {
      return readFileSync(full);
    } catch (e) {
      throw new UsageError(`reading content for secret key ${goQuote(key)}: open ${full}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : "permission denied"}`);
    }
  };
  for (const arg of args) {
    const trimmed = arg.replace(/=+$/, "");
    const eq = trimmed.indexOf("=");
    if (eq <= 0) throw new UsageError(`key value ${goQuote(arg.slice(0, Math.max(0, arg.indexOf("="))) || "<value>")} not valid`);
    const key = arg.slice(0, arg.indexOf("="));
    const value = arg.slice(arg.indexOf("=") + 1);
    if (key.endsWith("#file")) {
      const k = key.slice(0, -5);
      if (k.endsWith("#base64")) throw new UsageError(`key ${goQuote(k)} not valid`);
      const bytes = readPath(value, k);
      if (bytes.length > LIMIT) throw new UsageError(`secret content in file ${goQuote(value)} too large: ${bytes.length} bytes`);
      put(k, b64(bytes), true);
    } else put(key, value, false);
  }
  if (file !== "") {
    const bytes = readPath(file, "--file");
    if (bytes.length > LIMIT) throw new UsageError(`secret content in file ${goQuote(file)} too large: ${bytes.length} bytes`);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new UsageError(`invalid secret content in file ${goQuote(file)}: not valid UTF-8`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      try {
        doc = parseYaml(text);
      } catch {
        throw new UsageError(`invalid secret content in file ${goQuote(file)}`);
      }
    }
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== "object" || Array.isArray(doc)) throw new UsageError(`invalid secret content in file ${goQuote(file)}`);
      for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
        if (v instanceof Uint8Array) put(k, b64(v), true);
        else if (typeof v === "string") put(k, v, false);
        else throw new UsageError(`invalid secret content in file ${goQuote(file)}: the value of ${goQuote(k)} is not a string`);
      }
    }
  }
  const total = Object.values(out).reduce((n, v) => n + v.length, 0);
  if (total > LIMIT) throw new UsageError(`base64 encoded secret content too large: ${total} bytes`);
  return out;
}

/** The metadata flags secret-add and secret-set share. */
class MetaFlags {
  label = "";
  description = "";
  expire = "";
  rotate = "";
  owner = "application";
  file = "";
  given = new Set<string>();
  flags(): FlagSpec[] {
    const set = (name: string, store: (v: string) => void) => (v: string) => {
      this.given.add(name);
      store(v);
    };
    return [
      stringFlag(["label"], "A label used to identify the secret in hooks", "", set("label", (v) => (this.label = v))),
      stringFlag(["description"], "The secret description", "", set("description", (v) => (this.description = v))),
      stringFlag(["expire"], "Either a duration or time when the secret should expire", "", set("expire", (v) => (this.expire = v))),
      stringFlag(["rotate"], "The secret rotation policy", "", set("rotate", (v) => (this.rotate = v))),
      stringFlag(["owner"], "The owner of the secret, either the application or unit", "application", set("owner", (v) => (this.owner = v))),
      stringFlag(["file"], "A YAML file containing secret key values", "", set("file", (v) => (this.file = v))),
    ];
  }
  check(): void {
    if (this.rotate !== "" && !ROTATE.includes(this.rotate)) throw new UsageError(`rotate policy ${goQuote(this.rotate)} not valid`);
    if (this.owner !== "application" && this.owner !== "unit") throw new UsageError(`secret owner ${goQuote(this.owner)} not valid`);
    if (this.expire !== "") this.expire = expiry(this.expire);
  }
  meta(): { label: string; description: string; rotate: string; expire: string } {
    return { label: this.label, description: this.description, rotate: this.rotate, expire: this.expire };
  }
  changed(): Partial<{ label: string; description: string; rotate: string; expire: string }> {
    const all = this.meta();
    return Object.fromEntries(Object.entries(all).filter(([k]) => this.given.has(k)));
  }
}

/** `--expire`: an RFC 3339 time, a zone-less time (UTC), or a Go duration from now. */
function expiry(text: string): string {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/.test(text)) return new Date(/[Z+-]\d*:?\d*$/.test(text.slice(10)) ? text : text + "Z").toISOString().replace(/\.000Z$/, "Z");
  const m = /^(-?)((?:\d+(?:\.\d+)?(?:h|m|s|ms))+)$/.exec(text);
  if (!m) throw new UsageError(`expire time or duration ${goQuote(text)} not valid`);
  let ms = 0;
  for (const [, n, unit] of m[2]!.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) ms += Number(n) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit as "h"]!;
  if (m[1] === "-" || ms === 0) throw new UsageError(`negative expire duration ${goQuote(text)} not valid`);
  return new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** The secret a positional names: any URI form Juju accepts. */
function refOf(text: string | undefined, label: string): SecretRef {
  if (text === undefined) {
    if (label === "") throw new UsageError("require either a secret URI or label");
    return { label };
  }
  const id = parseSecretUri(text);
  if (!id) throw new UsageError(`secret URI ${goQuote(text)} not valid`);
  return { id, uri: text, ...(label !== "" ? { label } : {}) };
}

function requireUri(args: readonly string[]): SecretRef {
  if (args.length === 0) throw new UsageError("missing secret URI");
  checkEmpty(args.slice(1));
  return refOf(args[0], "");
}

const info = (name: string, args: string, purpose: string, doc: string) => ({ name, args, purpose, doc });

export const secretAdd: ToolDef = {
  name: "secret-add",
  info: info("secret-add", "[key[#base64|#file]=value...]", "Add a new secret.", "Adds a secret owned by the application (the leader only) or the unit, and prints its URI. Values may come from files (key#file=path, or --file with a YAML or JSON map) so that they never appear on the command line. The secret is created when the hook succeeds."),
  setup(ctx: ToolContext) {
    const m = new MetaFlags();
    return {
      flags: m.flags(),
      run(args, io) {
        if (args.length === 0 && m.file === "") throw new UsageError("missing secret value or filename");
        m.check();
        const content = secretContent(args, m.file, io.cwd);
        if (Object.keys(content).length === 0) throw new RunError("empty secret value not valid");
        return ctx.secretCreate(content, m.owner as "application" | "unit", m.meta()) + "\n";
      },
    };
  },
};

export const secretGet: ToolDef = {
  name: "secret-get",
  info: info("secret-get", "<ID> [key[#base64]]", "Get the content of a secret.", "Prints the revision of the secret this unit tracks (the latest on its first read). --peek shows the latest revision once; --refresh shows it and tracks it from now on."),
  setup(ctx: ToolContext) {
    const out = new Output("yaml");
    let label = "";
    let peek = false;
    let refresh = false;
    return {
      flags: [...out.flags(), stringFlag(["label"], "A label used to identify the secret", "", (v) => (label = v)), boolFlag(["peek"], "Get the latest revision just this time", (v) => (peek = v)), boolFlag(["refresh"], "Get the latest revision and also get this same revision for subsequent calls", (v) => (refresh = v))],
      run(args, io) {
        if (peek && refresh) throw new UsageError("specify one of --peek or --refresh but not both");
        const ref = refOf(args[0], label);
        if (args.length > 2) throw new UsageError(`unrecognized args: [${args.slice(2).map(goQuote).join(" ")}]`);
        const content = ctx.secretRead(ref, peek ? "peek" : refresh ? "refresh" : "tracked");
        const key = args[1];
        if (key === undefined) return out.write(Object.fromEntries(Object.entries(content).map(([k, v]) => [k, unb64(v)])), io.cwd);
        const plain = key.replace(/#base64$/, "");
        if (!Object.hasOwn(content, plain)) throw new RunError(`secret key value ${goQuote(key)} not found`);
        return out.write(key.endsWith("#base64") ? content[plain]! : unb64(content[plain]!), io.cwd);
      },
    };
  },
};

export const secretSet: ToolDef = {
  name: "secret-set",
  info: info("secret-set", "<ID> [key[#base64|#file]=value...]", "Update an existing secret.", "Sets new content (a new revision only when it differs from the latest) and metadata; applied when the hook succeeds."),
  setup(ctx: ToolContext) {
    const m = new MetaFlags();
    return {
      flags: m.flags(),
      run(args, io) {
        if (args.length === 0) throw new UsageError("missing secret URI");
        const ref = refOf(args[0], "");
        m.check();
        const content = args.length > 1 || m.file !== "" ? secretContent(args.slice(1), m.file, io.cwd) : undefined;
        ctx.secretUpdate(ref, content && Object.keys(content).length > 0 ? content : undefined, m.changed());
        return "";
      },
    };
  },
};

export const secretRemove: ToolDef = {
  name: "secret-remove",
  info: info("secret-remove", "<ID>", "Remove an existing secret.", "Removes one revision (--revision), or the whole secret with its grants; applied when the hook succeeds."),
  setup(ctx: ToolContext) {
    let revision = 0;
    return {
      flags: [{ names: ["revision"], help: "Remove the specified revision", shownDefault: "0", set: (v) => (/^-?\d+$/.test(v) ? void (revision = Number(v)) : `strconv.ParseInt: parsing ${goQuote(v)}: invalid syntax`) }],
      run(args) {
        ctx.secretRemove(requireUri(args), revision);
        return "";
      },
    };
  },
};

export const secretGrant: ToolDef = {
  name: "secret-grant",
  info: info("secret-grant", "<ID>", "Grant access to a secret.", "Grants view access to the other application of a relation (or one of its units), for as long as the relation lasts; applied when the hook succeeds."),
  setup(ctx: ToolContext) {
    const rel = new RelationIdFlag(ctx);
    let unit = "";
    return {
      flags: [...rel.flags("The relation with which to associate the grant"), stringFlag(["unit"], "If set, limit the grant to just that unit", "", (v) => (unit = v))],
      run(args) {
        const ref = requireUri(args);
        if (rel.id === -1) throw new UsageError("no relation id specified");
        if (unit !== "" && !UNIT_NAME_RE.test(unit)) throw new UsageError(`unit ${goQuote(unit)} not valid`);
        const remote = ctx.relation(rel.id)!.remoteApp;
        if (unit !== "" && unit.slice(0, unit.indexOf("/")) !== remote) throw new UsageError(`cannot specify unit ${goQuote(unit)} in relation to application ${goQuote(remote)}`);
        ctx.secretGrant(ref, rel.id, unit);
        return "";
      },
    };
  },
};

export const secretRevoke: ToolDef = {
  name: "secret-revoke",
  info: info("secret-revoke", "<ID>", "Revoke access to a secret.", "Revokes access granted over a relation (or to an application or unit); applied when the hook succeeds."),
  setup(ctx: ToolContext) {
    const rel = new RelationIdFlag(ctx);
    let app = "";
    let unit = "";
    return {
      flags: [...rel.flags("The relation for which to revoke the grant"), stringFlag(["app", "application"], "The application to revoke access", "", (v) => (app = v)), stringFlag(["unit"], "The unit to revoke access", "", (v) => (unit = v))],
      run(args) {
        const ref = requireUri(args);
        if (app !== "" && unit !== "") throw new UsageError("specify only one of application or unit");
        if (app !== "" && !APP_NAME_RE.test(app)) throw new UsageError(`application ${goQuote(app)} not valid`);
        if (unit !== "" && !UNIT_NAME_RE.test(unit)) throw new UsageError(`unit ${goQuote(unit)} not valid`);
        const explicitRelation = rel.id !== -1 && rel.id !== ctx.hookRelationId;
        if (explicitRelation && app !== "") throw new UsageError("do not specify both relation and app");
        if (rel.id === -1 && app === "" && unit === "") throw new UsageError("missing relation or application or unit");
        ctx.secretRevoke(ref, rel.id !== -1 && app === "" ? { relationId: rel.id, unit } : { app, unit });
        return "";
      },
    };
  },
};

export const secretIds: ToolDef = {
  name: "secret-ids",
  info: info("secret-ids", "", "Print secret IDs.", "Prints the ids of the secrets this unit owns, and of its application's when it is the leader."),
  setup(ctx: ToolContext) {
    const out = new Output("smart");
    return {
      flags: out.flags(),
      run(args, io) {
        checkEmpty(args);
        const ids = ctx.secretIds();
        return out.write(ids.length === 0 && out.format === "json" ? null : ids, io.cwd);
      },
    };
  },
};

export const secretInfoGet: ToolDef = {
  name: "secret-info-get",
  info: info("secret-info-get", "<ID>", "Get a secret's metadata info.", "Prints the metadata of a secret this unit manages, by id or owner label."),
  setup(ctx: ToolContext) {
    const out = new Output("yaml");
    let label = "";
    return {
      flags: [...out.flags(), stringFlag(["label"], "A label used to identify the secret", "", (v) => (label = v))],
      run(args, io) {
        if (args.length > 0 && label !== "") throw new UsageError("specify either a secret URI or label but not both");
        const ref = refOf(args[0], label);
        checkEmpty(args.slice(1));
        const i = ctx.secretInfo(ref);
        const entry: Record<string, unknown> = { revision: i.revision, label: i.label, owner: i.owner };
        if (i.description) entry["description"] = i.description;
        if (i.rotation) entry["rotation"] = i.rotation;
        if (i.expiry) entry["expiry"] = i.expiry;
        if (i.access.length > 0) entry["access"] = i.access.map((a) => ({ target: a.target, scope: a.scope, role: a.role }));
        return out.write({ [i.id]: entry } as never, io.cwd);
      },
    };
  },
};

export const SECRET_TOOLS: readonly ToolDef[] = [secretAdd, secretGet, secretSet, secretRemove, secretGrant, secretRevoke, secretIds, secretInfoGet];
