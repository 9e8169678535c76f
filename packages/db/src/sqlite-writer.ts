import { Worker } from "node:worker_threads";
import type { Mutex } from "./mutex.js";
import { sqliteValues, type BoundValue } from "./statements.js";

/** Runs single statements that belong to no command call on a connection of its own (see Database.offThreadWriter). */
export interface OffThreadWriter {
  /** Runs one statement with bound `?` parameters; resolves once it is committed, rejects with SQLite's message. */
  run(sql: string, params: readonly BoundValue[]): Promise<void>;
}

export interface SqliteWriterOptions {
  file: string;
  /**
   * The host connection's turn (one transaction at a time): each statement waits for it, so it never waits on a
   * transaction of this process inside SQLite, where a long call would make it give up after the busy timeout.
   */
  turn: Mutex;
  /** True while the caller runs inside that turn (a call or transaction of this host): waiting for it would never end. */
  insideTurn: () => boolean;
  /** better-sqlite3's entry file (sqliteClientFile()). */
  clientFile: string;
  busyTimeoutMs: number;
}

interface Reply {
  id: number;
  error?: string;
}

/** The thread could not open its connection, and ends. */
interface Fatal {
  fatal: string;
}

/**
 * The worker's code, run from its source text (`eval`): it has no file of its own to find once the package is
 * bundled, tested from source or installed. It uses nothing from this module's scope, only what `load` (the eval'd
 * script's own `require`, passed in by name so that a bundler's rewriting of `require` cannot reach it) gives it.
 * Each statement commits by itself, and the checkpoints its commits set off run in the worker too.
 */
function writerThread(load: NodeJS.Require): void {
  const { parentPort, workerData } = load("node:worker_threads") as typeof import("node:worker_threads");
  const options = workerData as Omit<SqliteWriterOptions, "turn" | "insideTurn">;
  type Statement = { run(params: unknown[]): unknown };
  type Connection = { pragma(sql: string): unknown; prepare(sql: string): Statement; close(): void };
  let connection: Connection;
  try {
    const SqliteDatabase = load(options.clientFile) as new (file: string, options: { timeout: number; fileMustExist: boolean }) => Connection;
    connection = new SqliteDatabase(options.file, { timeout: options.busyTimeoutMs, fileMustExist: true });
    connection.pragma("synchronous = NORMAL");
  } catch (error) {
    // Said in a message of its own: an error thrown out of an eval'd worker reaches the host without its text.
    parentPort!.postMessage({ fatal: (error as Error).message });
    parentPort!.close();
    return;
  }
  const statements = new Map<string, Statement>();
  parentPort!.on("message", (message: { id: number; sql: string; params: unknown[] } | "close") => {
    if (message === "close") {
      connection.close();
      parentPort!.close();
      return;
    }
    try {
      let statement = statements.get(message.sql);
      if (!statement) statements.set(message.sql, (statement = connection.prepare(message.sql)));
      statement.run(message.params);
      parentPort!.postMessage({ id: message.id });
    } catch (error) {
      parentPort!.postMessage({ id: message.id, error: (error as Error).message });
    }
  });
}

/**
 * A worker thread with its own connection to an SQLite file. better-sqlite3 runs each statement on the thread that
 * calls it, and a write's commit, with the WAL checkpoint it sets off every thousand pages or so (about 10 ms), then
 * stalls every request that thread serves.
 */
export class SqliteWriterThread implements OffThreadWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { done(): void; fail(error: Error): void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private readonly turn: Mutex;
  private readonly insideTurn: () => boolean;

  constructor({ turn, insideTurn, ...connection }: SqliteWriterOptions) {
    this.turn = turn;
    this.insideTurn = insideTurn;
    this.worker = new Worker(`(${writerThread.toString()})(require)`, { eval: true, workerData: connection });
    // Idle, it must not keep the process alive; a statement in flight does (see run).
    this.worker.unref();
    this.worker.on("message", (reply: Reply | Fatal) =>
      "fatal" in reply ? this.failAll(new Error(`the SQLite writer thread failed: ${reply.fatal}`)) : this.settle(reply),
    );
    this.worker.on("error", (error) => this.failAll(new Error(`the SQLite writer thread failed: ${error.message}`)));
    this.worker.on("exit", () => this.failAll(new Error("the SQLite writer thread has stopped")));
  }

  run(sql: string, params: readonly BoundValue[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error("the SQLite writer thread is closed"));
    if (this.insideTurn())
      return Promise.reject(
        new Error("offThreadWriter().run was called inside a call or transaction of this host, whose end it would wait for: run it after that work"),
      );
    const values = sqliteValues(params);
    return this.turn.run(() => this.send(sql, values));
  }

  private send(sql: string, params: unknown[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<void>((done, fail) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { done, fail });
      this.worker.postMessage({ id, sql, params });
    });
  }

  /** Why the thread is gone, once it has failed or stopped; its statements since then have been refused. */
  get broken(): Error | undefined {
    return this.failure;
  }

  /** Lets the statements already sent finish, then closes the connection and ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Each statement holds the turn until its reply: the turn's next slot comes after every statement sent.
      await this.turn.run(() => Promise.resolve());
      if (this.failure) return;
      const exited = new Promise<void>((done) => this.worker.once("exit", () => done()));
      this.worker.postMessage("close");
      await exited;
    })();
    return this.closing;
  }

  private settle(reply: Reply): void {
    const call = this.waiting.get(reply.id);
    if (!call) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.error === undefined) call.done();
    else call.fail(new Error(reply.error));
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const call of this.waiting.values()) call.fail(this.failure);
    this.waiting.clear();
  }
}
