import type { EntityManager, EntityMetadata } from "@mikro-orm/core";
import type { BoundValue } from "./statements.js";

/** The column of an entity property, for statements built from property names (names only, never values). */
export function column(meta: EntityMetadata, property: string, caller: string): string {
  const prop = meta.properties[property as never] as { fieldNames?: string[] } | undefined;
  const name = prop?.fieldNames?.[0];
  if (name === undefined) throw new Error(`${caller}: ${meta.className} has no property "${property}".`);
  return name;
}

/** Values as MikroORM writes them (its custom types convert), in the order of `data`'s properties. */
export function databaseValues(em: EntityManager, meta: EntityMetadata, data: Record<string, unknown>): BoundValue[] {
  const platform = em.getPlatform();
  return Object.keys(data).map((property) => {
    const prop = meta.properties[property as never] as { customType?: { convertToDatabaseValue(v: unknown, p: unknown, c: unknown): unknown } };
    const value = data[property];
    return (
      prop.customType ? prop.customType.convertToDatabaseValue(value, platform, { fromQuery: true, key: property, mode: "query-data" }) : value
    ) as BoundValue;
  });
}

/** `data` without its undefined values (left out, not written or compared). */
export function defined(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}
