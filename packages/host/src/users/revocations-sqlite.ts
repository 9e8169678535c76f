import type { Logger } from "@agx-ext/core";
import type { Database } from "@agx-ext/db";
import { type EntityManager } from "@mikro-orm/core";
import type { KeyCache } from "./key-cache.js";
import { knexClientOf } from "./knex-client.js";
import type { Announcement, KeyRevocations, KeyRow } from "./revocations.js";
import { KeyRevisionEntity } from "@agx-ext/services";

/** Nothing to wait for: the change is visible to every process the moment it commits. (Here, not in revocations.ts: that file imports this one.) */
const SETTLED: Announcement = { settle: () => Promise.resolve() };

const BUMP = "insert into agx_user_key_revision (id, value) values (1, 1) on conflict (id) do update set value = agx_user_key_revision.value + 1";

/** What this file uses of better-sqlite3 (reached through the ORM's own driver, so no second copy is loaded). */
interface SqliteHandle {
  prepare(sql: string): SqliteStatement;
  close(): void;
}
interface SqliteStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(): SqliteStatement;
}
type SqliteConstructor = new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteHandle;

/**
 * SQLite: several processes may share the file, and SQLite cannot notify them. Each request reads the
 * revision row instead, through a read-only connection of this process's own with prepared statements (a
 * microsecond or two, and never queued behind the host's single write connection). The key lookup on a
 * cache miss goes through the same connection: it never sits inside an open command transaction, so it
 * always sees the latest committed revoke.
 */
export class SqliteKeyRevision implements KeyRevocations {
  private connection: SqliteHandle | undefined;
  private revision: SqliteStatement | undefined;
  private keyRow: SqliteStatement | undefined;
  /** An in-memory database is this process's alone: only its own changes exist, and they clear the cache. */
  private privateMemory = false;
  private seen: number | undefined;

  constructor(
    private readonly database: Database,
    private readonly cache: KeyCache,
    private readonly logger: Logger,
  ) {
    database.registerSystemEntities([KeyRevisionEntity]);
  }

  async start(): Promise<void> {
    const client = knexClientOf(this.database) as { driver: SqliteConstructor; connectionSettings: { filename: string } };
    const file = client.connectionSettings.filename;
    if (file === ":memory:") {
      this.privateMemory = true;
      return;
    }
    try {
      const connection = new client.driver(file, { readonly: true, fileMustExist: true });
      this.revision = connection.prepare("select value from agx_user_key_revision where id = 1").pluck();
      this.keyRow = connection.prepare("select id, key_hash, revoked_at from agx_users where key_id = ?");
      this.connection = connection;
    } catch (error) {
      // Without it every request asks the database, as before the cache: slower, never wrong.
      this.logger.warn("API keys are not cached: the read-only connection did not open", { error: (error as Error).message });
    }
    await Promise.resolve();
  }

  current(): boolean {
    if (this.privateMemory) return true;
    if (!this.revision) return false;
    let value: number;
    try {
      value = Number(this.revision.get() ?? 0);
    } catch {
      return false; // busy or gone: ask the database this time
    }
    if (value !== this.seen) {
      this.cache.clear();
      this.seen = value;
    }
    return true;
  }

  lookup(keyId: string): KeyRow[] | undefined {
    if (!this.keyRow) return undefined;
    try {
      return this.keyRow.all(keyId) as KeyRow[];
    } catch {
      return undefined;
    }
  }

  async announce(em: EntityManager): Promise<Announcement> {
    await em.getConnection().execute(BUMP, [], "run", em.getTransactionContext());
    return SETTLED;
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = this.revision = this.keyRow = undefined;
    this.privateMemory = false;
    connection?.close();
    await Promise.resolve();
  }
}
