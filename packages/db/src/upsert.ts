import type { EntityClass, EntityData, EntityManager, EntityMetadata } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/knex";
import { mikroOrmKnex } from "./mikro-orm.js";
import { USER_ID, type UserOwned } from "./entities.js";
import { scopedUser } from "./scope.js";
import { beforeWrite, watchUntracked, writeAlone } from "./call-transaction.js";
import { runStatement } from "./statements.js";
import { column, databaseValues, defined } from "./columns.js";
import { hydrateUntracked } from "./untracked.js";

export interface UpsertSpec<T extends UserOwned> {
  /** The unique key inside the user's rows, e.g. `{ exerciseName }`. A unique constraint on (userId, ...key) must exist. */
  where: EntityData<T>;
  /** Written on insert and on conflict. */
  set: EntityData<T>;
  /** Written only when the row is new (defaults, creation times, values an update must not clear). */
  insertOnly?: EntityData<T>;
  /**
   * This upsert is the command call's only write: it commits by itself, without BEGIN and COMMIT around it (on
   * PostgreSQL those are two of the call's three round trips), and stays even if the call fails after it. Any
   * other write in the same call, before or after it, fails the call, and so does a change to the returned entity
   * (the EntityManager does not track it). Leave it out when a command may write more.
   */
  onlyWrite?: boolean;
}

export interface UpsertResult<T> {
  entity: T;
  /** True when this call created the row. */
  created: boolean;
}

/** Column of the RETURNING clause that says whether the row is new; no entity property can be named so. */
const CREATED = "agx_upsert_created";

/**
 * Insert-or-update of one of the caller's rows in one statement with bound parameters:
 * `INSERT ... ON CONFLICT (user, key) DO UPDATE SET ... RETURNING *`, atomic by itself, so concurrent calls
 * for one key end with one row and no constraint error, and no transaction is needed around it. The user id
 * comes from the scoped EntityManager, never from the data. Undefined values are left out (not written).
 * It joins the call's transaction (opening it), unless `onlyWrite` says it is the call's one write.
 * The entity needs one autoincrement primary key: that is how SQLite tells a new row from an updated one.
 */
export async function upsertOwned<T extends UserOwned>(em: EntityManager, entity: EntityClass<T>, spec: UpsertSpec<T>): Promise<UpsertResult<T>> {
  const userId = scopedUser(em);
  if (userId === undefined) throw new Error("upsertOwned needs the user-scoped EntityManager of a command call.");
  const meta = em.getMetadata().get<T>(entity.name);
  const key = defined({ ...(spec.where as Record<string, unknown>), [USER_ID]: userId });
  const set = defined(spec.set as Record<string, unknown>);
  const insert = { ...defined((spec.insertOnly ?? {}) as Record<string, unknown>), ...set, ...key };
  const sqlite = em.getPlatform() instanceof mikroOrmKnex.BaseSqlitePlatform;
  const sql = upsertSql(em, meta, Object.keys(insert), Object.keys(key), Object.keys(set), sqlite);
  const values = databaseValues(em, meta, insert);
  const params = sqlite ? [...values, meta.tableName] : values;
  let rows: Record<string, unknown>[];
  if (spec.onlyWrite) rows = await writeAlone(em, () => runStatement(em, sql, params));
  else {
    // A write: the call's transaction opens now if the call has not written yet.
    await beforeWrite(em);
    rows = await runStatement(em, sql, params);
  }
  const [row] = rows;
  if (!row) throw new Error(`upsertOwned: the ${entity.name} upsert returned no row.`);
  const { [CREATED]: created, ...columns } = row;
  if (!spec.onlyWrite) return { entity: (em as unknown as SqlEntityManager).map(entity, columns as never), created: Boolean(created) };
  // After an only write the call cannot write the entity back: tracking it would be work for nothing, and a
  // change to it fails the call when it returns, as a flush of it would.
  const untracked = hydrateUntracked(em, meta, columns);
  watchUntracked(em, untracked);
  return { entity: untracked, created: Boolean(created) };
}

/** The statement for one shape of call (which properties are written), built once: names only, never values. */
const statements = new WeakMap<EntityMetadata, Map<string, string>>();

function upsertSql(em: EntityManager, meta: EntityMetadata, inserted: string[], conflict: string[], updated: string[], sqlite: boolean): string {
  const shape = `${inserted.join(",")}|${conflict.join(",")}|${updated.join(",")}`;
  let byShape = statements.get(meta);
  if (!byShape) statements.set(meta, (byShape = new Map()));
  const cached = byShape.get(shape);
  if (cached) return cached;
  const platform = em.getPlatform();
  const quote = (property: string) => platform.quoteIdentifier(column(meta, property, "upsertOwned"));
  const [primaryKeyName, ...more] = meta.primaryKeys;
  const primaryKey = primaryKeyName !== undefined && more.length === 0 ? meta.properties[primaryKeyName] : undefined;
  if (!primaryKey?.autoincrement) throw new Error(`upsertOwned: ${meta.className} needs one autoincrement primary key.`);
  // On conflict every `set` column takes the new value; with nothing to set the key rewrites itself so the row is still returned.
  const assignments = (updated.length ? updated : [USER_ID]).map((p) => `${quote(p)} = excluded.${quote(p)}`);
  // PostgreSQL: a row version no transaction has deleted yet is new. SQLite: a new row's id is above the table's
  // AUTOINCREMENT counter as it stood before the statement (the counter is written back when the statement ends).
  const created = sqlite ? `${quote(primaryKey.name)} > coalesce((select seq from sqlite_sequence where name = ?), 0)` : "(xmax = 0)";
  const sql =
    `insert into ${platform.quoteIdentifier(meta.tableName)} (${inserted.map(quote).join(", ")}) values (${inserted.map(() => "?").join(", ")}) ` +
    `on conflict (${conflict.map(quote).join(", ")}) do update set ${assignments.join(", ")} returning *, ${created} as ${CREATED}`;
  byShape.set(shape, sql);
  return sql;
}
