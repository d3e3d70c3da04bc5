#!/usr/bin/env node
// Fake Juju hook tools for tests. One script, installed under each tool's name
// (see index.ts); it dispatches on the name it was run as. State lives in the
// JSON file named by FAKE_JUJU_STATE:
//   { unit, relationId?, model: MemoryModelData, pending?: {<id>: {unit, app}},
//     faults?: {<tool>: {exit?, stdout?, stderr?, hangMs?}} }
// JUJU_UNIT_NAME / JUJU_RELATION_ID override `unit` / `relationId`. Every run
// appends {tool, args, pid} as a JSON line to FAKE_JUJU_RECORD (if set).
// Behaviour follows the hook-tool contract (exit 2 for flag/argument errors,
// exit 1 for run errors, `ERROR <message>` on stderr, Go-style JSON output).
// relation-set bodies must be JSON (a YAML subset); full YAML is not parsed.
// Calls that write state must not run concurrently.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const tool = basename(process.argv[1] ?? "");
const argv = process.argv.slice(2);
const env = process.env;

class ToolError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const usage = (message) => new ToolError(2, message);
const failure = (message) => new ToolError(1, message);

// ---- plain data helpers (null-prototype objects: `__proto__` is just a key) ----
function dicts(value) {
  if (Array.isArray(value)) return value.map(dicts);
  if (value === null || typeof value !== "object") return value;
  const out = Object.create(null);
  for (const key of Object.keys(value)) out[key] = dicts(value[key]);
  return out;
}
const copy = (bag) => Object.assign(Object.create(null), bag ?? {});
const appOf = (unit) => (unit.includes("/") ? unit.slice(0, unit.indexOf("/")) : unit);
const endpointOf = (rel, app) =>
  rel.endpoints && Object.hasOwn(rel.endpoints, app) ? rel.endpoints[app] : rel.endpoint;

// ---- Go-style output ----
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out = Object.create(null);
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}
function goJson(value) {
  return JSON.stringify(sortKeys(value ?? null))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
function output(format, value) {
  if (format === "json") return process.stdout.write(goJson(value) + "\n");
  if (format === "yaml") throw usage("the fake tools do not print yaml");
  if (value === null || value === undefined || value === "") return;
  if (typeof value === "string") return process.stdout.write(value + "\n");
  if (typeof value === "boolean") return process.stdout.write((value ? "True" : "False") + "\n");
  if (Array.isArray(value)) return process.stdout.write(value.map((v) => v + "\n").join(""));
  return process.stdout.write(goJson(value) + "\n");
}

// ---- gnuflag-like parsing: interspersed flags, `--x=v`, `--x v`, `-r v`, `--` ----
function parse(args, spec) {
  const flags = Object.create(null);
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positional.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    if (name === "help" || name === "h") {
      process.stdout.write(HELP[tool] ?? `Usage: ${tool} [options]\n`);
      process.exit(0);
    }
    const kind = spec[name];
    if (kind === undefined) throw usage(`flag provided but not defined: ${arg}`);
    const key = kind.alias ?? name;
    if (kind.type === "bool") {
      const text = eq < 0 ? "true" : body.slice(eq + 1);
      if (!/^(1|t|T|true|TRUE|True|0|f|F|false|FALSE|False)$/.test(text)) {
        throw usage(`invalid boolean value ${JSON.stringify(text)} for flag ${arg}`);
      }
      flags[key] = /^(1|t|T|true|TRUE|True)$/.test(text);
    } else if (eq >= 0) flags[key] = body.slice(eq + 1);
    else if (i + 1 < args.length) flags[key] = args[++i];
    else throw usage(`flag needs an argument: ${arg}`);
  }
  return { flags, positional };
}
const FORMAT = { format: { type: "value" } };
const REL = { r: { type: "value" }, relation: { type: "value", alias: "r" } };
const HELP = {
  "relation-set":
    "Usage: relation-set [options] key=value [key=value ...]\n\n" +
    "Options:\n--app  (= false)\n-r, --relation (= )\n--file  (= )\n    file containing key-value pairs\n",
};
function noExtra(rest) {
  if (rest.length > 0) throw usage(`unrecognized args: ${goJson(rest)}`);
}

// ---- state ----
const statePath = env.FAKE_JUJU_STATE;
if (!statePath) {
  process.stderr.write("ERROR FAKE_JUJU_STATE is not set\n");
  process.exit(1);
}
const state = dicts(JSON.parse(readFileSync(statePath, "utf8")));
const model = state.model;
const unit = env.JUJU_UNIT_NAME || state.unit;
const app = appOf(unit);
const contextRelation = env.JUJU_RELATION_ID || state.relationId || "";
const save = () => writeFileSync(statePath, JSON.stringify(state));
const isLeader = () => model.applications[app]?.leader === unit;

function relation(ref) {
  if (ref === undefined) {
    if (contextRelation === "") throw usage("no relation id specified");
    ref = contextRelation;
  }
  const colon = ref.lastIndexOf(":");
  const digits = ref.slice(colon + 1);
  if (!/^[+-]?\d+$/.test(digits)) throw usage(`invalid value ${JSON.stringify(ref)} for option -r: invalid relation id`);
  const rel = model.relations[String(Number(digits))];
  const inContext = contextRelation !== "" && Number(contextRelation.slice(contextRelation.lastIndexOf(":") + 1)) === Number(digits);
  if (
    rel === undefined ||
    !rel.apps.includes(app) ||
    (colon >= 0 && ref.slice(0, colon) !== endpointOf(rel, app)) ||
    !(rel.members.includes(unit) || inContext)
  ) {
    throw usage(`invalid value ${JSON.stringify(ref)} for option -r: relation not found`);
  }
  return rel;
}
function pendingOf(rel) {
  state.pending ??= Object.create(null);
  return (state.pending[rel.id] ??= dicts({ unit: {}, app: {} }));
}
function withPending(bag, pending) {
  const out = copy(bag);
  for (const [key, value] of Object.entries(pending ?? {})) {
    if (value === "") delete out[key];
    else out[key] = value;
  }
  return out;
}
function keyValues(args) {
  const out = Object.create(null);
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0) throw usage(`expected "key=value", got ${JSON.stringify(arg)}`);
    const key = arg.slice(0, eq);
    if (Object.hasOwn(out, key)) throw usage(`key ${JSON.stringify(key)} specified more than once`);
    out[key] = arg.slice(eq + 1);
  }
  return out;
}

// ---- tools ----
const tools = {
  "relation-ids"() {
    const { flags, positional } = parse(argv, FORMAT);
    const endpoint = positional[0] ?? env.JUJU_RELATION;
    if (!endpoint) throw usage("no endpoint name specified");
    noExtra(positional.slice(1));
    const ids = Object.values(model.relations)
      .filter((rel) => rel.members.includes(unit) && endpointOf(rel, app) === endpoint)
      .map((rel) => `${endpoint}:${rel.id}`)
      .sort();
    output(flags.format, ids);
  },
  "relation-list"() {
    const { flags, positional } = parse(argv, { ...FORMAT, ...REL, app: { type: "bool" } });
    noExtra(positional);
    const rel = relation(flags.r);
    if (flags.app) return output(flags.format, rel.apps.find((name) => name !== app) ?? app);
    output(flags.format, [...(rel.views[unit] ?? [])].filter((name) => name !== unit).sort());
  },
  "relation-get"() {
    const { flags, positional } = parse(argv, { ...FORMAT, ...REL, app: { type: "bool" } });
    const rel = relation(flags.r);
    const key = positional[0] ?? "-";
    let target = positional[1] ?? env.JUJU_REMOTE_UNIT ?? "";
    let asApp = flags.app === true;
    if (target === "") {
      target = env.JUJU_REMOTE_APP ?? "";
      asApp = true;
    }
    if (target === "") throw usage("no unit or application specified");
    noExtra(positional.slice(2));
    let bag;
    if (asApp) {
      const owner = appOf(target);
      const own = owner === app;
      if (!rel.apps.includes(owner) || (own && !rel.peer && !isLeader())) throw failure("permission denied");
      bag = withPending(rel.bags[owner], own ? state.pending?.[rel.id]?.app : undefined);
    } else if (target === unit) {
      bag = withPending(rel.bags[unit], state.pending?.[rel.id]?.unit);
    } else {
      if (!rel.apps.includes(appOf(target))) throw failure("permission denied");
      if (rel.bags[target] === undefined) {
        const name = JSON.stringify(rel.apps.map((a) => `${a}:${endpointOf(rel, a)}`).join(" "));
        const u = JSON.stringify(target);
        throw failure(`cannot read settings for unit ${u} in relation ${name}: unit ${u}: settings not found`);
      }
      bag = copy(rel.bags[target]);
    }
    output(flags.format, key === "-" ? bag : Object.hasOwn(bag, key) ? bag[key] : null);
  },
  "relation-set"() {
    const { flags, positional } = parse(argv, { ...FORMAT, ...REL, app: { type: "bool" }, file: { type: "value" } });
    const rel = relation(flags.r);
    const values = Object.create(null);
    if (flags.file !== undefined) {
      const text = readFileSync(flags.file === "-" ? 0 : flags.file, "utf8");
      let doc;
      try {
        doc = text.trim() === "" ? {} : JSON.parse(text);
      } catch (error) {
        throw failure(`cannot parse ${flags.file}: ${error.message}`);
      }
      if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw failure("expected a map of settings");
      for (const [key, value] of Object.entries(doc)) {
        if (value !== null && typeof value !== "string") throw failure(`value of ${JSON.stringify(key)} is not a string`);
        values[key] = value ?? "";
      }
    }
    Object.assign(values, keyValues(positional));
    if (flags.app && !isLeader()) throw failure("cannot write relation settings");
    const target = pendingOf(rel)[flags.app ? "app" : "unit"];
    for (const [key, value] of Object.entries(values)) target[key] = value;
    save();
  },
  "network-get"() {
    const { flags, positional } = parse(argv, {
      ...FORMAT,
      ...REL,
      "primary-address": { type: "bool" },
    });
    const binding = positional[0];
    if (!binding) throw usage("no arguments specified");
    noExtra(positional.slice(1));
    const known =
      model.applications[app].bindings.includes(binding) ||
      Object.values(model.relations).some((rel) => rel.apps.includes(app) && endpointOf(rel, app) === binding);
    if (!known) throw failure(`no network config found for binding ${JSON.stringify(binding)}`);
    const address = model.units[unit].address;
    if (flags["primary-address"]) return output(flags.format ?? "smart", address);
    output(flags.format ?? "yaml", {
      "bind-addresses": [{ "mac-address": "", "interface-name": "eth0", addresses: [{ hostname: "", value: address, cidr: "" }] }],
      "egress-subnets": [`${address}/32`],
      "ingress-addresses": [address],
    });
  },
  "juju-log"() {
    const { flags, positional } = parse(argv, {
      ...FORMAT,
      l: { type: "value" },
      "log-level": { type: "value", alias: "l" },
      debug: { type: "bool" },
    });
    if (positional.length === 0) throw usage("no message specified");
    const level = flags.debug ? "DEBUG" : (flags.l ?? "INFO").toUpperCase();
    model.units[unit].logs.push({ level, message: positional.join(" ") });
    save();
  },
  "is-leader"() {
    const { flags, positional } = parse(argv, FORMAT);
    noExtra(positional);
    output(flags.format, isLeader());
  },
  "leader-get"() {
    const { flags, positional } = parse(argv, FORMAT);
    const key = positional[0] ?? "-";
    noExtra(positional.slice(1));
    if (key.includes("=")) throw usage(`invalid key ${JSON.stringify(key)}`);
    const settings = copy(model.applications[app].leaderSettings);
    output(flags.format, key === "-" ? settings : Object.hasOwn(settings, key) ? settings[key] : null);
  },
  "leader-set"() {
    const { positional } = parse(argv, {});
    const values = keyValues(positional);
    if (!isLeader()) throw failure("cannot write leadership settings: cannot write settings: not the leader");
    const settings = model.applications[app].leaderSettings;
    for (const [key, value] of Object.entries(values)) {
      if (value === "") delete settings[key];
      else settings[key] = value;
    }
    save();
  },
  "status-set"() {
    const { flags, positional } = parse(argv, { application: { type: "bool" } });
    const states = ["maintenance", "blocked", "waiting", "active"];
    const [status, message = "", ...rest] = positional;
    if (status === undefined) throw usage("invalid args, require <status> [message] [data]");
    if (!states.includes(status)) throw usage(`invalid status ${JSON.stringify(status)}, expected one of [${states.join(" ")}]`);
    noExtra(rest);
    if (flags.application && !isLeader()) throw failure("this unit is not the leader");
    model.units[unit][flags.application ? "appStatus" : "status"] = { state: status, message };
    save();
  },
};

// ---- main ----
if (env.FAKE_JUJU_RECORD) {
  appendFileSync(env.FAKE_JUJU_RECORD, JSON.stringify({ tool, args: argv, pid: process.pid }) + "\n");
}
const fault = state.faults?.[tool];
if (fault) {
  if (fault.hangMs) {
    setTimeout(() => process.exit(0), fault.hangMs);
  } else {
    if (fault.stdout) process.stdout.write(fault.stdout);
    if (fault.stderr) process.stderr.write(fault.stderr);
    process.exitCode = fault.exit ?? 0;
  }
} else {
  const run = tools[tool];
  try {
    if (run === undefined) throw failure(`fake-juju does not implement ${tool}`);
    run();
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    process.stderr.write(`ERROR ${error.message}\n`);
    process.exitCode = error.code;
  }
}
