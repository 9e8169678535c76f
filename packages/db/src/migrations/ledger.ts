import type { Knex } from "@mikro-orm/knex";
import type { AbstractSqlDriver } from "@mikro-orm/knex";
import type { Dialect } from "../url.js";

/** The table that records which migration of which package a database holds. */
export const LEDGER_TABLE = "agx_migrations";

/** Where migration statements run: the driver, and on PostgreSQL the transaction holding the advisory lock. */
export interface MigrationConnection {
  dialect: Dialect;
  driver: AbstractSqlDriver;
  ctx?: Knex.Transaction;
}

export function query(on: MigrationConnection, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return on.driver.execute(sql, params, "all", on.ctx) as Promise<Array<Record<string, unknown>>>;
}

/** Names of the tables in the database (the current schema on PostgreSQL). */
export async function existingTables(on: MigrationConnection): Promise<Set<string>> {
  const rows =
    on.dialect === "sqlite"
      ? await query(on, "select name as table_name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      : await query(on, "select table_name from information_schema.tables where table_schema = current_schema()");
  return new Set(rows.map((row) => String(row.table_name)));
}

export async function createLedger(on: MigrationConnection): Promise<void> {
  await query(
    on,
    `create table if not exists ${LEDGER_TABLE} (package varchar(214) not null, name varchar(255) not null, applied_at varchar(40) not null, primary key (package, name))`,
  );
}

/** `package/name` of every recorded migration; empty when the ledger does not exist yet. */
export async function recordedMigrations(on: MigrationConnection, tables: ReadonlySet<string>): Promise<Set<string>> {
  if (!tables.has(LEDGER_TABLE)) return new Set();
  const rows = await query(on, `select package, name from ${LEDGER_TABLE}`);
  return new Set(rows.map((row) => ledgerKey(String(row.package), String(row.name))));
}

export async function recordMigration(on: MigrationConnection, packageName: string, name: string): Promise<void> {
  await query(on, `insert into ${LEDGER_TABLE} (package, name, applied_at) values (?, ?, ?)`, [packageName, name, new Date().toISOString()]);
}

export function ledgerKey(packageName: string, name: string): string {
  return `${packageName}/${name}`;
}
