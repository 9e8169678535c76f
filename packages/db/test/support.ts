import { readExtension, type ExtensionClass } from "@agx-ext/core";
import { Runtime, type LoadedExtension } from "@agx-ext/core/host";
import type { Database } from "../src/index.js";

export { DATABASES, createTestDatabase, testPostgresUrl, type TestDatabase, type TestDialect } from "@agx-ext/test-servers/database";

export function loaded(target: ExtensionClass): LoadedExtension {
  const definition = readExtension(target);
  if (!definition) throw new Error(`${target.name} is not an extension`);
  return { definition, package: { name: `@test/${definition.id}`, version: "0.0.0", dir: "/", agx: { extension: "index.js" } } };
}

export function runtimeWith(database: Database, extensions: ExtensionClass[]): Runtime {
  return new Runtime({ extensions: extensions.map(loaded), modules: [database.module], timeZone: "UTC" });
}

/** Rows of a table, read by SQL outside any user scope. */
export async function tableRows(database: Database, table: string): Promise<Record<string, unknown>[]> {
  return database.orm.em.fork().getConnection().execute(`select * from ${table} order by id`);
}

export async function tableNames(database: Database): Promise<string[]> {
  const sql =
    database.dialect === "sqlite"
      ? "select name from sqlite_master where type = 'table' order by name"
      : "select table_name as name from information_schema.tables where table_schema = 'public' order by table_name";
  const rows = await database.orm.em.fork().getConnection().execute<{ name: string }[]>(sql);
  return rows.map((r: { name: string }) => r.name);
}
