import { EventEmitter } from "node:events";
import type { Database } from "@agx-ext/db";
import { EventEntity, type EventRow } from "./entities.js";
import { matchesFilter, type EventFilter } from "./filter.js";
import { DEFAULT_PARAMS_KEY } from "./params.js";

/** An event as tail, the MCP resource and the HTTP API show it. */
export interface EventView {
  id: string;
  trigger: string;
  userId: string;
  sourceId: string;
  createdAt: string;
  data: unknown;
}

/** Where a reader stands in the events table: after this (createdAt, id). */
export interface FeedPosition {
  createdAt: Date;
  id: string;
}

export function eventView(row: EventRow): EventView {
  return {
    id: row.id,
    trigger: row.trigger,
    userId: row.userId,
    sourceId: row.sourceId,
    createdAt: new Date(row.createdAt).toISOString(),
    data: JSON.parse(row.data) as unknown,
  };
}

/**
 * Reading recorded events: in order after a position (tail), the latest of a subscription (MCP resource), and a
 * signal when this process records some. Other processes' events are found by reading again (tail and the MCP
 * watch poll), since any host sharing the database may record them.
 */
export class EventFeed {
  private readonly local = new EventEmitter().setMaxListeners(0);

  constructor(private readonly database: Database) {}

  /** Called by the poll runner and the webhook receiver after their transaction committed. */
  recorded(events: readonly EventRow[]): void {
    if (events.length) this.local.emit("recorded", events);
  }

  /** Calls back when this process records events; returns the function that stops it. */
  onRecorded(listener: (events: readonly EventRow[]) => void): () => void {
    this.local.on("recorded", listener);
    return () => this.local.off("recorded", listener);
  }

  /** Events after a position (or all, oldest first), for one user or everyone. */
  async after(position: FeedPosition | undefined, options: { userId?: string; limit?: number } = {}): Promise<EventRow[]> {
    const where = {
      ...(options.userId !== undefined ? { userId: options.userId } : {}),
      ...(position ? { $or: [{ createdAt: { $gt: position.createdAt } }, { createdAt: position.createdAt, id: { $gt: position.id } }] } : {}),
    };
    return this.database.read((em) =>
      em.find(EventEntity, where, { orderBy: { createdAt: "asc", id: "asc" }, limit: options.limit ?? 100, disableIdentityMap: true }),
    );
  }

  /** The position of the newest event (so a tail starts from now). */
  async end(): Promise<FeedPosition | undefined> {
    const [row] = await this.database.read((em) =>
      em.find(EventEntity, {}, { orderBy: { createdAt: "desc", id: "desc" }, limit: 1, fields: ["id", "createdAt"], disableIdentityMap: true }),
    );
    return row ? { createdAt: new Date(row.createdAt), id: row.id } : undefined;
  }

  /** The newest events of a user's trigger (polled with these params) since a time that match a filter, newest first. */
  async latest(
    userId: string,
    trigger: string,
    since: Date,
    filter: EventFilter | undefined,
    limit = 20,
    paramsKey: string = DEFAULT_PARAMS_KEY,
  ): Promise<EventRow[]> {
    const rows = await this.database.read((em) =>
      em.find(
        EventEntity,
        { userId, trigger, paramsKey, createdAt: { $gte: since } },
        { orderBy: { createdAt: "desc", id: "desc" }, limit: filter ? limit * 5 : limit, disableIdentityMap: true },
      ),
    );
    return rows.filter((row) => matchesFilter(filter, JSON.parse(row.data))).slice(0, limit);
  }
}
