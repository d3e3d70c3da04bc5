/**
 * What a run's report must not show, known from the model itself (the report
 * reads the model as Juju holds it, whatever runtime the charms use):
 * - every value of every revision of every secret's content;
 * - every leader setting (from 8 characters: they also hold words such as `true`);
 * - the value of every bag key whose name says it holds a credential
 *   (`CREDENTIAL_NAME`: `password`, `*-password`, `token`, `*-key`), in any
 *   relation, unless it is a secret's URI.
 * Text (logs, stderr, statuses, reasons) is scrubbed of these values by the
 * runtime's one scrubber; a bag value that holds one, or sits under a
 * credential key, is shown as `<redacted>` whole.
 */
import type { JujuEngine } from "../juju/engine.js";
import { CREDENTIAL_NAME, REDACTED } from "../common/redact.js";
import { KnownSecrets } from "../runtime/scrub.js";

/** A value under a credential key that is only a pointer to a secret, not the secret. */
const SECRET_URI = /^secret:\/?\/?[^\s]*$/;

export class ModelSecrets {
  readonly #known = new KnownSecrets();

  constructor(engine: JujuEngine<unknown>) {
    for (const secret of engine.secrets()) {
      for (let revision = 1; revision <= secret.revision; revision++) {
        let content: Record<string, string>;
        try {
          content = engine.secretContent(secret.id, revision);
        } catch {
          continue; // a revision that was pruned
        }
        for (const value of Object.values(content)) this.#known.add(value);
      }
    }
    for (const app of engine.applications()) for (const value of Object.values(engine.leaderSettings(app))) this.#known.addShared(value);
    for (const rel of engine.relations()) {
      for (const end of rel.endpoints) this.#addCredentials(engine.appDatabag(end.app, rel.id));
      for (const unit of rel.units) this.#addCredentials(engine.databag(unit, rel.id));
    }
  }

  #addCredentials(bag: Readonly<Record<string, string>>): void {
    for (const [key, value] of Object.entries(bag)) if (isCredential(key, value)) this.#known.add(value);
  }

  /** The text with every known secret value replaced by `<redacted>`. */
  scrub(text: string): string {
    return this.#known.scrub(text);
  }

  /** A bag as a report shows it: a credential's value, or a value that holds a secret, is `<redacted>`. */
  bag(bag: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of Object.keys(bag).sort()) {
      const value = bag[key]!;
      out[key] = isCredential(key, value) || this.scrub(value) !== value ? REDACTED : value;
    }
    return out;
  }
}

function isCredential(key: string, value: string): boolean {
  return value !== "" && CREDENTIAL_NAME.test(key) && !SECRET_URI.test(value);
}
