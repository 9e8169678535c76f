import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { cleanupEvents, retentionDays } from "@agx-ext/services/internals";
import { DeliveryEntity, EventEntity } from "@agx-ext/services/internals";
import { postJson } from "@agx-ext/services/internals";
import { blockedAddress, deliveryHostProblem } from "@agx-ext/services/internals";
import { call, removeDir, startTestServer } from "./helpers.js";
import { eventsHostDir, SIGNALS_SECRET, signedPush, startReceiver, until, WEBHOOK_SECRET } from "./events-support.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("the delivery URL guard", () => {
  it("refuses loopback, private, link-local and reserved addresses, IPv4 inside IPv6 included, and passes public ones", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "[::ffff:a9fe:a9fe]",
    ])
      expect(blockedAddress(address), address).toMatch(/loopback, private/);
    for (const address of ["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8"]) expect(blockedAddress(address), address).toBeUndefined();
  });

  it("checks names at subscribe time (this machine's names and what a name resolves to) and each delivery after DNS resolution", async () => {
    expect(await deliveryHostProblem("localhost")).toContain("this machine");
    expect(await deliveryHostProblem("api.localhost")).toContain("this machine");
    expect(await deliveryHostProblem("[::1]")).toMatch(/loopback/);
    expect(await deliveryHostProblem("8.8.8.8")).toBeUndefined();
    expect(await deliveryHostProblem("no-such-host.invalid")).toBeUndefined(); // checked again when delivering

    const receiver = await startReceiver();
    cleanups.push(() => receiver.provider.close());
    const port = new URL(receiver.url).port;
    const options = { headers: { "content-type": "application/json" }, timeoutMs: 5_000 };
    // A literal address and a name that resolves to loopback: refused before a byte is sent.
    await expect(postJson(new URL(receiver.url), "{}", { ...options, guard: true })).rejects.toMatchObject({ name: "BlockedAddressError" });
    await expect(postJson(new URL(`http://localhost:${port}/receive`), "{}", { ...options, guard: true })).rejects.toMatchObject({
      name: "BlockedAddressError",
    });
    expect(receiver.provider.requests).toHaveLength(0);
    expect(await postJson(new URL(`http://localhost:${port}/receive`), "{}", { ...options, guard: false })).toBe(200);
  });
});

/** A fresh database and host directory, removed after the test. */
async function databaseAndHostDir(dialect: (typeof DATABASES)[number]) {
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  const dir = await eventsHostDir();
  cleanups.push(() => removeDir(dir));
  return { db, dir };
}

describe.each(DATABASES)("guard and cleanup on a host on %s", (dialect) => {
  it(
    "refuses a private URL at subscribe time unless AGX_WEBHOOK_ALLOW_PRIVATE, and fails a delivery a guarded host would send there",
    { timeout: 120_000 },
    async () => {
      const { db, dir } = await databaseAndHostDir(dialect);
      const receiver = await startReceiver();
      cleanups.push(() => receiver.provider.close());
      const env = { AGX_DATABASE_URL: db.url, AGX_WEBHOOK_SECRET: WEBHOOK_SECRET, SIGNALS_SECRET, SIGNALS_VERIFY_TOKEN: "verify-me", AGX_LOG_LEVEL: "silent" };
      const guarded = await startTestServer({ dir, env });
      cleanups.push(() => guarded.close());
      const key = await guarded.users.add("alice");
      const refused = await call(`${guarded.url}/v1/subscriptions`, { key, body: { trigger: "signals/Signal Pushed", deliver: { url: receiver.url } } });
      expect([refused.status, refused.body.error.message]).toEqual([400, expect.stringContaining("AGX_WEBHOOK_ALLOW_PRIVATE")]);

      // A host that allows private addresses takes the subscription; the guarded host, sharing the database, will not deliver to it.
      const open = await startTestServer({ dir, env: { ...env, AGX_WEBHOOK_ALLOW_PRIVATE: "true" } });
      cleanups.push(() => open.close());
      await open.host.services.events.subscriptions.add("alice", { trigger: "signals/Signal Pushed", deliver: { url: receiver.url } });
      const signed = signedPush({ signals: [{ id: "g1", user: "alice", level: "alarm", text: "smoke" }] });
      expect((await call(`${guarded.url}/hooks/signals/Signal%20Pushed`, { rawBody: signed.rawBody, headers: signed.headers })).body).toMatchObject({
        accepted: 1,
      });
      // The recording host delivers at once; it refuses the address after resolving it, and gives up without retrying.
      const events = guarded.host.services.events;
      await until(async () => (await events.deliveries.failed("alice")).length === 1, "the refused delivery");
      expect(await events.deliveries.failed("alice")).toEqual([expect.objectContaining({ lastError: expect.stringContaining("refused: 127.0.0.1") })]);
      expect(receiver.received()).toEqual([]);
    },
  );

  it(
    "the cleanup job deletes events and finished deliveries older than the retention, keeping what a pending delivery needs",
    { timeout: 120_000 },
    async () => {
      const { db, dir } = await databaseAndHostDir(dialect);
      const server = await startTestServer({ dir, env: { AGX_DATABASE_URL: db.url, AGX_LOG_LEVEL: "silent" } });
      cleanups.push(() => server.close());
      const database = server.host.services.database;
      const now = new Date("2026-12-01T00:00:00Z");
      const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
      const event = (id: string, createdAt: Date) => ({ id, trigger: "signals/Signal Pushed", userId: "alice", sourceId: id, data: "{}", createdAt });
      const delivery = (id: string, eventId: string, status: "pending" | "delivered" | "failed", createdAt: Date, subscriptionId = "sub_x") => ({
        id,
        subscriptionId,
        eventId,
        status,
        attempts: 1,
        nextAttemptAt: createdAt,
        expiresAt: createdAt,
        leaseUntil: null,
        lastError: null,
        createdAt,
        deliveredAt: null,
      });
      await database.transaction(async (em) => {
        await em.insertMany(EventEntity, [event("ev_old", day(40)), event("ev_old_replayed", day(40)), event("ev_new", day(2))]);
        await em.insertMany(DeliveryEntity, [
          delivery("dl_old_done", "ev_old", "delivered", day(40)),
          delivery("dl_old_failed", "ev_old", "failed", day(35), "sub_y"),
          delivery("dl_replayed", "ev_old_replayed", "pending", day(40)),
          delivery("dl_new", "ev_new", "delivered", day(2)),
        ]);
      });
      expect(await cleanupEvents(database, now, 30)).toEqual({ events: 1, deliveries: 2 });
      const left = await database.read(async (em) => ({
        events: (await em.find(EventEntity, {}, { orderBy: { id: "asc" }, disableIdentityMap: true })).map((e) => e.id),
        deliveries: (await em.find(DeliveryEntity, {}, { orderBy: { id: "asc" }, disableIdentityMap: true })).map((d) => d.id),
      }));
      expect(left).toEqual({ events: ["ev_new", "ev_old_replayed"], deliveries: ["dl_new", "dl_replayed"] });
      expect(await cleanupEvents(database, now, 30)).toEqual({ events: 0, deliveries: 0 });

      const settings = (value?: string) => ({ get: (key: string) => (key === "AGX_EVENTS_RETENTION_DAYS" ? value : undefined) });
      expect(retentionDays(settings())).toBe(30);
      expect(retentionDays(settings(" 7 "))).toBe(7);
      for (const bad of ["0", "1.5", "ten", "99999"]) expect(() => retentionDays(settings(bad))).toThrow(/AGX_EVENTS_RETENTION_DAYS must be a whole number/);
      expect(server.host.services.jobs.engine.schedules().map((j) => j.name)).toContain("events-cleanup");
    },
  );
});
