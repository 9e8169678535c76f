import type { EntityData, EntityManager, EntityMetadata } from "@mikro-orm/core";

/**
 * A row as an entity the EntityManager does not track (no identity map entry, no snapshot, no change set at
 * the flush), with the same hydration as em.map: types converted (SQLite's 0/1 and epoch milliseconds too).
 * Cheaper where the entity is only read, as with em.find's `disableIdentityMap`.
 */
export function hydrateUntracked<T extends object>(em: EntityManager, meta: EntityMetadata<T>, row: Record<string, unknown>): T {
  const data = em.getDriver().mapResult(row as EntityData<T>, meta) as EntityData<T>;
  return em.getEntityFactory().create(meta.className, data, { merge: false, refresh: true, convertCustomTypes: true });
}
