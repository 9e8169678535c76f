import { AsyncLocalStorage } from "node:async_hooks";
import { join, resolve } from "node:path";
import { CommandError, ENTITY_MANAGER, silentLogger, type CallScope, type LoadedExtension, type Logger, type ServiceModule } from "@agx-ext/core";
import { MikroORM, UniqueConstraintViolationException, type EntityManager, type Options } from "@mikro-orm/core";
import { BetterSqliteDriver } from "@mikro-orm/better-sqlite";
import type { Knex } from "@mikro-orm/knex";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import "./injection-types.js";
import { isUserOwned, UserOwned } from "./entities.js";
import { Mutex } from "./mutex.js";
import { prefixTableName } from "./naming.js";
import { forkForUser, userFilter, UserWriteGuard } from "./scope.js";
import { prepareSqliteFiles, tightenSqliteFiles } from "./state-files.js";
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
}

/** Anything MikroORM accepts as an entity (a decorated class or an EntitySchema). */
export type EntityDefinition = NonNullable<Options["entities"]>[number];

/** The host's handle on its database; one per host. */
export interface Database {
  readonly dialect: Dialect;
  /** Where the data lives, without any password. */
  readonly description: string;
  /** The MikroORM instance; only after start. */
  readonly orm: MikroORM;
  /** Plug into the runtime: schema sync at start, a user-scoped transaction around each call. */
  readonly module: ServiceModule;
  /** SQL the last start applied to bring the schema up to date ("" when it already was). */
  readonly appliedSchemaSql: string;
  /** Tables the host itself owns (token vault, users...): not prefixed, not filtered by user. Call before start. */
  registerSystemEntities(entities: readonly EntityDefinition[]): void;
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
  start(extensions: readonly LoadedExtension[]): Promise<void>;
  stop(): Promise<void>;
}

/** Prepares the database handle; nothing is opened until start. A bad URL throws here. */
export function openDatabase(options: DatabaseOptions): Database {
  return new MikroDatabase(options, parseDatabaseUrl(options.url, options.hostDir));
}

/** Extension entities by class name, with the extension that declares each. */
type EntityOwners = Map<string, { extensionId: string; entity: EntityDefinition }>;

interface ActiveTransaction {
  owner: MikroDatabase;
  em: EntityManager;
}

/** Advisory lock key ("agx" in ASCII) serialising schema updates of hosts sharing a PostgreSQL database. */
const SCHEMA_LOCK_KEY = 0x616778;

/** The transaction the current async call chain is inside, so nested requests join it instead of deadlocking. */
const activeTransaction = new AsyncLocalStorage<ActiveTransaction>();

class MikroDatabase implements Database {
  readonly dialect: Dialect;
  readonly description: string;
  readonly module: ServiceModule;
  appliedSchemaSql = "";
  private instance: MikroORM | undefined;
  private starting: Promise<void> | undefined;
  private readonly systemEntities: EntityDefinition[] = [];
  /** Extensions that own tables: only their calls open a transaction. */
  private readonly withTables = new Set<string>();
  /** better-sqlite3 is one connection: one transaction at a time, in arrival order. */
  private readonly sqliteLock = new Mutex();
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

  registerSystemEntities(entities: readonly EntityDefinition[]): void {
    if (this.instance) throw new Error("System entities must be registered before the database starts.");
    for (const entity of entities) if (!this.systemEntities.includes(entity)) this.systemEntities.push(entity);
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
      await this.syncSchema(orm);
      // The write probe has made the -wal/-shm files by now.
      if (this.target.dialect === "sqlite" && this.target.file !== ":memory:") tightenSqliteFiles(this.target.file, this.logger);
    } catch (error) {
      await orm.close(true).catch(() => undefined);
      throw this.startupError(error);
    }
    this.instance = orm;
    this.logger.info("database ready", { database: this.description, schemaChanged: this.appliedSchemaSql !== "" });
  }

  async stop(): Promise<void> {
    const orm = this.instance;
    this.instance = undefined;
    await orm?.close(true);
  }

  async transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const active = activeTransaction.getStore();
    if (active?.owner === this) {
      const em = this.unscopedFork();
      em.setTransactionContext(active.em.getTransactionContext());
      const result = await fn(em);
      await em.flush();
      return result;
    }
    return this.transact(this.unscopedFork(), fn);
  }

  async read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    if (activeTransaction.getStore()?.owner === this) return this.transaction(fn);
    return fn(this.unscopedFork());
  }

  /** A fresh EntityManager of the host's own, not scoped to any user. */
  private unscopedFork(): EntityManager {
    return this.orm.em.fork({ clear: true, useContext: false });
  }

  private async around<T>(scope: CallScope, next: () => Promise<T>): Promise<T> {
    if (!this.withTables.has(scope.extension.definition.id)) return next();
    const em = forkForUser(this.orm.em, scope.context.userId);
    try {
      return await this.transact(em, async (tx) => {
        scope.container.register(ENTITY_MANAGER, { useValue: tx });
        return next();
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new CommandError("CONFLICT", "Another call wrote the same record at the same moment; run the command again.");
      throw error;
    }
  }

  private transact<T>(em: EntityManager, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const run = () => em.transactional((tx) => activeTransaction.run({ owner: this, em: tx }, () => fn(tx)));
    return this.dialect === "sqlite" ? this.sqliteLock.run(run) : run();
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
      discovery: { onMetadata: (meta) => prefixTableName(meta, extensionIds), warnWhenNoEntities: false },
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
      if (this.target.dialect === "sqlite") {
        const { file } = this.target;
        if (file !== ":memory:") prepareSqliteFiles(file, join(resolve(this.options.hostDir), STATE_FOLDER), this.logger);
        const busyMs = this.options.sqliteBusyTimeoutMs ?? 5000;
        orm = await MikroORM.init({
          ...common,
          driver: BetterSqliteDriver,
          dbName: file,
          pool: {
            afterCreate: (conn: { pragma(sql: string): unknown }, done: (err: unknown, conn: unknown) => void) => {
              try {
                conn.pragma(`busy_timeout = ${busyMs}`);
                conn.pragma("journal_mode = WAL");
                conn.pragma("synchronous = NORMAL");
                done(null, conn);
              } catch (error) {
                done(error, conn);
              }
            },
          },
        } as Options);
      } else {
        orm = await MikroORM.init({
          ...common,
          driver: PostgreSqlDriver,
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

  /** Brings tables up to date, adding only: no table or column is ever dropped. */
  private async syncSchema(orm: MikroORM): Promise<void> {
    const connection = orm.em.getConnection();
    const generator = orm.getSchemaGenerator();
    const diffAndApply = async (ctx?: Knex.Transaction) => {
      const sql = await generator.getUpdateSchemaSQL({ safe: true, dropTables: false, wrap: false });
      this.appliedSchemaSql = sql.trim();
      if (this.appliedSchemaSql !== "") await generator.execute(sql, { wrap: false, ...(ctx ? { ctx } : {}) });
    };
    if (this.dialect === "sqlite") {
      // The diff and its DDL run inside one write transaction: processes starting together on one file
      // take turns (the second waits up to the busy timeout, then sees the first's tables and applies
      // nothing) instead of failing on "table already exists". Taking the write lock first also makes a
      // file locked by another process fail here, not on the first command. The SQLite pool holds a single
      // connection, so every statement below runs on the one that holds the lock.
      await connection.execute("begin immediate");
      try {
        await diffAndApply();
        await connection.execute("commit");
      } catch (error) {
        await connection.execute("rollback").catch(() => undefined);
        throw error;
      }
      return;
    }
    // Hosts starting together on one PostgreSQL database take turns: the second sees the first's tables
    // and applies nothing, instead of failing on "relation already exists".
    await orm.em.fork().transactional(async (em) => {
      const ctx = em.getTransactionContext<Knex.Transaction>();
      await em.getConnection().execute("select pg_advisory_xact_lock(?)", [SCHEMA_LOCK_KEY], "all", ctx);
      await diffAndApply(ctx);
    });
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
