import type { Logger } from "@agx-ext/core";
import type { Database } from "@agx-ext/db";
import type { EntityManager } from "@mikro-orm/core";
import type { KeyCache } from "./key-cache.js";
import { PostgresKeyNotices } from "./revocations-postgres.js";
import { SqliteKeyRevision } from "./revocations-sqlite.js";

/** A key row as the per-request lookup reads it. */
export interface KeyRow {
  id: string;
  key_hash: string;
  revoked_at: unknown;
}

/** A revoke on its way to the other processes. */
export interface Announcement {
  /** Called once the transaction ended: after a commit, resolves when the other processes have heard it. */
  settle(committed: boolean): Promise<void>;
}

/**
 * How one process learns that API keys changed in another (a revoke on any host, `agx users revoke`),
 * so that its KeyCache never answers for a key the database no longer accepts.
 */
export interface KeyRevocations {
  /**
   * Called before each cached answer: clears the cache when keys changed elsewhere, and says whether the
   * cache may be used at all (false until the watch is running, and while it cannot know: then every
   * request asks the database).
   */
  current(): boolean;
  /** Inside the transaction that revokes a key: tells the other processes, once it commits. */
  announce(em: EntityManager): Promise<Announcement>;
  /** The key row, read where the answer is fresh; undefined when the ORM's connection should be used. */
  lookup?(keyId: string): KeyRow[] | undefined;
  /** Begins watching (once the database is open); before this, current() is false. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The watch fitting the host database: LISTEN/NOTIFY on PostgreSQL, a revision row on SQLite. */
export function keyRevocations(database: Database, cache: KeyCache, logger: Logger): KeyRevocations {
  return database.dialect === "postgresql" ? new PostgresKeyNotices(database, cache, logger) : new SqliteKeyRevision(database, cache, logger);
}
