import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "@agx-ext/core";
import { runStatement, type BoundValue, type Database } from "@agx-ext/db";
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

/** What the call log needs of the host database. */
type CallLogDatabase = Pick<Database, "transaction" | "read" | "offThreadWriter">;

/** The columns a call is written to, as CallLogEntity names them. */
const INSERT_COLUMNS = "insert into agx_call_log (user_id, command, started_at, duration_ms, outcome) values ";

/** The insert of each batch size, built once: at most batchSize texts. */
const insertSqlByRows = new Map<number, string>();

/**
 * One bound, prepared insert per batch size (usually the full batch): written through the ORM, each batch was
 * a new SQL text with its values inlined, built and compiled again while the event loop waited.
 */
function insertSql(rows: number): string {
  let sql = insertSqlByRows.get(rows);
  if (!sql) insertSqlByRows.set(rows, (sql = INSERT_COLUMNS + Array.from({ length: rows }, () => "(?, ?, ?, ?, ?)").join(", ")));
  return sql;
}
/** The batch's values in column order, in one array (not an array per row, flattened). */
function batchValues(batch: readonly CallLogRow[]): BoundValue[] {
  const values: BoundValue[] = [];
  for (const row of batch) values.push(row.userId, row.command, row.startedAt, row.durationMs, row.outcome);
  return values;
}

/**
 * The call log: `record` only appends to memory, so the call being answered never waits on the database; batches
 * are written a moment later, and on stop. On an SQLite file, full batches are written by the database's writer
 * thread, so under load neither the insert nor the checkpoints its commits set off stall the requests being
 * served. A write that fails is logged and its calls are lost: the log is a convenience, never a reason for a call
 * to fail.
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
    private readonly database: CallLogDatabase,
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
    // A full batch is written at once; the rest within flushMs. Only full batches go early: a write that took
    // whatever had come in meanwhile went out with a dozen rows under load, each write with its own fixed cost.
    if (this.pending.length === this.batchSize) void this.queueWrite(false);
    this.timer ??= setTimeout(() => this.outside(() => void this.flush()), this.flushMs).unref();
  }

  /** Writes every call recorded so far; resolves once they are written (or given up on). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.queueWrite(true);
  }

  /** One write at a time, in order; `all`: the last batch too, however small. */
  private queueWrite(all: boolean): Promise<void> {
    this.writing = this.writing.then(() => this.outside(() => this.writePending(all)));
    return this.writing;
  }

  private async writePending(all: boolean): Promise<void> {
    while (this.pending.length >= this.batchSize || (all && this.pending.length > 0)) {
      const batch = this.pending.splice(0, this.batchSize);
      try {
        await this.write(insertSql(batch.length), batchValues(batch), batch.length === this.batchSize);
      } catch (error) {
        this.logger.warn("call log entries were not written", { count: batch.length, error: (error as Error).message });
      }
    }
    if (this.dropped) {
      this.logger.warn("call log entries were dropped: the database did not keep up", { count: this.dropped });
      this.dropped = 0;
    }
  }

  /**
   * One statement, committed by itself: it never joins the transaction of a call in progress. A full batch, which
   * comes under load, goes to the database's writer thread (on an SQLite file); a smaller one, written at the flush
   * time or on stop, on the host's own connection: starting a thread to write the one call of `agx run` took longer
   * than the write.
   */
  private async write(sql: string, values: BoundValue[], full: boolean): Promise<void> {
    const writer = full ? this.database.offThreadWriter() : undefined;
    if (writer) await writer.run(sql, values);
    else await this.database.transaction((em) => runStatement(em, sql, values));
  }

  /** A user's most recent calls, newest first. */
  async recent(userId: string, limit: number): Promise<CallRecord[]> {
    const rows = await this.database.read((em) =>
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
    return this.database.transaction((em) => em.nativeDelete(CallLogEntity, { startedAt: { $lt: cutoff } }));
  }
}
