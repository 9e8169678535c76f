import type { EntityMetadata } from "@mikro-orm/core";

/**
 * Maps properties declared `type: "datetime"` (as MikroORM's guide writes them) to its `Date` type, which makes
 * the same column on both databases (`datetime` on SQLite, `timestamptz` on PostgreSQL). Why: on SQLite,
 * MikroORM 6.6 compares a loaded "datetime" property's Date with the epoch milliseconds it read, so every such
 * entity looked changed after loading, and a command that only read one sent BEGIN, an UPDATE of the same values
 * and COMMIT. With `Date` the comparison sees equal values.
 */
export function mapDatetimeToDate(meta: EntityMetadata): void {
  for (const property of Object.values(meta.properties))
    if (typeof property.type === "string" && property.type.toLowerCase() === "datetime") property.type = "Date";
}
