import type { Database } from "@agx-ext/db";
import { DeliveryEntity, EventEntity } from "./entities.js";

/** Host setting: days events and finished deliveries are kept (default 30). */
const RETENTION_SETTING = "AGX_EVENTS_RETENTION_DAYS";
const DEFAULT_RETENTION_DAYS = 30;
const MAX_RETENTION_DAYS = 3650;
/** Rows deleted per statement, so a first cleanup of a large table does not hold one huge transaction. */
const BATCH = 500;

/** The retention in days: the setting when it is a whole number from 1 to 3650, else an error naming it. */
export function retentionDays(settings: { get(key: string): string | undefined }): number {
  const raw = settings.get(RETENTION_SETTING)?.trim();
  if (!raw) return DEFAULT_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
    throw new Error(`${RETENTION_SETTING} must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got "${raw.slice(0, 40)}"`);
  return days;
}

export interface CleanupReport {
  events: number;
  deliveries: number;
}

/**
 * Deletes what is older than the retention: delivered and failed deliveries, then events no pending delivery still
 * needs (a replayed delivery of an old event keeps it). An event id deleted this way is no longer known, so a
 * provider re-sending it after the retention would record it again: keep the retention longer than any provider retries.
 */
export async function cleanupEvents(database: Database, now: Date, days: number): Promise<CleanupReport> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const report: CleanupReport = { events: 0, deliveries: 0 };
  for (;;) {
    const deleted = await database.transaction(async (em) => {
      const old = await em.find(
        DeliveryEntity,
        { status: { $in: ["delivered", "failed"] }, createdAt: { $lt: cutoff } },
        { fields: ["id"], limit: BATCH, disableIdentityMap: true },
      );
      return old.length ? em.nativeDelete(DeliveryEntity, { id: { $in: old.map((d) => d.id) } }) : 0;
    });
    report.deliveries += deleted;
    if (deleted < BATCH) break;
  }
  let after = "";
  for (;;) {
    const batch = await database.transaction(async (em) => {
      const old = await em.find(
        EventEntity,
        { createdAt: { $lt: cutoff }, id: { $gt: after } },
        { fields: ["id"], orderBy: { id: "asc" }, limit: BATCH, disableIdentityMap: true },
      );
      if (!old.length) return { seen: 0, last: after, deleted: 0 };
      const ids = old.map((e) => e.id);
      const needed = new Set(
        (await em.find(DeliveryEntity, { eventId: { $in: ids } }, { fields: ["eventId"], disableIdentityMap: true })).map((d) => d.eventId),
      );
      const free = ids.filter((id) => !needed.has(id));
      return { seen: ids.length, last: ids.at(-1)!, deleted: free.length ? await em.nativeDelete(EventEntity, { id: { $in: free } }) : 0 };
    });
    report.events += batch.deleted;
    after = batch.last;
    if (batch.seen < BATCH) break;
  }
  return report;
}
