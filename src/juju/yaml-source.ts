/**
 * A YAML file kept with its line table, so that every problem found in it
 * can name `file:line`: charm metadata, config.yaml and bundles all report
 * their errors this way. Nothing the `yaml` package throws reaches the
 * caller raw: the file is checked here, before anyone converts it.
 */
import { isAlias, isMap, isNode, isPair, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";

export interface YamlSource {
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly file: string;
}

/** How deep a YAML file may nest (a bundle nests 4 levels, metadata 5). */
export const MAX_YAML_DEPTH = 64;
/** How many values a YAML file may hold once its aliases are expanded (a bundle of a hundred applications holds a few thousand). */
export const MAX_YAML_VALUES = 100_000;

/**
 * Parses `text`; a syntax error (or a duplicate key) becomes
 * `fail("file:line:col: not valid YAML: ...")`. So does what would make
 * converting it fail or blow up: an alias with no anchor before it, an
 * alias inside the value it names, aliases that expand to more than
 * `MAX_YAML_VALUES` values (a "billion laughs"), nesting deeper than
 * `MAX_YAML_DEPTH`, a map or list as a map key.
 */
export function loadYaml(text: string, file: string, fail: (message: string) => Error): YamlSource {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  } catch (e) {
    throw fail(`${file}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const error = doc.errors[0];
  if (error) {
    // `linePos` is only filled in with `prettyErrors`, whose message we do not want.
    const at = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
    const message = /call stack/i.test(error.message) ? `nested too deeply (relgen reads at most ${MAX_YAML_DEPTH} levels): flatten it` : error.message.split("\n")[0];
    throw fail(`${file}:${at.line}:${at.col}: not valid YAML: ${message}`);
  }
  const src = { doc, lines, file };
  const worst = checkStructure(src, fail);
  try {
    // What callers do next: it must not throw for them.
    doc.toJS();
  } catch (e) {
    const message = (e as Error).message.split("\n")[0] ?? "";
    const line = worst ? src.lines.linePos(worst.range?.[0] ?? 0).line : undefined;
    const why = /alias count/i.test(message)
      ? `an anchor is aliased too many times (a guard against alias bombs): write the values out instead of aliasing them`
      : message;
    throw fail(`${line === undefined ? file : `${file}:${line}`}: cannot read the YAML: ${why}`);
  }
  return src;
}

/**
 * Walks the document in order (as aliases are resolved: to the last anchor
 * of that name before them), counting the values each node expands to.
 * Returns the alias that expands to the most, for locating errors.
 */
function checkStructure(src: YamlSource, fail: (message: string) => Error): Node | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let worst: { alias: Node; size: number } | undefined;
  const at = (node: Node): string => (node.range ? `${src.file}:${src.lines.linePos(node.range[0]).line}` : src.file);
  const visit = (node: unknown, depth: number, asKey = false): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) throw fail(`${at(node)}: the alias *${node.source} has no anchor &${node.source} before it: define the anchor first, or write the value out`);
      if (open.has(target)) throw fail(`${at(node)}: the alias *${node.source} is inside the value it names (&${node.source}): a value cannot contain itself; write it out`);
      if (asKey && (isMap(target) || isSeq(target))) throw fail(`${at(node)}: a map key must be a plain value, not a map or a list (*${node.source}): use a plain key`);
      const size = sizes.get(target) ?? 1;
      if (!worst || size > worst.size) worst = { alias: node, size };
      return size;
    }
    if (!isNode(node)) return 0; // a pair's missing value
    if (depth > MAX_YAML_DEPTH) throw fail(`${at(node)}: nested deeper than ${MAX_YAML_DEPTH} levels, relgen's limit for a YAML file: flatten it`);
    if (asKey && (isMap(node) || isSeq(node))) throw fail(`${at(node)}: a map key must be a plain value, not a map or a list: use a plain key`);
    if (node.anchor) anchors.set(node.anchor, node);
    open.add(node);
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        size += isPair(item) ? visit(item.key, depth + 1, true) + visit(item.value, depth + 1) : visit(item, depth + 1);
      }
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  const total = visit(src.doc.contents, 0);
  if (total > MAX_YAML_VALUES && worst) {
    throw fail(`${at(worst.alias)}: the aliases here expand the file to more than ${MAX_YAML_VALUES} values (${total > 1e15 ? "about " + total.toExponential(0) : total}), relgen's limit (a guard against alias bombs): write the values out instead of aliasing them`);
  }
  return worst?.alias;
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
