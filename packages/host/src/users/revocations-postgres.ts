import { randomUUID } from "node:crypto";
import type { Logger } from "@agx-ext/core";
import type { Database } from "@agx-ext/db";
import type { EntityManager } from "@mikro-orm/core";
import type { KeyCache } from "./key-cache.js";
import { knexClientOf } from "./knex-client.js";
import type { Announcement, KeyRevocations } from "./revocations.js";

/** Every host listens here; a revoke sends a fresh token as the payload. */
const KEY_CHANNEL = "agx_api_keys";
/** Each listening host echoes the token here once its cache is clear. */
const ACK_CHANNEL = "agx_api_keys_ack";
/** How listening connections name themselves, so a revoke can count them in pg_stat_activity. */
export const LISTENER_NAME = "agx-api-key-listener";

/** After a lost listening connection, wait this long before trying again (requests ask the database meanwhile). */
const RETRY_MS = 1000;
/** How long a revoke waits for the listening hosts to confirm; one that does not is logged, not waited for. */
const ACK_TIMEOUT_MS = 2000;

/** What this file uses of `pg` (reached through the ORM's own driver, so the host needs no dependency of its own). */
interface PgClient {
  connect(): Promise<unknown>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: "error" | "end", listener: (error?: unknown) => void): unknown;
}
type PgClientConstructor = new (settings: Record<string, unknown>) => PgClient;

/**
 * PostgreSQL: one extra connection per serving host LISTENs on a channel, and a revoke NOTIFYs it in
 * its own transaction; PostgreSQL delivers that at commit to every listening host, which clears its cache
 * and answers on a second channel. The revoke returns only once every listening host has answered (or
 * after ACK_TIMEOUT_MS, logged), so the next request anywhere is checked against the database.
 *
 * The cache is trusted only while the connection is listening: before it is up and after it drops, every
 * request asks the database, so a notice lost with a connection cannot leave a revoked key working.
 */
export class PostgresKeyNotices implements KeyRevocations {
  private client: PgClient | undefined;
  private listening = false;
  private running = false;
  private retryAt = 0;

  constructor(
    private readonly database: Database,
    private readonly cache: KeyCache,
    private readonly logger: Logger,
  ) {}

  /** The connection is opened on the first request, so `agx users` commands never open it. */
  async start(): Promise<void> {
    this.running = true;
    await Promise.resolve();
  }

  current(): boolean {
    if (!this.listening && this.running && !this.client && Date.now() >= this.retryAt) this.listen();
    return this.listening;
  }

  async announce(em: EntityManager): Promise<Announcement> {
    const token = randomUUID();
    // Listening for answers before the NOTIFY can commit, so no answer is missed.
    const acks = new AckWaiter(this.newClient("agx-api-key-revoke"), token, this.logger);
    await acks.open();
    try {
      await em.getConnection().execute("select pg_notify(?, ?)", [KEY_CHANNEL, token], "all", em.getTransactionContext());
    } catch (error) {
      await acks.settle(false);
      throw error;
    }
    return acks;
  }

  async stop(): Promise<void> {
    this.running = false;
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private newClient(applicationName: string): PgClient {
    const knexClient = knexClientOf(this.database) as { driver: { Client: PgClientConstructor }; connectionSettings: Record<string, unknown> };
    // Keep-alive finds a peer that vanished without closing the socket; the cache's age limit covers the rest.
    return new knexClient.driver.Client({
      ...knexClient.connectionSettings,
      application_name: applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
  }

  private listen(): void {
    const client = this.newClient(LISTENER_NAME);
    this.client = client;
    client.on("notification", (message) => {
      this.cache.clear();
      if (message.channel === KEY_CHANNEL && message.payload)
        client.query("select pg_notify($1, $2)", [ACK_CHANNEL, message.payload]).catch((error: unknown) => this.lost(client, error));
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    client
      .connect()
      .then(() => client.query(`LISTEN ${KEY_CHANNEL}`))
      .then(
        () => {
          if (this.client !== client) return;
          this.cache.clear();
          this.listening = true;
        },
        (error: unknown) => this.lost(client, error),
      );
  }

  private lost(client: PgClient, error?: unknown): void {
    if (this.client !== client) return;
    this.drop();
    this.retryAt = Date.now() + RETRY_MS;
    void client.end().catch(() => undefined);
    if (this.running)
      this.logger.warn("API key notices stopped; every request checks its key in the database until they resume", {
        error: error instanceof Error ? error.message : "connection ended",
      });
  }

  private drop(): void {
    this.client = undefined;
    this.listening = false;
    this.cache.clear();
  }
}

/** The revoking side: counts the listening hosts, then waits for each to echo this revoke's token. */
class AckWaiter implements Announcement {
  private expected = 0;
  private received = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: PgClient,
    private readonly token: string,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    this.client.on("notification", (message) => {
      if (message.channel !== ACK_CHANNEL || message.payload !== this.token) return;
      this.received++;
      if (this.received >= this.expected) this.wake?.();
    });
    this.client.on("error", () => this.wake?.()); // nothing more will arrive: settle logs the shortfall
    try {
      await this.client.connect();
      await this.client.query(`LISTEN ${ACK_CHANNEL}`);
      const { rows } = await this.client.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1", [
        LISTENER_NAME,
      ]);
      this.expected = Number(rows[0]?.n ?? 0);
    } catch (error) {
      await this.client.end().catch(() => undefined);
      throw error;
    }
  }

  /** After the transaction: waits for the answers when it committed, then closes the connection. */
  async settle(committed: boolean): Promise<void> {
    try {
      if (!committed || this.received >= this.expected) return;
      const answered = await new Promise<boolean>((done) => {
        const timer = setTimeout(() => done(false), ACK_TIMEOUT_MS);
        this.wake = () => (clearTimeout(timer), done(this.received >= this.expected));
      });
      if (!answered)
        this.logger.warn("a revoked API key may still be cached by a host that did not confirm (it forgets keys within a minute)", {
          expected: this.expected,
          confirmed: this.received,
        });
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }
}
