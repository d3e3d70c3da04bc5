/**
 * The project's `config.yaml`: written by `relgen init` with the options its
 * interfaces need (see config-options.ts), and merged by `relgen add`
 * through the YAML document, so the file keeps its comments, order and
 * style; an option already there is left as it is, with a warning.
 */
import { isMap, isScalar, parseDocument, YAMLMap } from "yaml";
import type { ConfigOptionModel } from "../generator/config/index.js";

function optionNode(o: ConfigOptionModel): Record<string, unknown> {
  return { type: o.type, ...(o.description ? { description: o.description } : {}), ...(o.default !== undefined ? { default: o.default } : {}) };
}

/** A new config.yaml holding these options. */
export function configYaml(options: readonly ConfigOptionModel[]): string {
  const doc = parseDocument("# The charm's config options (juju config <app> <option>=<value>); relgen generate types them in generated/config.ts.\noptions: {}\n");
  const map = doc.get("options") as YAMLMap;
  map.flow = false;
  for (const o of options) map.set(o.name, doc.createNode(optionNode(o)));
  return doc.toString({ lineWidth: 0 });
}

/** Adds options to a config.yaml's text: the new text, and a warning per option that was there already (left as it is). */
export function mergeConfigYaml(text: string, file: string, options: readonly ConfigOptionModel[]): { text: string; warnings: string[]; added: string[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (!isMap(doc.contents)) throw new Error(`${file}: must be a YAML map with "options"`);
  let map = doc.get("options");
  if (map === undefined || map === null || (isScalar(map) && map.value === null)) {
    map = doc.createNode({}) as YAMLMap;
    doc.set("options", map);
  }
  if (!isMap(map)) throw new Error(`${file}: "options" must be a map`);
  const warnings: string[] = [];
  const added: string[] = [];
  for (const o of options) {
    if (map.has(o.name)) {
      warnings.push(`${file}: option ${o.name} is there already: left as it is (the handler reads it as hook.config.${o.ts}; check its type is ${o.type})`);
      continue;
    }
    map.set(o.name, doc.createNode(optionNode(o)));
    added.push(o.name);
  }
  return { text: added.length > 0 ? doc.toString({ lineWidth: 0 }) : text, warnings, added };
}
