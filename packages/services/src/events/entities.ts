import { mikroOrm } from "@agx-ext/db";
import { DEFAULT_PARAMS_KEY } from "./params.js";

/**
 * The events tables: system tables of the host (not per extension), shared by every host on the database.
 * Each uniqueness rule is a constraint, so concurrent hosts cannot duplicate a subscription's delivery.
 */

/** A user's standing request to receive a trigger's events at a URL or through MCP. */
export interface SubscriptionRow {
  id: string;
  userId: string;
  /** Qualified trigger name: "<extension id>/<trigger name>". */
  trigger: string;
  /** Set for URL delivery; null for MCP. */
  url?: string | null;
  mcp: boolean;
  /** JSON object of `data` fields and the values they must equal; null: every event. */
  filter?: string | null;
  /** Stable JSON of the params the trigger's input schema parsed from the subscription's input; null: no input schema. */
  input?: string | null;
  /** Hash of the params (see params.ts): the poll serving this subscription, and the events it receives. */
  paramsKey: string;
  createdAt: Date;
}

export const SubscriptionEntity = new mikroOrm.EntitySchema<SubscriptionRow>({
  name: "AgxSubscription",
  tableName: "agx_subscriptions",
  indexes: [{ properties: ["trigger", "userId"] }],
  properties: {
    id: { type: "string", length: 40, primary: true },
    userId: { type: "string", length: 128, fieldName: "user_id" },
    trigger: { type: "string", length: 300 },
    url: { type: "text", nullable: true },
    mcp: { type: "boolean" },
    filter: { type: "text", nullable: true },
    input: { type: "text", nullable: true },
    paramsKey: { type: "string", length: 64, fieldName: "params_key", default: DEFAULT_PARAMS_KEY },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});

/** Where a poll trigger stands for one user and params: its cursor, when it runs next, and which host holds it now. */
export interface PollStateRow {
  userId: string;
  trigger: string;
  /** The params' key: subscriptions with equal params share this row. */
  paramsKey: string;
  /** Stable JSON of the params the poll is given. */
  params: string;
  /** JSON of the last cursor the trigger returned; null before the first poll. */
  cursor?: string | null;
  nextPollAt: Date;
  /** While a host polls, the row is leased to it until this time (a crashed host's lease runs out). */
  leaseUntil?: Date | null;
  lastPolledAt?: Date | null;
  /** The last failure's code and message (never a secret: errors are scrubbed). */
  lastError?: string | null;
  /** Failures in a row; the next poll waits longer after each. */
  failures: number;
  /** When a webhook last asked for this poll (WebhookResult.wake); cleared by the poll that answers it. */
  wokenAt?: Date | null;
}

export const PollStateEntity = new mikroOrm.EntitySchema<PollStateRow>({
  name: "AgxTriggerPoll",
  tableName: "agx_trigger_polls",
  properties: {
    userId: { type: "string", length: 128, primary: true, fieldName: "user_id" },
    trigger: { type: "string", length: 300, primary: true },
    paramsKey: { type: "string", length: 64, primary: true, fieldName: "params_key", default: DEFAULT_PARAMS_KEY },
    params: { type: "text", default: "{}" },
    cursor: { type: "text", nullable: true },
    nextPollAt: { type: "datetime", fieldName: "next_poll_at", index: true },
    leaseUntil: { type: "datetime", nullable: true, fieldName: "lease_until" },
    lastPolledAt: { type: "datetime", nullable: true, fieldName: "last_polled_at" },
    lastError: { type: "text", nullable: true, fieldName: "last_error" },
    failures: { type: "integer", default: 0 },
    wokenAt: { type: "datetime", nullable: true, fieldName: "woken_at" },
  },
});

/** One event. The id is derived from (trigger, user, params, the trigger's event id), so a repeat maps to the same row. */
export interface EventRow {
  id: string;
  trigger: string;
  userId: string;
  /** The params' key of the poll that found it (the default key for webhooks and when left out): only subscriptions with it receive it. */
  paramsKey?: string;
  /** The id the trigger gave the event. */
  sourceId: string;
  /** JSON of the event's data (checked against the trigger's output schema). */
  data: string;
  createdAt: Date;
}

export const EventEntity = new mikroOrm.EntitySchema<EventRow>({
  name: "AgxEvent",
  tableName: "agx_events",
  indexes: [{ properties: ["userId", "trigger", "createdAt"] }, { properties: ["createdAt"] }],
  properties: {
    id: { type: "string", length: 40, primary: true },
    trigger: { type: "string", length: 300 },
    userId: { type: "string", length: 128, fieldName: "user_id" },
    paramsKey: { type: "string", length: 64, fieldName: "params_key", default: DEFAULT_PARAMS_KEY },
    sourceId: { type: "string", length: 200, fieldName: "source_id" },
    data: { type: "text" },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});

type DeliveryStatus = "pending" | "delivered" | "failed";

/** One event owed to one URL subscription: unique per (subscription, event), retried until delivered or expired. */
export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** Retries stop (status failed) once this passes: 24 h after the event, or after a replay. */
  expiresAt: Date;
  leaseUntil?: Date | null;
  /** The last attempt's outcome, e.g. "HTTP 500" or "timeout". */
  lastError?: string | null;
  createdAt: Date;
  deliveredAt?: Date | null;
}

export const DeliveryEntity = new mikroOrm.EntitySchema<DeliveryRow>({
  name: "AgxEventDelivery",
  tableName: "agx_event_deliveries",
  uniques: [{ properties: ["subscriptionId", "eventId"] }],
  indexes: [{ properties: ["status", "nextAttemptAt"] }],
  properties: {
    id: { type: "string", length: 40, primary: true },
    subscriptionId: { type: "string", length: 40, fieldName: "subscription_id" },
    eventId: { type: "string", length: 40, fieldName: "event_id" },
    status: { type: "string", length: 16 },
    attempts: { type: "integer", default: 0 },
    nextAttemptAt: { type: "datetime", fieldName: "next_attempt_at" },
    expiresAt: { type: "datetime", fieldName: "expires_at" },
    leaseUntil: { type: "datetime", nullable: true, fieldName: "lease_until" },
    lastError: { type: "text", nullable: true, fieldName: "last_error" },
    createdAt: { type: "datetime", fieldName: "created_at" },
    deliveredAt: { type: "datetime", nullable: true, fieldName: "delivered_at" },
  },
});

/** A user's account id at a provider, as a poll reported it: webhook events naming the account reach this user. */
export interface TriggerAccountRow {
  extensionId: string;
  account: string;
  userId: string;
}

export const TriggerAccountEntity = new mikroOrm.EntitySchema<TriggerAccountRow>({
  name: "AgxTriggerAccount",
  tableName: "agx_trigger_accounts",
  properties: {
    extensionId: { type: "string", length: 64, primary: true, fieldName: "extension_id" },
    account: { type: "string", length: 200, primary: true },
    userId: { type: "string", length: 128, fieldName: "user_id" },
  },
});

export const EVENT_ENTITIES = [SubscriptionEntity, PollStateEntity, EventEntity, DeliveryEntity, TriggerAccountEntity];
