/**
 * Text that another program or a person will see: a status message, a log
 * line, a line printed on a terminal. Such text may come from another
 * application's databag, so it may hold anything. One rule, used everywhere
 * text is shown:
 *
 * - `visible()` escapes what a terminal or an argv would act on instead of
 *   showing: C0 and C1 control characters and DEL (NUL included: `\0`, ESC:
 *   `\x1b`, newline: `\n`), the Unicode line and paragraph separators, the
 *   bidirectional overrides and isolates, and lone surrogates (shown as
 *   U+FFFD). Everything else, other scripts and emoji included, is kept;
 * - `bounded()` cuts text to at most `maxBytes` UTF-8 bytes (never inside a
 *   character), ending with `…` and how long the original was;
 * - `shown()` is both: what a status or a log line gets.
 *
 * This module is pure (no Node import), so hook code, the simulator and the
 * CLI all use it.
 */

/** A status message Juju shows: at most this many UTF-8 bytes. */
export const MAX_STATUS_BYTES = 1024;
/** One `juju-log` line: at most this many UTF-8 bytes. */
export const MAX_LOG_BYTES = 4096;

/** What `visible()` escapes (tested one character at a time, so no `g` flag state leaks). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

const NAMED: Readonly<Record<string, string>> = { "\0": "\\0", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return "\uFFFD";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** The text with every character a terminal or a program would act on escaped visibly (see the module comment). */
export function visible(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeOne) : text;
}

/** Text of several lines for a terminal: each line escaped by `visible()`, the line breaks kept. */
export function visibleLines(text: string): string {
  return text.includes("\n") ? text.split("\n").map(visible).join("\n") : visible(text);
}

/** UTF-8 length of one UTF-16 code unit at `i` (4 for a surrogate pair, counted on its first half). */
function utf8Size(text: string, i: number): { size: number; units: number } {
  const code = text.charCodeAt(i);
  if (code < 0x80) return { size: 1, units: 1 };
  if (code < 0x800) return { size: 2, units: 1 };
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return { size: 4, units: 2 };
  }
  return { size: 3, units: 1 };
}

/** UTF-8 byte length of a string (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const { size, units } = utf8Size(text, i);
    bytes += size;
    i += units;
  }
  return bytes;
}

/**
 * The text cut to at most `maxBytes` UTF-8 bytes: when it is longer, its head
 * followed by `… (<N> bytes)`, N being the original length, the whole within
 * `maxBytes`. Never cuts a character in two.
 */
export function bounded(text: string, maxBytes: number): string {
  // Every UTF-16 code unit is at most 3 UTF-8 bytes: most text is decided without a scan.
  if (text.length * 3 <= maxBytes) return text;
  const total = utf8Length(text);
  return total <= maxBytes ? text : cut(text, maxBytes, total);
}

/** Text for a status or a log line: escaped, then bounded. */
export function shown(text: string, maxBytes: number): string {
  if (text.length <= maxBytes) return bounded(visible(text), maxBytes);
  // Longer than anything shown (each code unit is at least a byte): escape only the head, so a
  // 1 MB value is not escaped whole, and say how long the original was.
  return cut(visible(text.slice(0, maxBytes)), maxBytes, utf8Length(text));
}

/** The head of `text` that fits in `maxBytes` with `… (<total> bytes)` after it. */
function cut(text: string, maxBytes: number, total: number): string {
  const tail = `… (${total} bytes)`;
  const room = maxBytes - utf8Length(tail);
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const { size, units } = utf8Size(text, i);
    if (bytes + size > room) break;
    bytes += size;
    i += units;
  }
  return text.slice(0, i) + tail;
}
