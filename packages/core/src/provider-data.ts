import type { z } from "zod";

export interface ValidItems<T> {
  items: T[];
  /** Items the provider sent that did not match the schema and were left out. */
  skipped: number;
}

/**
 * The items of a provider's answer that match the schema, parsed, and how many did not. A provider can send
 * anything: one malformed item must cost that item (counted, so the result can say so), never the command.
 * A value that is not an array at all counts as no items.
 */
export function keepValid<S extends z.ZodType>(items: unknown, schema: S): ValidItems<z.output<S>> {
  if (!Array.isArray(items)) return { items: [], skipped: items === undefined || items === null ? 0 : 1 };
  const valid: z.output<S>[] = [];
  let skipped = 0;
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) valid.push(parsed.data);
    else skipped++;
  }
  return { items: valid, skipped };
}
