import { CommandError, keepValid, z } from "@agx-ext/core";
import { PRODUCTS, type Product } from "./products.js";

/**
 * Zod pieces for reading Google's answers defensively: a field of the wrong type reads as absent instead of
 * failing the whole answer, and a list keeps only its well-formed entries.
 */
export const text = () => z.string().optional().catch(undefined);
/** A boolean Google may leave out or send malformed; reads as undefined rather than failing the answer. */
export const flag = () => z.boolean().optional().catch(undefined);
/** Google sends int64 values as strings and others as numbers; either reads as a finite number. */
export const count = () =>
  z
    .union([z.number(), z.string()])
    .optional()
    .catch(undefined)
    .transform((value) => (value === undefined || value === "" ? undefined : Number.isFinite(Number(value)) ? Number(value) : undefined));

/** A list of which only the entries matching `item` are kept; anything else reads as absent. */
export function lenientList<S extends z.ZodType>(item: S) {
  return z
    .unknown()
    .transform((value) => (Array.isArray(value) ? keepValid(value, item).items : undefined))
    .optional();
}

/** Parses a single resource Google returned; one that does not fit is the provider's fault, not the command's. */
export function parseResource<S extends z.ZodType>(schema: S, value: unknown, product: Product, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new CommandError("PROVIDER_ERROR", `${PRODUCTS[product].label} sent a malformed ${what}.`, { details: { product } });
}
