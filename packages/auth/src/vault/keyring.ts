import { createHash } from "node:crypto";

/** One vault key and its id: the first 8 bytes of the key's SHA-256, in hex (names the key without revealing it). */
export interface VaultKey {
  id: string;
  key: Buffer;
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/**
 * The keys a host can open vault values with: the current one (AGX_SECRET_KEY), which seals every new value,
 * and older ones (AGX_SECRET_KEY_PREVIOUS) that values sealed before a rotation still need.
 */
export class VaultKeyring {
  readonly current: VaultKey;
  private readonly byId = new Map<string, VaultKey>();

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) if (key.length !== 32) throw new Error("the vault key must be 32 bytes (AES-256)");
    this.current = { id: keyId(current), key: current };
    for (const key of [current, ...previous]) {
      const entry = { id: keyId(key), key };
      if (!this.byId.has(entry.id)) this.byId.set(entry.id, entry);
    }
  }

  find(id: string): VaultKey | undefined {
    return this.byId.get(id);
  }

  /** Every key, the current one first (values sealed before key ids existed are tried against each). */
  all(): VaultKey[] {
    return [...this.byId.values()];
  }
}
