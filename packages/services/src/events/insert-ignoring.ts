import type { EntityManager, EntitySchema } from "@mikro-orm/core";

/** The query-builder calls used here (both MikroORM SQL drivers have them). */
interface InsertBuilder {
  createQueryBuilder(entity: unknown): {
    insert(rows: unknown): { onConflict(fields: string[]): { ignore(): { execute(mode: "run", map: false): Promise<unknown> } } };
  };
}

/**
 * INSERT ... ON CONFLICT DO NOTHING: rows another host wrote first are left alone, in one statement and without
 * an error (which on PostgreSQL would abort the surrounding transaction).
 */
export async function insertIgnoring<T extends object>(em: EntityManager, entity: EntitySchema<T>, rows: T[], conflictOn: (keyof T & string)[]): Promise<void> {
  if (rows.length === 0) return;
  await (em as unknown as InsertBuilder).createQueryBuilder(entity).insert(rows).onConflict(conflictOn).ignore().execute("run", false);
}
