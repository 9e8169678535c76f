import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { VaultKeyring, type VaultKey } from "./keyring.js";

/** Values sealed before key ids: `v1.<iv>.<tag>.<body>`, opened by trying every configured key. */
const LEGACY_VERSION = "v1";
/** `v2.<key id>.<iv>.<tag>.<body>`: the key id says which key opens it. */
const VERSION = "v2";
const IV_BYTES = 12;

/** Thrown when a sealed value cannot be opened: the key is not the one it was sealed with, or the row was altered. */
export class VaultKeyError extends Error {
  override readonly name = "VaultKeyError";

  constructor(
    message: string,
    /** The id of the key the value was sealed under, when it records one. */
    readonly keyId?: string,
    /** True when the host has no key with that id (as opposed to a value that was altered). */
    readonly unknownKey = false,
  ) {
    super(message);
  }
}

/**
 * AES-256-GCM. Each value gets a fresh 96-bit IV and records the id of the key that sealed it; the associated
 * data binds a value to its row (user, provider, name) so a sealed token copied into another row does not open.
 */
export class VaultCipher {
  private readonly keys: VaultKeyring;

  constructor(keys: Buffer | VaultKeyring) {
    this.keys = keys instanceof VaultKeyring ? keys : new VaultKeyring(keys);
  }

  get currentKeyId(): string {
    return this.keys.current.id;
  }

  /** True when the host has the key with this id (current or previous). */
  hasKey(id: string): boolean {
    return this.keys.find(id) !== undefined;
  }

  /** How every value sealed under the current key begins (rotation finds the others by it). */
  prefix(): string {
    return `${VERSION}.${this.keys.current.id}.`;
  }

  /** The key id a sealed value records; undefined for values from before key ids. */
  static keyIdOf(sealed: string): string | undefined {
    const [version, id] = sealed.split(".");
    return version === VERSION ? id : undefined;
  }

  seal(plaintext: string, associatedData: string): string {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  open(sealed: string, associatedData: string): string {
    const parts = sealed.split(".");
    if (parts[0] === VERSION && parts.length === 5) {
      const [, id, iv, tag, body] = parts as [string, string, string, string, string];
      const key = this.keys.find(id);
      if (!key) throw new VaultKeyError(`a vault value was sealed under key ${id}, which is neither AGX_SECRET_KEY nor in AGX_SECRET_KEY_PREVIOUS`, id, true);
      const plain = decrypt(key, iv, tag, body, associatedData);
      if (plain === undefined) throw new VaultKeyError(`a vault value sealed under key ${id} does not open: it was altered`, id);
      return plain;
    }
    if (parts[0] === LEGACY_VERSION && parts.length === 4) {
      const [, iv, tag, body] = parts as [string, string, string, string];
      for (const key of this.keys.all()) {
        const plain = decrypt(key, iv, tag, body, associatedData);
        if (plain !== undefined) return plain;
      }
      throw new VaultKeyError("a vault value does not open with AGX_SECRET_KEY or any key in AGX_SECRET_KEY_PREVIOUS");
    }
    throw new VaultKeyError("a vault value is not in the expected format");
  }
}

function decrypt(key: VaultKey, iv: string, tag: string, body: string, associatedData: string): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
