/**
 * Typed errors of the runtime. None of them ever carries a secret: arguments
 * are redacted before they are stored, and databag values are never included.
 */

/** A hook tool failed: it exited non-zero, printed something unparsable, or hung. */
export class HookToolError extends Error {
  override readonly name: string = "HookToolError";
  constructor(
    message: string,
    /** The tool that was run, e.g. `relation-get`. */
    readonly tool: string,
    /** Its arguments, with every value that could be secret replaced by `<redacted>`. */
    readonly args: readonly string[],
    /** The exit code, or `null` when the tool was killed or could not start. */
    readonly exitCode: number | null,
    /** What the tool wrote to stderr (trimmed). */
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * A value that is not valid Unicode text (it holds a lone surrogate) was to
 * be written: Juju stores UTF-8 only, and encoding it would store U+FFFD
 * instead, silently. Nothing was run. Names the key, never the value.
 */
export class InvalidTextError extends HookToolError {
  override readonly name = "InvalidTextError";
}

/** The relation no longer exists (exit code 2, "relation not found"). */
export class RelationNotFoundError extends HookToolError {
  override readonly name = "RelationNotFoundError";
}

/** A hook tool did not finish within the configured timeout and was killed. */
export class HookToolTimeoutError extends HookToolError {
  override readonly name = "HookToolTimeoutError";
}

/** A secret that does not exist (or was removed): `secret-*` said "not found". */
export class SecretNotFoundError extends HookToolError {
  override readonly name = "SecretNotFoundError";
}

/** A secret this unit may not read or change: "permission denied", or not the leader for an application's secret. */
export class SecretAccessError extends HookToolError {
  override readonly name = "SecretAccessError";
}
