import { AsyncLocalStorage } from "node:async_hooks";
import { join, resolve } from "node:path";
import { CommandError, ENTITY_MANAGER, type Logger } from "@agx-ext/core";
import { silentLogger, type CallScope, type LoadedExtension, type ServiceModule } from "@agx-ext/core/host";
import type { EntityManager, MikroORM, Options } from "@mikro-orm/core";
import type { AbstractSqlDriver, Knex } from "@mikro-orm/knex";
import "./injection-types.js";
import { CallTransaction } from "./call-transaction.js";
import { loadDriver } from "./drivers.js";
import { mikroOrm, sqliteClientFile } from "./mikro-orm.js";
import { isUserOwned, UserOwned } from "./entities.js";
import { migrationFolderOf, type MigrationFolder } from "./migrations/files.js";
import { applyMigrations } from "./migrations/apply.js";
import { LEDGER_TABLE, type MigrationConnection } from "./migrations/ledger.js";
import { planMigrations, type MigrationPlan, type PendingMigration, type TableOwner } from "./migrations/plan.js";
import { backUpSqlite, removeSqliteBackup, restoreSqlite } from "./migrations/sqlite-backup.js";
import { Mutex } from "./mutex.js";
import { SqliteWriterThread, type OffThreadWriter } from "./sqlite-writer.js";
import { mapDatetimeToDate } from "./date-properties.js";
import { prefixTableName } from "./naming.js";
import { forkForUser, userFilter, UserWriteGuard } from "./scope.js";
import { prepareSqliteFiles, tightenSqliteFiles } from "./state-files.js";
import { cachePreparedStatements } from "./sqlite-statement-cache.js";
import { DatabaseStartupError, explainStartupError } from "./startup-errors.js";
import { parseDatabaseUrl, STATE_FOLDER, type DatabaseTarget, type Dialect } from "./url.js";

export interface DatabaseOptions {
  /** The host directory; the default SQLite file is `<hostDir>/.agx/agx.db`. */
  hostDir: string;
  /** AGX_DATABASE_URL: `postgres://...`, `postgresql://...` or `sqlite:path`. Empty: the default SQLite file. */
  url?: string;
  logger?: Logger;
  /** How long SQLite waits for another process's lock before giving up (default 5000 ms). */
  sqliteBusyTimeoutMs?: number;
  /** Largest PostgreSQL connection pool (default 10). */
  poolMax?: number;
  /** Migrations of system entities registered without a folder of their own (the host's `migrations/`). */
  systemMigrations?: MigrationFolder;
}

const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Anything MikroORM accepts as an entity (a decorated class or an EntitySchema). */
export type EntityDefinition = NonNullable<Options["entities"]>[number];

/** The host's handle on its database; one per host. */
export interface Database {
  readonly dialect: Dialect;
  /** Where the data lives, without any password. */
  readonly description: string;
  /** The MikroORM instance; only after start. */
  readonly orm: MikroORM;
  /** Plug into the runtime: migrations at start, a user-scoped transaction around each call. */
  readonly module: ServiceModule;
  /** SQL the last start's additive sync applied for packages without migrations ("" when none was needed). */
  readonly appliedSchemaSql: string;
  /** Migrations the last start applied (or recorded as baseline), in order. */
  readonly appliedMigrations: readonly PendingMigration[];
  /**
   * Tables the host itself owns (token vault, users...): not prefixed, not filtered by user. Call before start.
   * `migrations`: the owning package's folder; without it the host's (`systemMigrations`), else additive sync.
   */
  registerSystemEntities(entities: readonly EntityDefinition[], migrations?: MigrationFolder): void;
  /** What the next start would migrate, without changing anything (opens its own connection when not started). */
  pendingMigrations(extensions: readonly LoadedExtension[]): Promise<MigrationPlan>;
  /**
   * Runs `fn` in a transaction on an EntityManager that is not scoped to a user (for host packages such as
   * auth). Inside a command call it joins the call's transaction (SQLite has a single connection).
   */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs read-only work on an unscoped EntityManager without opening a transaction (and without waiting
   * for SQLite's transaction queue): the cheap path for lookups on every request, such as API keys.
   */
  read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs single statements that belong to no command call, such as an append-only log's batches, on a connection
   * of their own in a worker thread (made on first use, closed by stop): on SQLite a write, and the checkpoints its
   * commits set off, block the thread that runs them. Undefined on PostgreSQL, whose writes wait on the network
   * without blocking the thread, and for an in-memory SQLite database, which another connection cannot reach.
   * A thread that fails (its client library would not load, say) is reported once, and from then until the next
   * start this is undefined too: callers write on the host's connection, as without one. Each statement waits for
   * the host connection's turn, so `run` refuses to be called from inside a call or transaction of this host.
   */
  offThreadWriter(): OffThreadWriter | undefined;
  start(extensions: readonly LoadedExtension[]): Promise<void>;
  stop(): Promise<void>;
}

/** Prepares the database handle; nothing is opened until start. A bad URL throws here. */
export function openDatabase(options: DatabaseOptions): Database {
  return new MikroDatabase(options, parseDatabaseUrl(options.url, options.hostDir));
}

/** Extension entities by class name, with the extension that declares each. */
type EntityOwners = Map<string, { extensionId: string; entity: EntityDefinition }>;

/**
 * The unit of work in progress on this async call chain: a command call (whose transaction opens at its
 * first write) or a host transaction (already open).
 */
interface ActiveCall {
  owner: MikroDatabase;
  call: Pick<CallTransaction, "em" | "open" | "begin" | "committedAlone">;
}

/** Advisory lock key ("agx" in ASCII) serialising schema updates of hosts sharing a PostgreSQL database. */
const SCHEMA_LOCK_KEY = 0x616778;

/** The command call the current async call chain is inside, so nested requests join its transaction instead of deadlocking. */
const activeCall = new AsyncLocalStorage<ActiveCall>();

class MikroDatabase implements Database {
  readonly dialect: Dialect;
  readonly description: string;
  readonly module: ServiceModule;
  appliedSchemaSql = "";
  appliedMigrations: readonly PendingMigration[] = [];
  private instance: MikroORM | undefined;
  private starting: Promise<void> | undefined;
  private readonly systemEntities: EntityDefinition[] = [];
  /** Which package's migrations create each system entity's table (none: additive sync). */
  private readonly systemFolders = new Map<EntityDefinition, MigrationFolder | undefined>();
  /** Extensions that own tables: only their calls get an EntityManager (and a transaction when they write). */
  private readonly withTables = new Set<string>();
  /** better-sqlite3 is one connection: one transaction at a time, in arrival order. */
  private readonly sqliteLock = new Mutex();
  private writer: SqliteWriterThread | undefined;
  private writerFailed = false;
  private readonly logger: Logger;

  constructor(
    private readonly options: DatabaseOptions,
    private readonly target: DatabaseTarget,
  ) {
    this.dialect = target.dialect;
    this.description = target.description;
    this.logger = options.logger ?? silentLogger;
    this.module = {
      name: "database",
      start: (extensions) => this.start(extensions),
      around: (scope, next) => this.around(scope, next),
      stop: () => this.stop(),
    };
  }

  get orm(): MikroORM {
    if (!this.instance) throw new Error("The database is not started yet: start the host (or the database module) first.");
    return this.instance;
  }

  registerSystemEntities(entities: readonly EntityDefinition[], migrations?: MigrationFolder): void {
    if (this.instance) throw new Error("System entities must be registered before the database starts.");
    for (const entity of entities) {
      if (!this.systemEntities.includes(entity)) this.systemEntities.push(entity);
      this.systemFolders.set(entity, migrations ?? this.options.systemMigrations);
    }
  }

  async pendingMigrations(extensions: readonly LoadedExtension[]): Promise<MigrationPlan> {
    const owners = this.entityOwners(extensions);
    const orm = this.instance ?? (await this.connect(owners));
    try {
      return await planMigrations(this.migrationConnection(orm), this.tableOwners(orm, extensions, owners));
    } finally {
      if (orm !== this.instance) await orm.close(true).catch(() => undefined);
    }
  }

  start(extensions: readonly LoadedExtension[]): Promise<void> {
    // Two first commands arriving together must not open two ORMs.
    this.starting ??= this.open(extensions).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async open(extensions: readonly LoadedExtension[]): Promise<void> {
    if (this.instance) return;
    const owners = this.entityOwners(extensions);
    const orm = await this.connect(owners);
    try {
      await this.migrate(orm, this.tableOwners(orm, extensions, owners));
      // The write probe has made the -wal/-shm files by now.
      if (this.target.dialect === "sqlite" && this.target.file !== ":memory:") tightenSqliteFiles(this.target.file, this.logger);
    } catch (error) {
      await orm.close(true).catch(() => undefined);
      throw this.startupError(error);
    }
    this.instance = orm;
    this.logger.info("database ready", {
      database: this.description,
      migrations: this.appliedMigrations.map((m) => `${m.package}/${m.name}${m.baseline ? " (baseline)" : ""}`),
      schemaChanged: this.appliedSchemaSql !== "",
    });
  }

  offThreadWriter(): OffThreadWriter | undefined {
    if (this.target.dialect !== "sqlite" || this.target.file === ":memory:") return undefined;
    if (!this.instance) throw new Error("The database is not started yet: start the host (or the database module) first.");
    const broken = this.writer?.broken;
    if (broken) {
      // Reported once; until the next start the callers write on the host's connection, as without a thread.
      this.logger.warn("the SQLite writer thread failed; its writes go through the host's connection", { error: broken.message });
      this.writer = undefined;
      this.writerFailed = true;
    }
    if (this.writerFailed) return undefined;
    this.writer ??= new SqliteWriterThread({
      file: this.target.file,
      turn: this.sqliteLock,
      insideTurn: () => activeCall.getStore()?.owner === this,
      clientFile: sqliteClientFile(),
      busyTimeoutMs: this.options.sqliteBusyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    });
    return this.writer;
  }

  async stop(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    this.writerFailed = false;
    await writer?.close();
    const orm = this.instance;
    this.instance = undefined;
    await orm?.close(true);
  }

  async transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const active = activeCall.getStore();
    // The call's only write committed by itself: there is no call transaction to join, and on SQLite the call
    // already holds the connection's turn, so the host's work gets a transaction of its own without waiting for it.
    if (active?.owner === this && active.call.committedAlone) return this.transact(this.unscopedFork(), fn, false);
    if (active?.owner === this) {
      // Joins the call: its transaction opens now if the call has not written yet, and commits or rolls back with it.
      await active.call.begin();
      const em = this.unscopedFork();
      em.setTransactionContext(active.call.em.getTransactionContext());
      const result = await fn(em);
      await em.flush();
      return result;
    }
    return this.transact(this.unscopedFork(), fn);
  }

  async read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const active = activeCall.getStore();
    // Once a call has written, its own reads must see its writes (and on SQLite its transaction holds the one connection).
    if (active?.owner === this && active.call.open) return this.transaction(fn);
    return fn(this.unscopedFork());
  }

  /** A fresh EntityManager of the host's own, not scoped to any user. */
  private unscopedFork(): EntityManager {
    return this.orm.em.fork({ clear: true, useContext: false });
  }

  /** Not async itself: most calls are of extensions without tables, and pass straight through. */
  private around<T>(scope: CallScope, next: () => Promise<T>): Promise<T> {
    return this.withTables.has(scope.extension.definition.id) ? this.aroundCallWithTables(scope, next) : next();
  }

  private async aroundCallWithTables<T>(scope: CallScope, next: () => Promise<T>): Promise<T> {
    const call = new CallTransaction(forkForUser(this.orm.em, scope.context.userId));
    scope.container.register(ENTITY_MANAGER, { useValue: call.em });
    const run = () => activeCall.run({ owner: this, call }, () => call.run(next));
    try {
      // SQLite: the call keeps its turn from start to end even before it writes, so it never reads another call's uncommitted rows.
      return await (this.dialect === "sqlite" ? this.sqliteLock.run(run) : run());
    } catch (error) {
      if (error instanceof mikroOrm.UniqueConstraintViolationException)
        throw new CommandError("CONFLICT", "Another call wrote the same record at the same moment; run the command again.");
      throw error;
    }
  }

  private transact<T>(em: EntityManager, fn: (em: EntityManager) => Promise<T>, waitForTurn = true): Promise<T> {
    const run = () =>
      em.transactional((tx) =>
        activeCall.run({ owner: this, call: { em: tx, open: true, committedAlone: false, begin: async () => undefined } }, () => fn(tx)),
      );
    return this.dialect === "sqlite" && waitForTurn ? this.sqliteLock.run(run) : run();
  }

  /** Maps entity class name -> extension id, refusing entities that would break isolation or collide. */
  private entityOwners(extensions: readonly LoadedExtension[]): EntityOwners {
    const owners: EntityOwners = new Map();
    this.withTables.clear();
    for (const extension of extensions) {
      const id = extension.definition.id;
      for (const entity of (extension.definition.entities ?? []) as EntityDefinition[]) {
        const name = entityName(entity);
        if (!isUserOwned(entity))
          throw new DatabaseStartupError(`Extension "${id}": entity ${name} must extend UserOwned from @agx-ext/db so its rows stay per user.`);
        const previous = owners.get(name);
        if (previous && previous.entity !== entity)
          throw new DatabaseStartupError(`Extensions "${previous.extensionId}" and "${id}" both declare an entity named ${name}; rename one of the classes.`);
        owners.set(name, { extensionId: id, entity });
        this.withTables.add(id);
      }
    }
    return owners;
  }

  private async connect(owners: EntityOwners): Promise<MikroORM> {
    const extensionIds = new Map([...owners].map(([name, owner]) => [name, owner.extensionId]));
    const common: Options = {
      entities: [UserOwned, ...this.systemEntities, ...[...owners.values()].map((o) => o.entity)],
      discovery: {
        onMetadata: (meta) => {
          prefixTableName(meta, extensionIds);
          mapDatetimeToDate(meta);
        },
        warnWhenNoEntities: false,
      },
      filters: { agxUser: userFilter([...owners.keys()]) },
      subscribers: [new UserWriteGuard(new Set(owners.keys()))],
      metadataCache: { enabled: false },
      allowGlobalContext: false,
      ensureDatabase: false,
      debug: false,
      logger: (message) => this.logger.debug(message),
    };
    let orm: MikroORM;
    try {
      const driver = loadDriver(this.target.dialect);
      if (this.target.dialect === "sqlite") {
        const { file } = this.target;
        if (file !== ":memory:") prepareSqliteFiles(file, join(resolve(this.options.hostDir), STATE_FOLDER), this.logger);
        const busyMs = this.options.sqliteBusyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS;
        orm = await mikroOrm.MikroORM.init({
          ...common,
          driver,
          dbName: file,
          pool: {
            afterCreate: (
              conn: Parameters<typeof cachePreparedStatements>[0] & { pragma(sql: string): unknown },
              done: (err: unknown, conn: unknown) => void,
            ) => {
              try {
                conn.pragma(`busy_timeout = ${busyMs}`);
                conn.pragma("journal_mode = WAL");
                conn.pragma("synchronous = NORMAL");
                cachePreparedStatements(conn);
                done(null, conn);
              } catch (error) {
                done(error, conn);
              }
            },
          },
        } as Options);
      } else {
        orm = await mikroOrm.MikroORM.init({
          ...common,
          driver,
          clientUrl: this.target.url,
          dbName: this.target.dbName,
          pool: { min: 0, max: this.options.poolMax ?? 10 },
        } as Options);
      }
    } catch (error) {
      throw this.startupError(error);
    }
    const check = await orm.checkConnection();
    if (!check.ok) {
      await orm.close(true).catch(() => undefined);
      throw this.startupError(check.error ?? new Error(check.reason));
    }
    return orm;
  }

  /** The packages that own tables, with their migrations folder and current table names: system packages first. */
  private tableOwners(orm: MikroORM, extensions: readonly LoadedExtension[], owners: EntityOwners): TableOwner[] {
    const byPackage = new Map<string, TableOwner & { tables: string[] }>();
    const tableOf = (entity: EntityDefinition) => orm.getMetadata().find(entityName(entity))?.tableName;
    const add = (key: string, folder: MigrationFolder | undefined, entity: EntityDefinition | undefined) => {
      let owner = byPackage.get(key);
      if (!owner) byPackage.set(key, (owner = { package: folder?.package ?? key, migrations: folder, tables: [] }));
      const table = entity && tableOf(entity);
      if (table) owner.tables.push(table);
    };
    // The host's migrations run even before any of its entities is registered (a command that only migrates).
    if (this.options.systemMigrations) add(this.options.systemMigrations.folder, this.options.systemMigrations, undefined);
    for (const entity of this.systemEntities) {
      const folder = this.systemFolders.get(entity);
      add(folder?.folder ?? "(system entities without migrations)", folder, entity);
    }
    const extensionEntities = [...owners.values()];
    for (const extension of extensions) {
      const pkg = extension.package;
      const folder = migrationFolderOf(pkg.name, pkg.dir);
      const entities = extensionEntities.filter((o) => o.extensionId === extension.definition.id);
      if (!entities.length && !folder) continue;
      if (!entities.length) add(folder?.folder ?? pkg.name, folder, undefined);
      for (const { entity } of entities) add(folder?.folder ?? pkg.name, folder, entity);
    }
    return [...byPackage.values()];
  }

  private migrationConnection(orm: MikroORM, ctx?: Knex.Transaction): MigrationConnection {
    return { dialect: this.dialect, driver: orm.em.getDriver() as unknown as AbstractSqlDriver, ...(ctx ? { ctx } : {}) };
  }

  /**
   * Applies pending migrations per package and records them; packages without migrations (in development)
   * get additive sync. Hosts starting together take turns, so each migration runs once; a failure leaves
   * the database as it was.
   */
  private async migrate(orm: MikroORM, owners: readonly TableOwner[]): Promise<void> {
    const run = async (on: MigrationConnection, beforeApplying: (plan: MigrationPlan) => void) => {
      let plan = await planMigrations(on, owners);
      if (plan.legacy) {
        // Made by schema sync before migrations existed: one last additive sync brings it to the schema the
        // initial migrations describe, which are then recorded as the baseline.
        await this.additiveSync(orm, [], on.ctx);
        plan = await planMigrations(on, owners);
      }
      beforeApplying(plan);
      await applyMigrations(on, orm.config, plan.pending);
      const migrated = owners.filter((o) => o.migrations).flatMap((o) => o.tables);
      if (owners.some((o) => !o.migrations && o.tables.length)) await this.additiveSync(orm, [...migrated, LEDGER_TABLE], on.ctx);
      this.appliedMigrations = plan.pending;
    };
    this.appliedSchemaSql = "";
    if (this.target.dialect === "sqlite") {
      // Everything runs inside one write transaction: processes starting together on one file take turns
      // (the second waits up to the busy timeout, then finds the migrations recorded) instead of failing on
      // "table already exists". Taking the write lock first also makes a file locked by another process fail
      // here, not on the first command. The SQLite pool holds a single connection, so every statement below
      // runs on the one that holds the lock.
      const { file } = this.target;
      const connection = orm.em.getConnection();
      let backedUp = false;
      await connection.execute("begin immediate");
      try {
        await run(this.migrationConnection(orm), (plan) => {
          // A copy first, for a migration the transaction cannot undo.
          if (file !== ":memory:" && plan.pending.some((m) => !m.baseline)) backedUp = Boolean(backUpSqlite(file));
        });
        await connection.execute("commit");
      } catch (error) {
        const rolledBack = await connection.execute("rollback").then(
          () => true,
          () => false,
        );
        if (!rolledBack && backedUp) {
          await orm.close(true).catch(() => undefined);
          restoreSqlite(file);
          this.logger.warn("database restored from the copy taken before migrations", { database: this.description });
        }
        throw error;
      }
      if (backedUp) removeSqliteBackup(file);
      return;
    }
    // PostgreSQL runs DDL in transactions: all of it commits together or not at all. Hosts starting together
    // take turns on the advisory lock: the second finds the migrations recorded and applies nothing.
    await orm.em.fork().transactional(async (em) => {
      const ctx = em.getTransactionContext<Knex.Transaction>();
      await em.getConnection().execute("select pg_advisory_xact_lock(?)", [SCHEMA_LOCK_KEY], "all", ctx);
      await run(this.migrationConnection(orm, ctx), () => undefined);
    });
  }

  /** Adds missing tables and columns (never drops) for every table except `skipTables`: packages in development. */
  private async additiveSync(orm: MikroORM, skipTables: readonly string[], ctx?: Knex.Transaction): Promise<void> {
    const options = orm.config.get("schemaGenerator");
    options.skipTables = [...skipTables];
    const generator = orm.getSchemaGenerator();
    const sql = (await generator.getUpdateSchemaSQL({ safe: true, dropTables: false, wrap: false })).trim();
    if (sql !== "") await generator.execute(sql, { wrap: false, ...(ctx ? { ctx } : {}) });
    this.appliedSchemaSql = [this.appliedSchemaSql, sql].filter(Boolean).join("\n");
  }

  private startupError(error: unknown): DatabaseStartupError {
    if (error instanceof DatabaseStartupError) return error;
    this.logger.debug("database start-up failed", { error: error instanceof Error ? error.message : String(error) });
    return explainStartupError(error, this.target);
  }
}

function entityName(entity: EntityDefinition): string {
  if (typeof entity === "function") return entity.name;
  const schema = entity as { meta?: { className?: string }; name?: string };
  return schema.meta?.className ?? schema.name ?? String(entity);
}
