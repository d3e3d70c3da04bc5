/**
 * Hashes for the runtime (md5 of charms.reactive's change digests, sha256 of
 * the config and read-cache digests), with `node:crypto` loaded on the first
 * one: a hook that reads no bag and no config (most hooks, with the read
 * cache) never loads it.
 */
import { createRequire } from "node:module";
import type * as Crypto from "node:crypto";

let crypto: typeof Crypto | undefined;
const load = (): typeof Crypto => (crypto ??= createRequire("/")("node:crypto") as typeof Crypto);

/** The hex digest of a UTF-8 text. */
export function digest(algorithm: "md5" | "sha256", text: string): string {
  return load().hash(algorithm, text, "hex");
}

/** An incremental hash (for a digest over many parts). */
export function createDigest(algorithm: "md5" | "sha256"): Crypto.Hash {
  return load().createHash(algorithm);
}
