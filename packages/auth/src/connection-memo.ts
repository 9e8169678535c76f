import type { StoredConnection } from "./vault/store.js";

/** How long a call keeps a connection it read: a long-running call still sees a disconnect or another host's refresh. */
const MEMO_MS = 5_000;

/**
 * The connections one command call has read from the vault, by account: its provider requests reuse one read
 * (a database round trip and a decryption) instead of repeating it per request. Forgotten after a refresh or a
 * change the call makes itself, and after a few seconds.
 */
export class ConnectionMemo {
  private readonly entries = new Map<string, { connection: StoredConnection; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(account: string | undefined): StoredConnection | undefined {
    const key = keyOf(account);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at < MEMO_MS) return entry.connection;
    this.entries.delete(key);
    return undefined;
  }

  set(account: string | undefined, connection: StoredConnection): void {
    this.entries.set(keyOf(account), { connection, at: this.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Undefined (the default account) cannot collide with a label: labels are never empty. */
function keyOf(account: string | undefined): string {
  return account ?? "";
}
