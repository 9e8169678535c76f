import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";

/**
 * A console route's JSON body as an object with only the given fields: INVALID_INPUT naming what was wrong
 * (not an object, unknown fields). An empty body is an empty object.
 */
export function bodyObject(body: unknown, fields: readonly string[]): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body))
    throw new CommandError("INVALID_INPUT", `The body must be a JSON object with the fields ${fields.join(", ")}.`, { details: { fields: [] } });
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !fields.includes(key));
  if (unknown.length)
    throw new CommandError(
      "INVALID_INPUT",
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${clip(k, 40)}"`).join(", ")}; accepted: ${fields.join(", ")}.`,
      {
        details: { fields: unknown.slice(0, 5).map((k) => clip(k, 40)) },
      },
    );
  return input;
}

/** A string field of 1 to `max` characters; undefined when absent and not required. */
export function textField(input: Record<string, unknown>, field: string, max: number, required: true): string;
export function textField(input: Record<string, unknown>, field: string, max: number, required?: false): string | undefined;
export function textField(input: Record<string, unknown>, field: string, max: number, required = false): string | undefined {
  const value = input[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "" || value.length > max)
    throw new CommandError("INVALID_INPUT", `${field} must be a string of 1 to ${max} characters.`, { details: { fields: [field] } });
  return value;
}

/** A boolean field; undefined when absent and not required. */
export function booleanField(input: Record<string, unknown>, field: string, required = false): boolean | undefined {
  const value = input[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "boolean") throw new CommandError("INVALID_INPUT", `${field} must be true or false.`, { details: { fields: [field] } });
  return value;
}
