/**
 * A YAML file kept with its line table, so that every problem found in it
 * can name `file:line`: charm metadata, config.yaml and bundles all report
 * their errors this way.
 */
import { isMap, LineCounter, parseDocument, type Document } from "yaml";

export interface YamlSource {
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly file: string;
}

/** Parses `text`; a syntax error (or a duplicate key) becomes `fail("file:line:col: not valid YAML: ...")`. */
export function loadYaml(text: string, file: string, fail: (message: string) => Error): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    // `linePos` is only filled in with `prettyErrors`, whose message we do not want.
    const at = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
    throw fail(`${file}:${at.line}:${at.col}: not valid YAML: ${error.message.split("\n")[0]}`);
  }
  return { doc, lines, file };
}

/**
 * The line of the node at `path` (1-based), or undefined when there is no
 * such node. With `key`, the line of the map key that holds it instead:
 * the line of `webapp:` rather than of the map under it.
 */
export function lineOf(src: YamlSource, path: readonly (string | number)[], options: { key?: boolean } = {}): number | undefined {
  let offset: number | undefined;
  if (options.key && path.length > 0) {
    const parent = path.length === 1 ? src.doc.contents : src.doc.getIn(path.slice(0, -1), true);
    const name = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === name);
      offset = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
    }
  }
  if (offset === undefined) offset = (src.doc.getIn(path, true) as { range?: [number, number, number] } | undefined)?.range?.[0];
  return offset === undefined ? undefined : src.lines.linePos(offset).line;
}

/** `file:line` of the node at `path` (see `lineOf`), or just `file`. */
export function where(src: YamlSource, path: readonly (string | number)[], options: { key?: boolean } = {}): string {
  const line = lineOf(src, path, options);
  return line === undefined ? src.file : `${src.file}:${line}`;
}
