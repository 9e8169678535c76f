import { createHash, randomBytes } from "node:crypto";

/**
 * An event's id, derived from what identifies it (trigger, user, the trigger's own id): the same happening,
 * polled twice or posted twice by a provider, gets the same id, which the events table's primary key refuses twice.
 */
export function eventId(trigger: string, userId: string, sourceId: string): string {
  return `evt_${createHash("sha256").update(`${trigger}\0${userId}\0${sourceId}`).digest("hex").slice(0, 32)}`;
}

/** A new random id with a prefix that says what it names: sub_..., dlv_... */
export function newId(prefix: "sub" | "dlv"): string {
  return `${prefix}_${randomBytes(12).toString("base64url")}`;
}
