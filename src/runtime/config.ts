/**
 * The charm's config options (`config.yaml`, or `charmcraft.yaml`'s
 * `config.options`), typed: the generated config module describes each
 * option (`ConfigOptionSpec`) and gives the charm a `ConfigDefinition` with
 * its types; this module decodes and checks what `config-get --format=json`
 * prints against it.
 *
 * - An option with a default is always there (`T`); one without is
 *   `T | undefined` while unset (Juju leaves it out of `config-get`).
 * - A value of the wrong type is an `Issue` for that option (its name and the
 *   type it should have, never the value), and reads as the option's default
 *   (or `undefined`): never a crash.
 * - A `secret` option holds a user secret's URI; it reads as a `ConfigSecret`,
 *   whose content is read with `secret-get` only when asked for.
 * - Options `config-get` prints that the spec does not know are left out.
 */
import type { Issue } from "./issues.js";

export type ConfigType = "string" | "int" | "float" | "boolean" | "secret";
export type ConfigScalar = string | number | boolean;

/** One option, as the generated config module describes it. */
export interface ConfigOptionSpec {
  /** The option's name in config.yaml (and `config-get`), e.g. `log-level`. */
  readonly name: string;
  /** Its property in the typed config, e.g. `logLevel`. */
  readonly ts: string;
  readonly type: ConfigType;
  /** The default config.yaml gives; absent when it gives none. */
  readonly default?: ConfigScalar;
  /** The charm cannot work without a value (`requireOptions`): unset and without a default, it is an issue. */
  readonly required?: boolean;
}

/**
 * A charm's config options, with the TypeScript type of the decoded config
 * (`C`) and the union of option names (`O`) carried for the compiler only.
 */
export interface ConfigDefinition<C extends object = object, O extends string = string> {
  /** The file the options came from, for messages (`config.yaml`). */
  readonly source: string;
  readonly options: readonly ConfigOptionSpec[];
  /** Never set: carries the types. */
  readonly __types?: { readonly config: C; readonly option: O };
}

/** The decoded config type of a definition. */
export type ConfigOf<D> = D extends ConfigDefinition<infer C, string> ? C : never;
/** The option names of a definition. */
export type ConfigOptionOf<D> = D extends ConfigDefinition<object, infer O> ? O : never;
/** The flags the runtime keeps for a charm's config options. */
export type ConfigFlag<O extends string> = [O] extends [never] ? never : "config.changed" | `config.changed.${O}`;

/** The value of a `secret` option: the URI, and the secret's content, read with `secret-get` once per hook when asked for. */
export interface ConfigSecret {
  readonly uri: string;
  content(): Promise<Readonly<Record<string, string>>>;
}

/** How a secret option's content is read (the running hook gives one; outside a hook there is none). */
export type ConfigSecretReader = (option: ConfigOptionSpec, uri: string) => Promise<Readonly<Record<string, string>>>;

/** A typed config (its types from the generated module); the generated `defineConfig` call makes one. */
export function defineConfig<C extends object, O extends string>(source: string, options: readonly ConfigOptionSpec[]): ConfigDefinition<C, O> {
  return Object.freeze({ source, options: Object.freeze(options.map((o) => Object.freeze({ ...o }))) });
}

/**
 * The same options, with these marked required: a hook where one of them has
 * no value (unset, and no default) gets an issue for it in `hook.configIssues`,
 * as for a value of the wrong type. Juju's config.yaml has no such notion:
 * the charm says what it cannot do without.
 */
export function requireOptions<C extends object, O extends string>(definition: ConfigDefinition<C, O>, ...names: readonly NoInfer<O>[]): ConfigDefinition<C, O> {
  const unknown = names.filter((n) => !definition.options.some((o) => o.name === n));
  if (unknown.length > 0) throw new TypeError(`requireOptions: ${unknown.join(", ")} is not an option of ${definition.source}`);
  return defineConfig<C, O>(definition.source, definition.options.map((o) => (names.includes(o.name as O) ? { ...o, required: true } : o)));
}

const TYPE_TEXT: Record<ConfigType, string> = {
  string: "a string",
  int: "an integer",
  float: "a number",
  boolean: "true or false",
  secret: "a secret URI (secret:...)",
};

/** `secret:<id>` or `secret://<model-uuid>/<id>`, as Juju prints a secret URI. */
const SECRET_URI = /^secret:(\/\/[0-9a-f-]+\/)?[0-9a-z]{20}$/;

function fits(type: ConfigType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "secret":
      return typeof value === "string" && SECRET_URI.test(value);
  }
}

/** The issue of one option's value, or null when it fits its type. Never holds the value. */
function issueOf(option: ConfigOptionSpec, value: unknown, source: string): Issue | null {
  const pointer = `/${option.name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  if ((value === undefined || value === null) && option.required && option.default === undefined) {
    return { key: option.name, pointer, message: `has no value, and the charm needs one (${source} gives no default): set it with juju config <application> ${option.name}=<value>` };
  }
  if (value === undefined || value === null || fits(option.type, value)) return null;
  const got = Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "a map" : typeof value === "number" ? "a number" : `a ${typeof value}`;
  return { key: option.name, pointer, message: `must be ${TYPE_TEXT[option.type]} (${source} declares ${option.name} as ${option.type}), and is ${got}` };
}

/** Every issue of what `config-get` printed, one per option at most. */
export function validateConfig(definition: ConfigDefinition, raw: Readonly<Record<string, unknown>>): Issue[] {
  const out: Issue[] = [];
  for (const option of definition.options) {
    const issue = issueOf(option, Object.hasOwn(raw, option.name) ? raw[option.name] : undefined, definition.source);
    if (issue) out.push(issue);
  }
  return out;
}

export interface DecodedConfig<C> {
  /** The typed config, frozen. */
  readonly values: C;
  /** One per option whose value has the wrong type (that option reads as its default, or undefined). */
  readonly issues: readonly Issue[];
}

const noReader: ConfigSecretReader = (option) => Promise.reject(new Error(`config option ${option.name}: a secret option's content is read in a hook only (hook.config)`));

/** The typed config from what `config-get --format=json` printed (see the module comment). */
export function decodeConfig<C extends object>(definition: ConfigDefinition<C, string>, raw: Readonly<Record<string, unknown>>, readSecret: ConfigSecretReader = noReader): DecodedConfig<C> {
  const values: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const option of definition.options) {
    let value: unknown = Object.hasOwn(raw, option.name) ? raw[option.name] : undefined;
    const issue = issueOf(option, value, definition.source);
    if (issue) issues.push(issue);
    if (issue || value === null || value === undefined) value = option.default;
    if (value === undefined) continue;
    if (option.type === "secret" && typeof value === "string") {
      const uri = value;
      let read: Promise<Readonly<Record<string, string>>> | undefined;
      value = Object.freeze({ uri, content: () => (read ??= readSecret(option, uri)) } satisfies ConfigSecret);
    }
    values[option.ts] = value;
  }
  return { values: Object.freeze(values) as C, issues };
}
