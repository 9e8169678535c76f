import { createHash, randomBytes } from "node:crypto";
import { DEFAULT_PARAMS_KEY } from "./params.js";

/**
 * An event's id, derived from what identifies it (trigger, user, params, the trigger's own id): the same happening,
 * polled twice or posted twice by a provider, gets the same id, which the events table's primary key refuses twice.
 * Polls with different params that find the same happening record it once each, so each one's subscriptions get
 * it. Without params (the default key) the id is what it was before params existed, so no event comes back as new.
 */
export function eventId(trigger: string, userId: string, sourceId: string, paramsKey: string = DEFAULT_PARAMS_KEY): string {
  const identity = paramsKey === DEFAULT_PARAMS_KEY ? `${trigger}\0${userId}\0${sourceId}` : `${trigger}\0${userId}\0${paramsKey}\0${sourceId}`;
  return `evt_${createHash("sha256").update(identity).digest("hex").slice(0, 32)}`;
}

/** A new random id with a prefix that says what it names: sub_..., dlv_... */
export function newId(prefix: "sub" | "dlv"): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}
