/**
 * Juju's version (`JUJU_VERSION`), parsed and compared the way Juju compares
 * its own versions (juju/version `Number.Compare`): major, minor, then the
 * tag (a release, without tag, is newer than any `-beta`/`-rc` of the same
 * minor; tags compare as strings), patch, build. `3.1` means `3.1.0`.
 *
 *     if (hook.jujuVersion.atLeast("3.4")) ...
 *
 * Every feature check of the runtime that depends on Juju's version is a
 * constant of `FEATURES` here, so each rule is written once.
 */

/** `major.minor.patch[.build]` or `major.minor-tagpatch[.build]`; a bare `major.minor` is accepted for comparisons. */
const VERSION = /^(\d{1,9})\.(\d{1,9})(?:(?:\.|-([a-z]+))(\d{1,9})(?:\.(\d{1,9}))?)?$/;

export class JujuVersionError extends Error {
  override readonly name = "JujuVersionError";
}

export class JujuVersion {
  private constructor(
    readonly major: number,
    readonly minor: number,
    readonly patch: number,
    /** `beta`, `rc`, ... ("" for a release). */
    readonly tag: string,
    readonly build: number,
  ) {}

  /** Parses `3.6.4`, `3.6-beta2`, `2.9.42.1` or `3.1`; throws `JujuVersionError` naming the text otherwise. */
  static parse(text: string): JujuVersion {
    const m = VERSION.exec(text);
    if (!m) throw new JujuVersionError(`not a Juju version: ${JSON.stringify(text)} (expected e.g. 3.6.4 or 3.6-beta2)`);
    return new JujuVersion(Number(m[1]), Number(m[2]), Number(m[4] ?? 0), m[3] ?? "", Number(m[5] ?? 0));
  }

  /** Whether `text` parses (see `parse`). */
  static valid(text: string): boolean {
    return VERSION.test(text);
  }

  /** -1, 0 or 1 as this version is older than, equal to or newer than `other`. */
  compare(other: JujuVersion | string): -1 | 0 | 1 {
    const o = typeof other === "string" ? JujuVersion.parse(other) : other;
    const order = (a: number, b: number): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0);
    if (this.major !== o.major) return order(this.major, o.major);
    if (this.minor !== o.minor) return order(this.minor, o.minor);
    if (this.tag !== o.tag) {
      if (this.tag === "") return 1;
      if (o.tag === "") return -1;
      return this.tag < o.tag ? -1 : 1;
    }
    if (this.patch !== o.patch) return order(this.patch, o.patch);
    return order(this.build, o.build);
  }

  /** This version is `other` or newer. */
  atLeast(other: JujuVersion | string): boolean {
    return this.compare(other) >= 0;
  }

  /** This version is older than `other`. */
  isBefore(other: JujuVersion | string): boolean {
    return this.compare(other) < 0;
  }

  equals(other: JujuVersion | string): boolean {
    return this.compare(other) === 0;
  }

  /** As Juju writes it: `3.6.4`, `3.6-beta2`, `2.9.42.1`. */
  toString(): string {
    const core = this.tag ? `${this.major}.${this.minor}-${this.tag}${this.patch}` : `${this.major}.${this.minor}.${this.patch}`;
    return this.build > 0 ? `${core}.${this.build}` : core;
  }
}

/** The first Juju version with each feature the runtime checks for. */
export const FEATURES = {
  /** Config options of type `secret` (a user secret's URI), user secrets, with `juju add-secret` and `grant-secret`. */
  secretConfig: "3.3",
} as const;

/** Throws naming the feature and both versions when `version` is older than the feature's. */
export function requireJuju(version: JujuVersion, feature: keyof typeof FEATURES, what: string): void {
  if (version.isBefore(FEATURES[feature])) throw new JujuVersionError(`${what} needs Juju ${FEATURES[feature]} or later; this is Juju ${version.toString()}`);
}
