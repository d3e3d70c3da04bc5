/**
 * The charm's config in one hook: `config-get --format=json` once, before the
 * handlers run (the `config.changed.<option>` flags must be known to choose
 * them), and only for a charm that declares its config (`defineCharm({
 * config })`); a charm without one never calls config-get.
 *
 * `config.changed.<option>` (and `config.changed`) is set in a hook where the
 * option's value differs from the one the last successful hook saw, first
 * sight included (an option with a default, or set, is "changed" in the first
 * hook); like `endpoint.<ep>.changed.<key>`, the runtime never clears it: the
 * handler that consumed it does. What is kept between hooks is a digest per
 * option the config module declares (so the state stays bounded by
 * config.yaml), in the unit state's `config`; never a value.
 *
 * A secret option's content is read with `secret-get` when `content()` is
 * first called in the hook (`--refresh` in the `secret-changed` hook of that
 * secret, so the unit follows its new revision), known to the scrubber so
 * it never reaches a log, and never logged.
 */
import { digest as hashText } from "./digest.js";
import type { Backend } from "./backend.js";
import { decodeConfig, type ConfigDefinition, type ConfigSecretReader, type DecodedConfig } from "./config.js";
import { HookToolError, SecretAccessError, SecretNotFoundError } from "./errors.js";
import type { HookEnv } from "./hook-env.js";
import { JujuVersion, requireJuju } from "./juju-version.js";
import { secretId } from "./secrets.js";

/** A secret option's content could not be read: names the option and why, never the URI's content. */
export class ConfigSecretError extends Error {
  override readonly name = "ConfigSecretError";
  constructor(
    readonly option: string,
    /** `not-found`: no such secret; `denied`: not granted to this application; `failed`: secret-get failed otherwise; `juju`: this Juju has no user secrets. */
    readonly reason: "not-found" | "denied" | "failed" | "juju",
    detail: string,
  ) {
    super(`config option ${option}: ${detail}`);
  }
}

export interface HookConfig<C extends object = object> extends DecodedConfig<C> {
  /** Flags to set in this hook: `config.changed` and `config.changed.<option>` for each option whose value changed. */
  readonly changed: readonly string[];
  /** The digests to keep for the next hook, by option name. */
  readonly digests: Readonly<Record<string, string>>;
  /** WARNING lines: the issues of options whose value changed in this hook (so each is reported once per value). */
  readonly warnings: readonly string[];
}

/** The digest of an option's raw value ("" when unset: no digest kept). */
function digest(value: unknown): string {
  return value === undefined || value === null ? "" : hashText("sha256", JSON.stringify(value));
}

/** Reads and decodes the config of one hook, and which options changed since `previous`. */
export async function readHookConfig<C extends object>(backend: Backend, definition: ConfigDefinition<C, string>, env: HookEnv, previous: Readonly<Record<string, string>>): Promise<HookConfig<C>> {
  const raw = await backend.configGet();
  const decoded = decodeConfig(definition, raw, secretReader(backend, env));
  const digests: Record<string, string> = Object.create(null) as Record<string, string>;
  const changed: string[] = [];
  for (const option of definition.options) {
    const d = digest(Object.hasOwn(raw, option.name) ? raw[option.name] : undefined);
    if (d) digests[option.name] = d;
    if (d !== (previous[option.name] ?? "")) changed.push(`config.changed.${option.name}`);
  }
  if (changed.length > 0) changed.unshift("config.changed");
  const warnings = decoded.issues
    .filter((i) => changed.includes(`config.changed.${i.key}`))
    .map((i) => `config option ${i.key} is not valid and reads as its default: ${i.message}`);
  return { ...decoded, changed, digests, warnings };
}

function secretReader(backend: Backend, env: HookEnv): ConfigSecretReader {
  return async (option, uri) => {
    if (JujuVersion.valid(env.jujuVersion)) {
      try {
        requireJuju(JujuVersion.parse(env.jujuVersion), "secretConfig", `config option ${option.name} (type secret)`);
      } catch (e) {
        throw new ConfigSecretError(option.name, "juju", (e as Error).message);
      }
    }
    const refresh = env.hookName === "secret-changed" && env.secret !== undefined && secretId(env.secret.uri) === secretId(uri);
    try {
      return Object.freeze(await backend.secretGet({ uri }, refresh ? { refresh: true } : {}));
    } catch (e) {
      if (e instanceof SecretNotFoundError) throw new ConfigSecretError(option.name, "not-found", "the secret it names does not exist");
      if (e instanceof SecretAccessError) throw new ConfigSecretError(option.name, "denied", "the secret it names is not granted to this application (juju grant-secret)");
      if (e instanceof HookToolError) throw new ConfigSecretError(option.name, "failed", `secret-get failed (exit ${String(e.exitCode)})`);
      throw e;
    }
  };
}
