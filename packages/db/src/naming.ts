import type { EntityMetadata } from "@mikro-orm/core";
import { mikroOrm } from "./mikro-orm.js";

/** `workout-tracker` -> `workout_tracker`: the prefix of every table an extension owns. */
export function tablePrefix(extensionId: string): string {
  return extensionId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * Gives each extension entity a table named `<extension>_<table>`, whether the author named the table or
 * let MikroORM derive it from the class, so two extensions cannot collide and nobody writes prefixes by hand.
 */
export function prefixTableName(meta: EntityMetadata, owners: ReadonlyMap<string, string>, naming = new mikroOrm.UnderscoreNamingStrategy()): void {
  const extensionId = owners.get(meta.className);
  if (!extensionId || meta.abstract) return;
  const prefix = `${tablePrefix(extensionId)}_`;
  const base = meta.tableName || meta.collection || naming.classToTableName(meta.className);
  const table = base.startsWith(prefix) ? base : `${prefix}${base}`;
  meta.tableName = table;
  meta.collection = table;
}
