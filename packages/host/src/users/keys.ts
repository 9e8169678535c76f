import { hash, randomBytes, timingSafeEqual } from "node:crypto";

/** Every key starts with this, so a leaked one is easy to recognise in a scan. */
export const KEY_PREFIX = "agx_";

const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;
const KEY_PATTERN = /^agx_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  /** The whole key, shown once to the person who created it. */
  key: string;
  /** Public part used to find the stored row; not a secret. */
  keyId: string;
  /** What is stored: the SHA-256 of the whole key. */
  hash: string;
}

/**
 * A new API key: `agx_<key id>_<256 random bits>`. The key id lets the store find the row without
 * comparing secrets in the database; the secret part is only ever compared as a hash, in constant time.
 */
export function issueKey(): IssuedKey {
  const keyId = randomBytes(KEY_ID_BYTES).toString("hex");
  const key = `${KEY_PREFIX}${keyId}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { key, keyId, hash: hashKey(key) };
}

/**
 * SHA-256 is enough here: the key carries 256 random bits, so there is nothing to brute-force. Every request
 * hashes its key: the one-shot `hash` skips the Hash object `createHash` builds.
 */
export function hashKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** The key id of a well-formed key, or undefined for anything else. */
export function keyIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** Compares a presented key with a stored hash without leaking, by timing, how much of it matched. */
export function keyMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(presented), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export { isValidUserId } from "@agx-ext/core/host";
