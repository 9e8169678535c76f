import { WEBHOOK_SECRET_SETTING } from "@agx-ext/auth/host";
import type { Logger } from "@agx-ext/core";
import type { Runtime, SettingsSource } from "@agx-ext/core/host";
import type { Database } from "@agx-ext/db";
import type { JobEngine } from "../jobs/engine.js";
import { cleanupEvents, retentionDays } from "./cleanup.js";
import { DeliveryWorker } from "./deliveries.js";
import { EVENT_ENTITIES, type EventRow } from "./entities.js";
import { EventFeed } from "./feed.js";
import { PollRunner } from "./polls.js";
import { SubscriptionStore } from "./subscriptions.js";
import { ALLOW_PRIVATE_SETTING } from "./url-guard.js";
import { WebhookReceiver } from "./webhooks.js";
import { WEBHOOK_SETUP_CRON, WEBHOOK_SETUP_JOB, WebhookSetup } from "./webhook-setup.js";

/** The jobs the events engine runs every minute, on one host at a time (pg-boss) or in-process (SQLite). */
export const POLL_JOB = "trigger-polls";
export const DELIVERY_JOB = "event-deliveries";
const CLEANUP_JOB = "events-cleanup";

export interface HostEventsOptions {
  database: Database;
  settings: SettingsSource;
  logger: Logger;
  jobs: JobEngine;
  now?: () => Date;
}

/**
 * Triggers, subscriptions and delivery, for one host. Polls and deliveries run as jobs of the host's job engine
 * (every minute); events a poll or a webhook records are also delivered at once by the host that recorded them.
 * Every step leases its row in the database first, so any number of hosts can share the work.
 */
export class HostEvents {
  readonly subscriptions: SubscriptionStore;
  readonly polls: PollRunner;
  readonly deliveries: DeliveryWorker;
  readonly webhooks: WebhookReceiver;
  readonly feed: EventFeed;
  /** Registers webhook triggers' callbacks with their providers (the webhook-setup job, `agx triggers setup`). */
  readonly webhookSetup: WebhookSetup;
  private boundRuntime: Runtime | undefined;
  private readonly kicks = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly options: HostEventsOptions) {
    const { database, settings, logger } = options;
    const now = options.now ?? (() => new Date());
    const runtime = () => {
      if (!this.boundRuntime) throw new Error("the events service has no runtime yet (bind it when the host is assembled)");
      return this.boundRuntime;
    };
    const secret = () => settings.get(WEBHOOK_SECRET_SETTING) || undefined;
    const allowPrivate = () => settings.get(ALLOW_PRIVATE_SETTING)?.trim().toLowerCase() === "true";
    this.feed = new EventFeed(database);
    const recorded = (events: EventRow[]) => {
      this.feed.recorded(events);
      this.kickDeliveries();
    };
    this.subscriptions = new SubscriptionStore(database, runtime, secret, now, allowPrivate);
    this.deliveries = new DeliveryWorker(database, secret, logger, now, allowPrivate);
    this.polls = new PollRunner(database, runtime, logger, now, recorded);
    this.webhooks = new WebhookReceiver(database, runtime, settings, logger, now, recorded, () => this.kickPolls());
    this.webhookSetup = new WebhookSetup(database, runtime, settings, logger, now);
    database.registerSystemEntities(EVENT_ENTITIES);
    options.jobs.register({
      name: POLL_JOB,
      description: "Polls each subscribed user's poll triggers when due and records new events.",
      cron: "*/1 * * * *",
      run: async () => ({ ...(await this.polls.pollDue()) }),
    });
    options.jobs.register({
      name: DELIVERY_JOB,
      description: "Delivers owed events to subscribers' URLs, retrying failures with backoff for 24 h.",
      cron: "*/1 * * * *",
      run: async () => ({ ...(await this.deliveries.deliverDue()) }),
    });
    options.jobs.register({
      name: CLEANUP_JOB,
      description: "Deletes events and finished deliveries older than AGX_EVENTS_RETENTION_DAYS (default 30).",
      cron: "23 3 * * *",
      run: async () => ({ ...(await cleanupEvents(database, now(), retentionDays(settings))) }),
    });
    options.jobs.register({
      name: WEBHOOK_SETUP_JOB,
      description: "Registers and renews webhook triggers' callbacks with their providers (triggers declaring setup; AGX_PUBLIC_URL must be https).",
      cron: WEBHOOK_SETUP_CRON,
      run: () => this.webhookSetup.runJob(),
    });
  }

  /** The runtime whose extensions' triggers run; the host binds it once it is assembled. */
  bind(runtime: Runtime): void {
    this.boundRuntime = runtime;
  }

  /** Starts delivering what was just recorded, without waiting for the next scheduled run. */
  kickDeliveries(): void {
    if (this.stopped) return;
    const kick = this.deliveries.deliverDue().catch((error: Error) => this.options.logger.warn("event delivery run failed", { error: error.message }));
    this.kicks.add(kick);
    void kick.finally(() => this.kicks.delete(kick));
  }

  /**
   * Runs the polls that are due now (a webhook woke some), without waiting for the next scheduled run. Each poll
   * is leased before it runs, so a poll another host or the scheduled run already took is not run twice.
   */
  kickPolls(): void {
    if (this.stopped) return;
    const kick = this.polls.pollDue().catch((error: Error) => this.options.logger.warn("trigger poll run failed", { error: error.message }));
    this.kicks.add(kick);
    void kick.finally(() => this.kicks.delete(kick));
  }

  /** Runs the webhook-setup job once, soon: `agx serve` calls it once it listens (providers verify callbacks at once). */
  setupWebhooksSoon(): void {
    if (!this.stopped) this.webhookSetup.soon(() => this.options.jobs.runNow(WEBHOOK_SETUP_JOB));
  }

  /** Stops polling and delivering; waits for the attempts in progress, so what they did is recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([this.polls.stop(), this.deliveries.stop(), this.webhookSetup.stop(), ...this.kicks]);
  }
}
