/**
 * The secrets a hook knows, and the one scrubber of what the runtime shows:
 * the ERROR line of a failed hook, its `HookResult.error`, and every log line
 * written through the running hook.
 *
 * A value is known from the moment it is read or staged, whichever way:
 * - through the backend (`watchSecrets`): every value of a secret's content
 *   read (`secret-get`, peeked or not) or written (`secret-add`,
 *   `secret-set`), and every leader setting read or written;
 * - from the endpoints (`addSource`, asked at each scrub): values of the
 *   secret keys of both sides' schemas in every bag read or staged, secret
 *   content staged with `publishSecret`, the peer application bag read or
 *   staged;
 * - from the hook: leader settings staged with `hook.leaderSet`.
 *
 * Secrets count from 3 characters; leader settings and the peer application
 * bag, which also hold words such as `true`, from 8. Each value is scrubbed as
 * written, JSON-encoded as the runtime and as Juju's tools (Go) write it (with
 * and without its quotes), and decoded when it is a JSON string; the head of a
 * value cut by `capStderr`'s bound (`... (N more characters)`) is scrubbed too.
 */
import type { Backend, LogLevel, RawBag, SecretMetadata, WorkloadState } from "./backend.js";
import { decodeJson, encodeJson } from "./codec.js";
import { REDACTED } from "../common/redact.js";

/** Shortest secret scrubbed: a secret's content, a secret key's value. */
export const MIN_SECRET = 3;
/** Shortest leader setting or peer application value scrubbed. */
export const MIN_SHARED = 8;

/** Values an endpoint knows at the time of a scrub. */
export interface SecretSource {
  readonly secret?: Iterable<string>;
  readonly shared?: Iterable<string>;
}

/** Where `capStderr` cut a tool's stderr. */
const CUT = /\.\.\. \(\d+ more characters\)/g;

/** A string as Go's encoding/json writes it, which is how Juju's tools print and echo values: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
const goJson = (v: string): string => JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export class KnownSecrets {
  readonly #values = new Set<string>();
  readonly #sources: (() => SecretSource)[] = [];

  /** A secret value (scrubbed from `MIN_SECRET` characters). */
  add(value: string): void {
    if (typeof value === "string" && value.length >= MIN_SECRET) this.#values.add(value);
  }

  /** A leader setting or peer application value (scrubbed from `MIN_SHARED` characters). */
  addShared(value: string): void {
    if (typeof value === "string" && value.length >= MIN_SHARED) this.#values.add(value);
  }

  /** Values that change during the hook (staged writes), asked for at each scrub. */
  addSource(source: () => SecretSource): void {
    this.#sources.push(source);
  }

  /** Every known value, longest first, in every form it may be shown in. */
  #forms(): string[] {
    const values = new Set(this.#values);
    for (const source of this.#sources) {
      const { secret = [], shared = [] } = source();
      for (const v of secret) if (v.length >= MIN_SECRET) values.add(v);
      for (const v of shared) if (v.length >= MIN_SHARED) values.add(v);
    }
    const forms = new Set<string>();
    const addForms = (v: string): void => {
      forms.add(v);
      for (const quoted of [encodeJson(v), JSON.stringify(v), goJson(v)]) {
        forms.add(quoted);
        forms.add(quoted.slice(1, -1)); // inside a JSON document
      }
    };
    for (const v of values) {
      addForms(v);
      const decoded = decodeJson(v);
      if (typeof decoded === "string" && decoded !== v && decoded.length >= MIN_SECRET) addForms(decoded);
    }
    return [...forms].filter((f) => f.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  }

  /** The text with every known value replaced by `<redacted>`. */
  scrub(text: string): string {
    const forms = this.#forms();
    if (forms.length === 0) return text;
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out.includes(" more characters)") ? scrubCuts(out, forms) : out;
  }
}

/** The text with the head of a known value that ends just before a cut (`... (N more characters)`) scrubbed. */
function scrubCuts(text: string, forms: readonly string[]): string {
  let out = "";
  let from = 0;
  for (const m of text.matchAll(CUT)) {
    const before = text.slice(from, m.index);
    const k = headLength(before, forms);
    out += before.slice(0, before.length - k) + (k > 0 ? REDACTED : "") + m[0];
    from = m.index + m[0].length;
  }
  return out + text.slice(from);
}

/** How long the end of `text` is that begins a known value (at least `MIN_SECRET`; 0 when none). */
function headLength(text: string, forms: readonly string[]): number {
  let longest = MIN_SECRET - 1;
  for (const form of forms) {
    const first = form.charCodeAt(0);
    for (let k = Math.min(form.length - 1, text.length); k > longest; k--) {
      if (text.charCodeAt(text.length - k) === first && form.startsWith(text.slice(text.length - k))) {
        longest = k;
        break;
      }
    }
  }
  return longest >= MIN_SECRET ? longest : 0;
}

/**
 * The backend, recording in `known` every secret content and leader setting
 * that passes through it, read or written (written: before the call, so that
 * a write that fails is scrubbed from its own error).
 */
export function watchSecrets(backend: Backend, known: KnownSecrets): Backend {
  return new SecretWatch(backend, known);
}

class SecretWatch implements Backend {
  constructor(
    private readonly inner: Backend,
    private readonly known: KnownSecrets,
  ) {}

  private secret(values: RawBag): void {
    for (const v of Object.values(values)) this.known.add(v);
  }

  private shared(values: RawBag): void {
    for (const v of Object.values(values)) this.known.addShared(v);
  }

  get syncReads(): boolean {
    return this.inner.syncReads === true && typeof this.inner.relationGetSync === "function";
  }
  relationGetSync(relationId: string, unitOrApp: string, options?: { app?: boolean }): Record<string, string> {
    if (!this.inner.relationGetSync) throw new Error("this backend cannot read a bag synchronously");
    return this.inner.relationGetSync(relationId, unitOrApp, options);
  }

  async secretAdd(content: RawBag, options?: { owner?: "application" | "unit"; label?: string; description?: string }): Promise<string> {
    this.secret(content);
    return this.inner.secretAdd(content, options);
  }
  async secretGet(ref: { uri?: string; label?: string }, options?: { peek?: boolean; refresh?: boolean }): Promise<Record<string, string>> {
    const content = await this.inner.secretGet(ref, options);
    this.secret(content);
    return content;
  }
  async secretSet(uri: string, content: RawBag): Promise<void> {
    this.secret(content);
    return this.inner.secretSet(uri, content);
  }
  secretGrant(uri: string, relationId: string, unit?: string): Promise<void> {
    return this.inner.secretGrant(uri, relationId, unit);
  }
  secretRevoke(uri: string, relationId: string): Promise<void> {
    return this.inner.secretRevoke(uri, relationId);
  }
  secretRemove(uri: string, revision?: number): Promise<void> {
    return this.inner.secretRemove(uri, revision);
  }
  secretInfo(ref: { uri?: string; label?: string }): Promise<SecretMetadata | null> {
    return this.inner.secretInfo(ref);
  }
  secretIds(): Promise<string[]> {
    return this.inner.secretIds();
  }
  relationIds(endpoint: string): Promise<string[]> {
    return this.inner.relationIds(endpoint);
  }
  relationList(relationId: string): Promise<string[]> {
    return this.inner.relationList(relationId);
  }
  relationRemoteApp(relationId: string): Promise<string> {
    return this.inner.relationRemoteApp(relationId);
  }
  relationGet(relationId: string, unitOrApp: string, options?: { app?: boolean }): Promise<Record<string, string>> {
    return this.inner.relationGet(relationId, unitOrApp, options);
  }
  relationSet(relationId: string, values: RawBag, options?: { app?: boolean }): Promise<void> {
    return this.inner.relationSet(relationId, values, options);
  }
  networkPrimaryAddress(binding: string): Promise<string> {
    return this.inner.networkPrimaryAddress(binding);
  }
  log(level: LogLevel, message: string): Promise<void> {
    return this.inner.log(level, message);
  }
  configGet(): Promise<Record<string, unknown>> {
    return this.inner.configGet();
  }
  isLeader(): Promise<boolean> {
    return this.inner.isLeader();
  }
  async leaderGet(): Promise<Record<string, string>> {
    const settings = await this.inner.leaderGet();
    this.shared(settings);
    return settings;
  }
  async leaderSet(values: RawBag): Promise<void> {
    this.shared(values);
    return this.inner.leaderSet(values);
  }
  statusSet(state: WorkloadState, message: string, options?: { application?: boolean }): Promise<void> {
    return this.inner.statusSet(state, message, options);
  }
}
