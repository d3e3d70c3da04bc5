/**
 * Example values of keys, from the `examples` their schema gives (the model
 * leaves annotations out of key schemas, so they are read from the schema
 * file, at the key's pointer). A page shows one per key, as on the wire; a
 * handler example publishes the decoded ones.
 */
import { resolvePointer } from "./json-pointer.js";
import { readFileSync } from "node:fs";
import type { KeyModel } from "../generator/model.js";

/** Reads schema documents (each once), by absolute path. */
export class ExampleSource {
  private readonly docs = new Map<string, unknown>();

  private doc(file: string): unknown {
    if (!this.docs.has(file)) {
      let doc: unknown = null;
      try {
        doc = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        // The pipeline has read it already; if it cannot be read now, it has no examples.
      }
      this.docs.set(file, doc);
    }
    return this.docs.get(file);
  }

  /** The node at a JSON pointer of the file, or undefined. */
  private at(file: string, pointer: string): unknown {
    return resolvePointer(this.doc(file), pointer);
  }

  private first(node: unknown): { value: unknown } | null {
    const list = typeof node === "object" && node !== null ? (node as { examples?: unknown }).examples : undefined;
    return Array.isArray(list) && list.length > 0 ? { value: list[0] } : null;
  }

  /** The key's first example as the wire string (a JSON key's example, decoded in the schema, is encoded); null when none. */
  wire(file: string, key: KeyModel): string | null {
    const node = this.at(file, key.pointer);
    const own = this.first(node);
    if (own) return typeof own.value === "string" ? own.value : JSON.stringify(own.value) ?? null;
    if (key.encoding !== "json") return null;
    const content = this.first(typeof node === "object" && node !== null ? (node as { contentSchema?: unknown }).contentSchema : undefined);
    return content ? JSON.stringify(content.value) ?? null : null;
  }

  /** The key's first example decoded (a JSON key's is parsed); null when none, or when it is not valid JSON. */
  decoded(file: string, key: KeyModel): { value: unknown } | null {
    const wire = this.wire(file, key);
    if (wire === null) return null;
    if (key.encoding === "raw") return { value: wire };
    try {
      return { value: JSON.parse(wire) as unknown };
    } catch {
      return null;
    }
  }

  /** Decoded examples of every required key, by TypeScript name, as `relgen init` publishes them; null when one has none (or none is required). */
  required(file: string, keys: readonly KeyModel[]): Record<string, unknown> | null {
    const required = keys.filter((k) => k.required);
    if (required.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (const key of required) {
      const example = this.decoded(file, key);
      if (!example) return null;
      out[key.ts] = example.value;
    }
    return out;
  }
}
