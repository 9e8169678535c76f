import type { EntityClass, EntityData, EntityManager } from "@mikro-orm/core";
import { USER_ID, type UserOwned } from "./entities.js";
import { scopedUser } from "./scope.js";

export interface UpsertSpec<T extends UserOwned> {
  /** The unique key inside the user's rows, e.g. `{ exerciseName }`. A unique constraint on (userId, ...key) must exist. */
  where: EntityData<T>;
  /** Written on insert and on conflict. */
  set: EntityData<T>;
  /** Written only when the row is new (defaults, creation times, values an update must not clear). */
  insertOnly?: EntityData<T>;
}

export interface UpsertResult<T> {
  entity: T;
  /** True when no row existed when the call looked (two racing calls may both say true; there is still one row). */
  created: boolean;
}

/**
 * Insert-or-update of one of the caller's rows with INSERT ... ON CONFLICT DO UPDATE, so concurrent calls
 * for the same key end with one row and no constraint error. The user id comes from the scoped
 * EntityManager, never from the data.
 */
export async function upsertOwned<T extends UserOwned>(em: EntityManager, entity: EntityClass<T>, spec: UpsertSpec<T>): Promise<UpsertResult<T>> {
  const userId = scopedUser(em);
  if (userId === undefined) throw new Error("upsertOwned needs the user-scoped EntityManager of a command call.");
  const key = spec.where as Record<string, unknown>;
  const existing = await em.count(entity, key as never);
  const data = { ...(spec.insertOnly ?? {}), ...spec.set, ...key, [USER_ID]: userId } as EntityData<T>;
  await em.upsert(entity, data, {
    onConflictFields: [USER_ID, ...Object.keys(key)] as never,
    onConflictAction: "merge",
    onConflictMergeFields: Object.keys(spec.set).filter((field) => !(field in key)) as never,
  });
  // Re-read: columns kept on conflict (insertOnly) hold the stored value, not the one just offered.
  const row = await em.findOneOrFail(entity, key as never, { refresh: true });
  return { entity: row, created: existing === 0 };
}
