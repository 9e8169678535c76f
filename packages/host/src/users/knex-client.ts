import type { Database } from "@agx-ext/db";

/**
 * The ORM's knex client: its `driver` is the database driver module the ORM loaded (pg or better-sqlite3)
 * and `connectionSettings` what the ORM connected with. Both MikroORM SQL drivers have `getKnex()`.
 */
export function knexClientOf(database: Database): unknown {
  const connection = database.orm.em.getConnection() as unknown as { getKnex(): { client: unknown } };
  return connection.getKnex().client;
}
