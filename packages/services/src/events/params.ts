import { createHash } from "node:crypto";
import { CommandError, type z } from "@agx-ext/core";
import { describeIssues, issueFields } from "@agx-ext/core/host";

/**
 * A poll trigger's params, as the host keeps them: the subscription's `input` parsed by the trigger's input schema,
 * written as stable JSON (keys sorted at every level) and hashed into a key. The host polls once per (user, trigger,
 * key), so subscriptions whose params are equal share a poll, its cursor and its events.
 */
export interface TriggerParams {
  /** Stable JSON of the parsed params; "{}" for a trigger without an input schema. */
  json: string;
  key: string;
}

/** JSON with object keys sorted at every level: equal values give equal text whatever order their keys were sent in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The key of params given as stable JSON. */
export function paramsKeyOf(json: string): string {
  return createHash("sha256").update(json).digest("hex").slice(0, 32);
}

/** The key of no params (`{}`): every subscription of a trigger without an input schema, and every row made before params. */
export const DEFAULT_PARAMS_KEY = paramsKeyOf("{}");

/** Longest params JSON a subscription may carry (it is stored on the subscription and the poll's row). */
const MAX_PARAMS_BYTES = 8 * 1024;

/**
 * The params a subscription's `input` gives: parsed by the trigger's input schema (INVALID_INPUT naming each bad
 * field as `input.<field>`), or `{}` for a trigger without one, which refuses any other input.
 */
export function parseParams(trigger: string, schema: z.ZodType | undefined, input: unknown): TriggerParams {
  const refuse = (message: string, fields: string[]) => new CommandError("INVALID_INPUT", message, { details: { fields } });
  if (!schema) {
    const empty = input === undefined || input === null || (typeof input === "object" && !Array.isArray(input) && Object.keys(input).length === 0);
    if (!empty) throw refuse(`Trigger "${trigger}" takes no input: leave input out.`, ["input"]);
    return { json: "{}", key: DEFAULT_PARAMS_KEY };
  }
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success)
    throw refuse(
      `Invalid input for trigger "${trigger}": ${describeIssues(parsed.error)
        .replace(/(^|; )/g, "$1input.")
        .replace(/input\.\(input\)/g, "input")}`,
      issueFields(parsed.error).map((f) => (f === "(input)" ? "input" : `input.${f}`)),
    );
  const json = stableJson(parsed.data ?? {});
  if (Buffer.byteLength(json) > MAX_PARAMS_BYTES) throw refuse(`input is over ${MAX_PARAMS_BYTES} bytes once parsed.`, ["input"]);
  return { json, key: paramsKeyOf(json) };
}
