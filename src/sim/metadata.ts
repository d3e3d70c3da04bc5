/**
 * A small line-based reader for the parts of a charm's `metadata.yaml` and
 * `config.yaml` the simulator needs: the charm name, its `peers:`,
 * `provides:` and `requires:` endpoints with their interfaces, its
 * `extra-bindings:`, and config option types and defaults. It understands
 * the simple block structure charms use, not YAML in general.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EndpointSpec } from "./model.js";
import type { ConfigValue } from "./tools/types.js";

export interface CharmMetadata {
  readonly name: string | undefined;
  readonly endpoints: readonly EndpointSpec[];
  readonly extraBindings: readonly string[];
}

interface Line {
  readonly indent: number;
  readonly key: string;
  readonly value: string;
}

function unquote(v: string): string {
  const t = v.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const noComment = raw.replace(/(^|\s)#.*$/, "");
    if (noComment.trim() === "" || noComment.trim() === "---") continue;
    const m = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(noComment);
    if (!m) continue;
    out.push({ indent: m[1]!.length + (m[2] ? m[2].length : 0), key: unquote(m[3]!), value: (m[4] ?? "").trim() });
  }
  return out;
}

/** Children of the block that starts after line `i` (one indentation level deeper). */
function children(ls: Line[], i: number): Array<{ line: Line; index: number }> {
  const parent = ls[i]!;
  const out: Array<{ line: Line; index: number }> = [];
  let level = -1;
  for (let j = i + 1; j < ls.length && ls[j]!.indent > parent.indent; j++) {
    if (level < 0) level = ls[j]!.indent;
    if (ls[j]!.indent === level) out.push({ line: ls[j]!, index: j });
  }
  return out;
}

export function parseMetadata(text: string): CharmMetadata {
  const ls = lines(text);
  let name: string | undefined;
  const endpoints: EndpointSpec[] = [];
  const extraBindings: string[] = [];
  ls.forEach((line, i) => {
    if (line.indent !== 0) return;
    if (line.key === "name" && line.value) name = unquote(line.value);
    const role = line.key === "peers" ? "peer" : line.key === "provides" ? "provider" : line.key === "requires" ? "requirer" : null;
    if (role) {
      for (const child of children(ls, i)) {
        const iface = children(ls, child.index).find((c) => c.line.key === "interface")?.line.value;
        const inline = /^\{.*interface:\s*([^,}\s]+)/.exec(child.line.value)?.[1];
        endpoints.push({ name: child.line.key, interface: unquote(iface ?? inline ?? child.line.value ?? ""), role });
      }
    }
    if (line.key === "extra-bindings") for (const child of children(ls, i)) extraBindings.push(child.line.key);
  });
  return { name, endpoints, extraBindings };
}

function configValue(type: string, raw: string): ConfigValue {
  const v = unquote(raw);
  if (raw.trim() === "" || raw.trim() === "~" || raw.trim() === "null") return null;
  if (type === "int") return Number.parseInt(v, 10);
  if (type === "float") return Number.parseFloat(v);
  if (type === "boolean") return /^(true|yes|on)$/i.test(v);
  return v;
}

/** Defaults from `config.yaml` (`options: name: {type, default}`); options without a default are null. */
export function parseConfigDefaults(text: string): Record<string, ConfigValue> {
  const ls = lines(text);
  const out: Record<string, ConfigValue> = {};
  const optionsIndex = ls.findIndex((l) => l.indent === 0 && l.key === "options");
  if (optionsIndex < 0) return out;
  for (const opt of children(ls, optionsIndex)) {
    const props = children(ls, opt.index);
    const type = unquote(props.find((p) => p.line.key === "type")?.line.value ?? "string");
    const def = props.find((p) => p.line.key === "default");
    out[opt.line.key] = def ? configValue(type, def.line.value) : null;
  }
  return out;
}

export function readCharm(charmDir: string): { metadata: CharmMetadata; configDefaults: Record<string, ConfigValue> } {
  const metaPath = join(charmDir, "metadata.yaml");
  const metadata = existsSync(metaPath) ? parseMetadata(readFileSync(metaPath, "utf8")) : { name: undefined, endpoints: [], extraBindings: [] };
  const configPath = join(charmDir, "config.yaml");
  const configDefaults = existsSync(configPath) ? parseConfigDefaults(readFileSync(configPath, "utf8")) : {};
  return { metadata, configDefaults };
}
