/**
 * Adds an endpoint to a charm's metadata (`metadata.yaml`, or the unified
 * `charmcraft.yaml`) as a person would: through the YAML document, so the
 * file keeps its comments, its order and its style, and only the new entry
 * appears.
 */
import { isMap, isScalar, YAMLMap, type Document, type Pair } from "yaml";
import { loadYaml } from "../juju/yaml-source.js";

export type EndpointKind = "provides" | "requires" | "peers";

export class MetadataEditError extends Error {
  override readonly name = "MetadataEditError";
}

const KINDS: readonly EndpointKind[] = ["provides", "requires", "peers"];

/** Where an endpoint is declared already: its kind and interface, or null. */
export function findEndpoint(doc: Document, endpoint: string): { kind: EndpointKind; iface: string | null } | null {
  for (const kind of KINDS) {
    const section = doc.get(kind, true);
    if (!isMap(section)) continue;
    for (const pair of section.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key !== endpoint) continue;
      const value = pair.value;
      const iface = isMap(value) ? value.get("interface") : null;
      return { kind, iface: typeof iface === "string" ? iface : null };
    }
  }
  return null;
}

/**
 * The metadata text with `endpoint: {interface: iface}` added under `kind`
 * (the section is created at the end when the file has none). Refused when
 * any section declares the endpoint already, or when the section is not a map.
 */
export function addEndpoint(text: string, file: string, kind: EndpointKind, endpoint: string, iface: string): string {
  const { doc } = loadYaml(text, file, (message) => new MetadataEditError(message));
  if (!isMap(doc.contents)) throw new MetadataEditError(`${file}: not a map of metadata (name:, requires:, …): cannot add an endpoint to it`);
  const existing = findEndpoint(doc, endpoint);
  if (existing) {
    throw new MetadataEditError(
      `${file} declares the endpoint ${endpoint} already (${existing.kind}${existing.iface ? `, interface ${existing.iface}` : ""}): ` +
        `pass --endpoint with another name to add a second one`,
    );
  }
  let section = doc.get(kind, true);
  if (section === undefined || section === null || (isScalar(section) && section.value === null)) {
    section = new YAMLMap();
    doc.set(kind, section);
  }
  if (!isMap(section)) throw new MetadataEditError(`${file}: ${kind} is not a map of endpoints: fix it, then add the endpoint again`);
  // An empty `provides: {}` becomes a block, like the rest of the file.
  if (section.items.length === 0) section.flow = false;
  const entry = new YAMLMap();
  entry.set("interface", iface);
  section.set(endpoint, entry);
  return doc.toString({ lineWidth: 0 });
}
