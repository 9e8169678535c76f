import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import type { Knex, SqlEntityManager } from "@mikro-orm/knex";

/** A parameter value the drivers bind as is (dates and booleans are converted per dialect first). */
export type BoundValue = string | number | bigint | boolean | Date | null;

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface SqliteStatement {
  readonly reader: boolean;
  all(params: unknown[]): Record<string, unknown>[];
  run(params: unknown[]): unknown;
}

/** The part of a `pg` client used here: a named query is parsed once per connection, then only bound. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Generated SQL has few shapes: the cap of both caches only guards against a leak. */
const CACHE_LIMIT = 500;
const sqliteStatements = new WeakMap<object, Map<string, SqliteStatement>>();

/** `?` placeholders rewritten to `$n` once per SQL text, with the statement name pg prepares it under. */
const pgStatements = new Map<string, { name: string; text: string }>();

/**
 * Runs one SQL statement with bound parameters (`?` placeholders, never values in the text) on the
 * connection of `em`, inside its transaction when it has one. MikroORM 6 inlines parameters into the SQL it
 * sends; this path does not, and reuses the prepared statement: cached per connection on better-sqlite3,
 * a named statement on `pg`. Driver errors become MikroORM's exceptions (UniqueConstraintViolationException...).
 */
export async function runStatement(em: EntityManager, sql: string, params: readonly BoundValue[]): Promise<Record<string, unknown>[]> {
  const sqlEm = em as unknown as SqlEntityManager;
  const trx = sqlEm.getTransactionContext<Knex.Transaction>();
  // Inside a transaction the transaction's client hands out the transaction's own connection.
  const client = (trx ?? sqlEm.getConnection().getKnex()).client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> };
  const connection = await client.acquireConnection();
  try {
    return isSqlite(connection) ? runSqlite(connection, sql, params) : await runPg(connection as PgClient, sql, params);
  } catch (error) {
    throw sqlEm.getDriver().convertException(error as Error);
  } finally {
    await client.releaseConnection(connection);
  }
}

function isSqlite(connection: unknown): connection is SqliteConnection {
  return typeof (connection as { prepare?: unknown }).prepare === "function";
}

/** better-sqlite3 binds neither dates nor booleans; MikroORM stores them as epoch milliseconds and 0/1. */
export function sqliteValues(params: readonly BoundValue[]): (string | number | bigint | null)[] {
  return params.map((v) => (v instanceof Date ? v.getTime() : typeof v === "boolean" ? Number(v) : v));
}

function runSqlite(connection: SqliteConnection, sql: string, params: readonly BoundValue[]): Record<string, unknown>[] {
  let cache = sqliteStatements.get(connection);
  if (!cache) sqliteStatements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    statement = connection.prepare(sql);
    cache.set(sql, statement);
  }
  const values = sqliteValues(params);
  if (statement.reader) return statement.all(values);
  statement.run(values);
  return [];
}

async function runPg(connection: PgClient, sql: string, params: readonly BoundValue[]): Promise<Record<string, unknown>[]> {
  let prepared = pgStatements.get(sql);
  if (!prepared) {
    let n = 0;
    // Generated SQL only: no string literal in it holds a `?`.
    prepared = { name: `agx_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    if (pgStatements.size >= CACHE_LIMIT) pgStatements.clear();
    pgStatements.set(sql, prepared);
  }
  const result = await connection.query({ ...prepared, values: [...params] });
  return result.rows;
}
