import { AsyncLocalStorage } from "node:async_hooks";
import { type EntityManager } from "@mikro-orm/core";
import type { Logger } from "@agx-ext/core";
import { runStatement, type BoundValue } from "@agx-ext/db";
import { CallLogEntity, type CallLogRow, type CallRecord } from "@agx-ext/services";

/** Calls are kept this long; the cleanup job deletes older ones. */
const CALL_LOG_RETENTION_DAYS = 30;
/** Most calls the Activity page asks for at once. */
export const MAX_ACTIVITY_LIMIT = 500;

export interface CallLogOptions {
  /** AGX_CALL_LOG=off: nothing is recorded. */
  enabled: boolean;
  /** How long a recorded call may wait before it is written with others (default 1 s). */
  flushMs?: number;
  /** Calls written per statement; a full batch is written at once (default 200). */
  batchSize?: number;
  /** Calls held while the database is slow or away; beyond this, new ones are dropped and counted (default 10 000). */
  maxPending?: number;
  now?: () => Date;
}

type Run = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

/** The columns a call is written to, as CallLogEntity names them. */
const INSERT_COLUMNS = "insert into agx_call_log (user_id, command, started_at, duration_ms, outcome) values ";

/**
 * One bound, prepared insert per batch size (usually the full batch): written through the ORM, each batch was
 * a new SQL text with its values inlined, built and compiled again while the event loop waited.
 */
function insertSql(rows: number): string {
  return INSERT_COLUMNS + Array.from({ length: rows }, () => "(?, ?, ?, ?, ?)").join(", ");
}

function rowValues(row: CallLogRow): BoundValue[] {
  return [row.userId, row.command, row.startedAt, row.durationMs, row.outcome];
}

/**
 * The call log: `record` only appends to memory, so the call being answered never waits on the database; batches
 * are written a moment later, and on stop. A write that fails is logged and its calls are lost: the log is a
 * convenience, never a reason for a call to fail.
 */
export class CallLog {
  readonly enabled: boolean;
  private pending: CallLogRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dropped = 0;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;
  private readonly now: () => Date;
  /**
   * Writes run in the context the log was made in, never in the context of the call that recorded them: a call
   * inside a database transaction (SQLite joins the call's) must not have its log write join that transaction.
   */
  private readonly outside = AsyncLocalStorage.snapshot();

  constructor(
    private readonly transaction: Run,
    private readonly read: Run,
    private readonly logger: Logger,
    options: CallLogOptions,
  ) {
    this.enabled = options.enabled;
    this.flushMs = options.flushMs ?? 1000;
    this.batchSize = options.batchSize ?? 200;
    this.maxPending = options.maxPending ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  record(call: CallRecord): void {
    if (!this.enabled) return;
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return;
    }
    this.pending.push({ ...call, command: call.command.slice(0, 300), durationMs: Math.max(0, Math.round(call.durationMs)) });
    if (this.pending.length >= this.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => this.outside(() => void this.flush()), this.flushMs).unref();
  }

  /** Writes every call recorded so far; resolves once they are written (or given up on). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.outside(() => this.writePending()));
    return this.writing;
  }

  private async writePending(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.batchSize);
      try {
        await this.transaction((em) => runStatement(em, insertSql(batch.length), batch.flatMap(rowValues)));
      } catch (error) {
        this.logger.warn("call log entries were not written", { count: batch.length, error: (error as Error).message });
      }
    }
    if (this.dropped) {
      this.logger.warn("call log entries were dropped: the database did not keep up", { count: this.dropped });
      this.dropped = 0;
    }
  }

  /** A user's most recent calls, newest first. */
  async recent(userId: string, limit: number): Promise<CallRecord[]> {
    const rows = await this.read((em) =>
      em.find(CallLogEntity, { userId }, { orderBy: { startedAt: "desc", id: "desc" }, limit: Math.min(limit, MAX_ACTIVITY_LIMIT), disableIdentityMap: true }),
    );
    return rows.map(({ userId: user, command, startedAt, durationMs, outcome }) => ({
      userId: user,
      command,
      startedAt: new Date(startedAt),
      durationMs,
      outcome,
    }));
  }

  /** Deletes calls older than the retention period; returns how many. */
  async purgeOld(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - CALL_LOG_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    return this.transaction((em) => em.nativeDelete(CallLogEntity, { startedAt: { $lt: cutoff } }));
  }
}
