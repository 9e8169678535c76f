import { webhookSignature } from "@agx-ext/auth/host";
import { CommandError, type Logger } from "@agx-ext/core";
import type { Database } from "@agx-ext/db";
import { DeliveryEntity, EventEntity, SubscriptionEntity, type DeliveryRow } from "./entities.js";
import { postJson } from "./post-json.js";
import { DELIVERY_WINDOW_MS } from "./record.js";
import { BlockedAddressError } from "./url-guard.js";

/** A delivery is leased to the host attempting it for this long; a host that died mid-attempt loses it after. */
const LEASE_MS = 2 * 60 * 1000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;
/** Deliveries attempted per run; the rest wait for the next one (a minute later at most). */
const BATCH = 50;

/** Wait before the next attempt after `attempts` failed ones: 30 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** What a receiver gets: the event, whose `id` stays the same on every retry (receivers de-duplicate by it). */
export interface DeliveryBody {
  id: string;
  trigger: string;
  userId: string;
  subscription: string;
  createdAt: string;
  data: unknown;
}

export interface FailedDelivery {
  id: string;
  subscription: string;
  url: string;
  trigger: string;
  userId: string;
  event: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  expiredAt: string;
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends owed events to subscribers' URLs: POST of the JSON body, signed like the connection notifications
 * (`X-Agx-Timestamp`, `X-Agx-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<body>" under AGX_WEBHOOK_SECRET>`).
 * A 2xx answer delivers; anything else is retried with backoff until 24 h after the event, then listed as failed
 * (and replayable). Each delivery is leased by one host at a time, so it is attempted once at a time across hosts;
 * it is marked delivered in the database right after the receiver's 2xx, so a restart never sends it again, except
 * when a host dies between the two (then the receiver sees the same event id twice).
 */
export class DeliveryWorker {
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly secret: () => string | undefined,
    private readonly logger: Logger,
    private readonly now: () => Date,
    /** True: deliver to loopback, private and link-local addresses too (AGX_WEBHOOK_ALLOW_PRIVATE). */
    private readonly allowPrivate: () => boolean = () => false,
  ) {}

  /** Attempts every delivery that is due; safe to call from any number of hosts at once. */
  async deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
    if (this.stopped) return report;
    const secret = this.secret();
    if (!secret) {
      const owed = await this.database.read((em) => em.count(DeliveryEntity, { status: "pending" }));
      if (owed) this.logger.warn("events are owed to subscribers but AGX_WEBHOOK_SECRET is not set: they wait until it is", { owed });
      return report;
    }
    const work = this.run(secret, report);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
    return report;
  }

  /** Stops taking deliveries and waits for the attempts in progress to finish (and be recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(secret: string, report: DeliveryReport): Promise<void> {
    for (const delivery of await this.claim()) {
      if (this.stopped) {
        await this.release(delivery.id);
        continue;
      }
      const outcome = await this.attempt(delivery, secret);
      report[outcome]++;
    }
  }

  /** Leases due deliveries to this host: a conditional update per row, so two hosts never hold the same one. */
  private async claim(): Promise<DeliveryRow[]> {
    const now = this.now();
    const due = await this.database.read((em) =>
      em.find(
        DeliveryEntity,
        { status: "pending", nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
        { orderBy: { nextAttemptAt: "asc", id: "asc" }, limit: BATCH, disableIdentityMap: true },
      ),
    );
    const mine: DeliveryRow[] = [];
    for (const row of due) {
      const taken = await this.database.transaction((em) =>
        em.nativeUpdate(
          DeliveryEntity,
          { id: row.id, status: "pending", $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
          { leaseUntil: new Date(now.getTime() + LEASE_MS) },
        ),
      );
      if (taken === 1) mine.push(row);
    }
    return mine;
  }

  private async release(id: string): Promise<void> {
    await this.database.transaction((em) => em.nativeUpdate(DeliveryEntity, { id }, { leaseUntil: null }));
  }

  private async attempt(delivery: DeliveryRow, secret: string): Promise<keyof DeliveryReport> {
    const [subscription, event] = await this.database.read((em) =>
      Promise.all([
        em.findOne(SubscriptionEntity, { id: delivery.subscriptionId }, { disableIdentityMap: true }),
        em.findOne(EventEntity, { id: delivery.eventId }, { disableIdentityMap: true }),
      ]),
    );
    if (!subscription?.url || !event) return this.settle(delivery, "failed", "the subscription was removed");
    const body = JSON.stringify({
      id: event.id,
      trigger: event.trigger,
      userId: event.userId,
      subscription: subscription.id,
      createdAt: new Date(event.createdAt).toISOString(),
      data: JSON.parse(event.data) as unknown,
    } satisfies DeliveryBody);
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    let problem: string | undefined;
    try {
      const status = await postJson(new URL(subscription.url), body, {
        headers: {
          "content-type": "application/json",
          "user-agent": "agx-events",
          "x-agx-event-id": event.id,
          "x-agx-delivery-id": delivery.id,
          "x-agx-timestamp": timestamp,
          "x-agx-signature": webhookSignature(secret, timestamp, body),
        },
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        guard: !this.allowPrivate(),
      });
      if (status < 200 || status > 299) problem = `HTTP ${status}`;
    } catch (error) {
      // The URL reaches an address the host refuses (it may have resolved differently when subscribed): no retries.
      if (error instanceof BlockedAddressError)
        return this.settle(delivery, "failed", `refused: ${error.message}; set AGX_WEBHOOK_ALLOW_PRIVATE=true to deliver to such addresses`);
      problem = (error as Error).name === "TimeoutError" ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : "could not connect";
    }
    if (!problem) return this.settle(delivery, "delivered");
    const next = new Date(this.now().getTime() + retryDelayMs(delivery.attempts + 1));
    if (next.getTime() > new Date(delivery.expiresAt).getTime()) {
      this.logger.warn("event delivery failed for good", { delivery: delivery.id, subscription: subscription.id, error: problem });
      return this.settle(delivery, "failed", problem);
    }
    return this.settle(delivery, "retrying", problem, next);
  }

  private async settle(delivery: DeliveryRow, outcome: keyof DeliveryReport, problem?: string, next?: Date): Promise<keyof DeliveryReport> {
    const now = this.now();
    await this.database.transaction((em) =>
      em.nativeUpdate(
        DeliveryEntity,
        { id: delivery.id },
        {
          status: outcome === "retrying" ? "pending" : outcome,
          attempts: delivery.attempts + 1,
          leaseUntil: null,
          lastError: problem ?? null,
          ...(next ? { nextAttemptAt: next } : {}),
          ...(outcome === "delivered" ? { deliveredAt: now } : {}),
        },
      ),
    );
    return outcome;
  }

  /** Deliveries that ran out of retries (one user's, or everyone's), newest first. */
  async failed(userId?: string, limit = 100): Promise<FailedDelivery[]> {
    return this.database.read(async (em) => {
      const subscriptions = await em.find(SubscriptionEntity, userId ? { userId, mcp: false } : { mcp: false }, { disableIdentityMap: true });
      const byId = new Map(subscriptions.map((s) => [s.id, s]));
      if (byId.size === 0) return [];
      const rows = await em.find(
        DeliveryEntity,
        { status: "failed", subscriptionId: { $in: [...byId.keys()] } },
        { orderBy: { createdAt: "desc", id: "asc" }, limit, disableIdentityMap: true },
      );
      return rows.map((row) => {
        const subscription = byId.get(row.subscriptionId)!;
        return {
          id: row.id,
          subscription: row.subscriptionId,
          url: subscription.url ?? "",
          trigger: subscription.trigger,
          userId: subscription.userId,
          event: row.eventId,
          attempts: row.attempts,
          lastError: row.lastError ?? null,
          createdAt: new Date(row.createdAt).toISOString(),
          expiredAt: new Date(row.expiresAt).toISOString(),
        };
      });
    });
  }

  /** Puts a failed delivery back in line, with another 24 h of retries; only its owner (or anyone, without userId) may. */
  async replay(id: string, userId?: string): Promise<void> {
    const now = this.now();
    await this.database.transaction(async (em) => {
      const row = await em.findOne(DeliveryEntity, { id }, { disableIdentityMap: true });
      const subscription = row && (await em.findOne(SubscriptionEntity, { id: row.subscriptionId }, { disableIdentityMap: true }));
      if (!row || !subscription || (userId !== undefined && subscription.userId !== userId))
        throw new CommandError("NOT_FOUND", `No delivery "${id.slice(0, 60)}"${userId ? ` of user "${userId}"` : ""}; agx events failed lists them.`);
      if (row.status !== "failed")
        throw new CommandError(
          "CONFLICT",
          `Delivery "${id}" is ${row.status === "pending" ? "still being retried" : "already delivered"}; only failed deliveries are replayed.`,
        );
      await em.nativeUpdate(
        DeliveryEntity,
        { id, status: "failed" },
        { status: "pending", attempts: 0, nextAttemptAt: now, expiresAt: new Date(now.getTime() + DELIVERY_WINDOW_MS), leaseUntil: null },
      );
    });
  }
}
