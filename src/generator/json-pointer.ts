/**
 * JSON pointers (RFC 6901), once for the generator: escaping a token, joining
 * a pointer, and finding what a pointer (or a `$ref`'s `#` fragment, whose
 * tokens are also %-escaped, RFC 3986) points to.
 */

/** Escapes one reference token of a JSON pointer. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The token a reference token stands for. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => "/" + escapePointerToken(String(t))).join("");
}

/**
 * The node at `pointer` in `doc`, or undefined: a member an object does not
 * have as its own (`constructor`...) is not there. With `{ fragment: true }`
 * the pointer is a URI fragment (a `$ref`'s, without its `#`): each token is
 * %-decoded first, and a malformed %-escape points nowhere.
 */
export function resolvePointer(doc: unknown, pointer: string, options: { readonly fragment?: boolean } = {}): unknown {
  if (pointer === "") return doc;
  let node = doc;
  for (const raw of pointer.slice(1).split("/")) {
    let token = raw;
    if (options.fragment) {
      try {
        token = decodeURIComponent(raw);
      } catch {
        return undefined;
      }
    }
    const name = unescapePointerToken(token);
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, name)) return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return node;
}
