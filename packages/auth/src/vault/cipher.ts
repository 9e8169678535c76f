import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;

/** Thrown when a sealed value cannot be opened: the key is not the one it was sealed with, or the row was altered. */
export class VaultKeyError extends Error {
  override readonly name = "VaultKeyError";
}

/**
 * AES-256-GCM. Each value gets a fresh 96-bit IV; the associated data binds a value to its row
 * (user, provider, name) so a sealed token copied into another row does not open.
 */
export class VaultCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("the vault key must be 32 bytes (AES-256)");
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  open(sealed: string, associatedData: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
      throw new VaultKeyError("a vault value is not in the expected format");
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(associatedData, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new VaultKeyError("a vault value does not open with the configured AGX_SECRET_KEY");
    }
  }
}
