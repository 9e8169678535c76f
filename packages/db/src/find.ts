import type { EntityClass, EntityData, EntityManager, EntityMetadata } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/knex";
import { USER_ID, type UserOwned } from "./entities.js";
import { scopedUser } from "./scope.js";
import { column, databaseValues, defined } from "./columns.js";
import { runStatement } from "./statements.js";
import { hydrateUntracked } from "./untracked.js";

export interface FindOwnedOptions {
  /** As em.find's option: the entities are not managed (cheaper to make; a change to one is never written). */
  disableIdentityMap?: boolean;
}

/**
 * The caller's rows of `entity` whose properties equal `where` (undefined values are left out, null matches
 * NULL), as managed entities: what `em.find(entity, where)` answers, through one bound statement that is
 * built once per shape and prepared once per connection, for commands on a hot path. The user id comes from
 * the scoped EntityManager (the same condition as the user filter), never from `where`. Rows come in no
 * particular order. Anything but equality (operators, relations, ordering) is em.find's job.
 */
export async function findOwned<T extends UserOwned>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: EntityData<T> = {},
  options: FindOwnedOptions = {},
): Promise<T[]> {
  const userId = scopedUser(em);
  if (userId === undefined) throw new Error("findOwned needs the user-scoped EntityManager of a command call.");
  const meta = em.getMetadata().get<T>(entity.name);
  const conditions = defined(where as Record<string, unknown>);
  for (const [property, value] of Object.entries(conditions))
    if (property === USER_ID || (value !== null && typeof value === "object" && !(value instanceof Date)))
      throw new Error(`findOwned: "${property}" must be a plain value to compare with (the user comes from the call); use em.find for anything else.`);
  // Like em.find: changes the call has not flushed yet to this entity's rows are written before the read.
  if (em.getUnitOfWork(false).shouldAutoFlush(meta)) await em.flush();
  const matched: Record<string, unknown> = { [USER_ID]: userId, ...conditions };
  const compared = Object.fromEntries(Object.entries(matched).filter(([, value]) => value !== null));
  const sql = selectSql(em, meta, Object.keys(matched), (property) => matched[property] === null);
  const rows = await runStatement(em, sql, databaseValues(em, meta, compared));
  if (options.disableIdentityMap) return rows.map((row) => hydrateUntracked(em, meta, row));
  // An entity the call has already loaded is the same object, refreshed with the row (its own changes were flushed above).
  return rows.map((row) => (em as unknown as SqlEntityManager).map(entity, row as never));
}

/** The statement for one shape of query (which properties, which of them null), built once: names only, never values. */
const statements = new WeakMap<EntityMetadata, Map<string, string>>();

function selectSql(em: EntityManager, meta: EntityMetadata, properties: string[], isNull: (property: string) => boolean): string {
  const shape = properties.map((p) => (isNull(p) ? `${p}:null` : p)).join(",");
  let byShape = statements.get(meta);
  if (!byShape) statements.set(meta, (byShape = new Map()));
  const cached = byShape.get(shape);
  if (cached) return cached;
  const platform = em.getPlatform();
  const conditions = properties.map((p) => `${platform.quoteIdentifier(column(meta, p, "findOwned"))} ${isNull(p) ? "is null" : "= ?"}`);
  const sql = `select * from ${platform.quoteIdentifier(meta.tableName)} where ${conditions.join(" and ")}`;
  byShape.set(shape, sql);
  return sql;
}
