import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { silentLogger } from "@agx-ext/core/host";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { DeliveryEntity } from "@agx-ext/services/internals";
import { DeliveryWorker, retryDelayMs } from "@agx-ext/services";
import { recordEvents } from "@agx-ext/services/internals";
import { createHost, type Host } from "../src/host.js";
import { createMcpServer } from "../src/mcp/server.js";
import { removeDir } from "./helpers.js";
import { eventsHostDir, signedPush, SIGNALS_SECRET, startReceiver, until, WEBHOOK_SECRET } from "./events-support.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hosts(dialect: (typeof DATABASES)[number], count: number): Promise<Host[]> {
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  const dir = await eventsHostDir();
  cleanups.push(() => removeDir(dir));
  const env = { AGX_DATABASE_URL: db.url, AGX_WEBHOOK_SECRET: WEBHOOK_SECRET, AGX_WEBHOOK_ALLOW_PRIVATE: "true", SIGNALS_SECRET, AGX_LOG_LEVEL: "silent" };
  const started: Host[] = [];
  for (let i = 0; i < count; i++) {
    const host = await createHost({ dir, env });
    cleanups.push(() => host.close());
    await host.start();
    started.push(host);
  }
  return started;
}

const pushTo = (host: Host, id: string) => {
  const signed = signedPush({ signals: [{ id, user: "dana", level: "info", text: `text ${id}` }] });
  return host.services.events.webhooks.receive("signals", "Signal Pushed", { method: "POST", headers: signed.headers, query: {}, rawBody: signed.rawBody });
};

describe.each(DATABASES)("MCP resource subscriptions on %s", (dialect) => {
  it("an MCP SDK client subscribes to its subscription's resource and is notified of events, from this host and another", { timeout: 120_000 }, async () => {
    const [host, other] = await hosts(dialect, 2);
    const subscription = await host!.services.events.subscriptions.add("dana", { trigger: "signals/Signal Pushed", deliver: { mcp: true } });
    const server = createMcpServer({ runtime: host!.runtime, userId: "dana", version: "0.0.0-test", events: host!.services.events, resourceUpdates: true });
    const client = new Client({ name: "events-test", version: "1.0.0" });
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updates.push(notification.params.uri));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide);
    cleanups.push(() => client.close());
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: false });

    const { resources } = await client.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: subscription.resource, name: "signals/Signal Pushed", mimeType: "application/json" })]);
    await client.subscribeResource({ uri: subscription.resource! });

    expect((await pushTo(host!, "m1")).body).toMatchObject({ accepted: 1 });
    await until(() => updates.length === 1, "the notification for this host's event");
    expect((await pushTo(other!, "m2")).body).toMatchObject({ accepted: 1 }); // recorded by another host: found by the watch
    await until(() => updates.length === 2, "the notification for the other host's event");
    expect(updates).toEqual([subscription.resource, subscription.resource]);

    const read = await client.readResource({ uri: subscription.resource! });
    const contents = JSON.parse((read.contents[0] as { text: string }).text);
    expect(contents.events.map((e: { sourceId: string; data: unknown }) => [e.sourceId, e.data])).toEqual([
      ["m2", { level: "info", text: "text m2" }],
      ["m1", { level: "info", text: "text m1" }],
    ]);
    await expect(client.readResource({ uri: "agx://subscriptions/sub_someone-elses" })).rejects.toThrow(/No subscription/);
    await client.unsubscribeResource({ uri: subscription.resource! });
    await pushTo(host!, "m3");
    await new Promise((r) => setTimeout(r, 300));
    expect(updates).toHaveLength(2);
  });
});

describe.each(DATABASES)("delivery retries on %s, on a clock the test drives", (dialect) => {
  it("retries a refused delivery with growing waits, gives up after 24 h, lists it as failed, and a replay delivers it", { timeout: 120_000 }, async () => {
    const [host] = await hosts(dialect, 1);
    const receiver = await startReceiver();
    cleanups.push(() => receiver.provider.close());
    const events = host!.services.events;
    const subscription = await events.subscriptions.add("erin", { trigger: "signals/Signal Raised", deliver: { url: receiver.url } });
    const database = host!.services.database;
    let now = new Date("2026-05-01T08:00:00Z");
    const worker = new DeliveryWorker(
      database,
      () => WEBHOOK_SECRET,
      silentLogger,
      () => now,
      () => true,
    ); // the receiver is on this machine
    const at = (ms: number) => (now = new Date(now.getTime() + ms));
    const record = (id: string) =>
      database.transaction((em) => recordEvents(em, subscription.trigger, "erin", [{ id, data: { level: "info", text: id } }], now));
    const delivery = async () =>
      (await database.read((em) => em.find(DeliveryEntity, {}, { orderBy: { createdAt: "desc" }, limit: 1, disableIdentityMap: true })))[0]!;

    await record("r1");
    receiver.provider.fault({ path: "/receive", status: 500, times: 2 });
    expect(await worker.deliverDue()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(new Date((await delivery()).nextAttemptAt).getTime() - now.getTime()).toBe(retryDelayMs(1));
    at(retryDelayMs(1) - 1_000);
    expect(await worker.deliverDue()).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // not due yet
    at(1_000);
    expect(await worker.deliverDue()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(new Date((await delivery()).nextAttemptAt).getTime() - now.getTime()).toBe(retryDelayMs(2));
    at(retryDelayMs(2));
    expect(await worker.deliverDue()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const attempts = receiver.provider.requests.filter((r) => r.path === "/receive");
    expect(attempts.map((r) => r.headers["x-agx-event-id"])).toEqual(Array(3).fill(attempts[0]!.headers["x-agx-event-id"]));
    expect(new Set(attempts.map((r) => r.headers["x-agx-delivery-id"])).size).toBe(1);

    at(60_000);
    await record("r2");
    receiver.provider.fault({ path: "/receive", status: 503, times: Infinity });
    const started = now.getTime();
    let tries = 0;
    for (;;) {
      const report = await worker.deliverDue();
      tries++;
      if (report.failed) break;
      expect(report.retrying).toBe(1);
      now = new Date((await delivery()).nextAttemptAt);
    }
    expect(now.getTime() - started).toBeLessThanOrEqual(24 * 3_600_000);
    expect(tries).toBeGreaterThan(20); // hourly at most once the waits stop growing
    const failed = await worker.failed("erin");
    expect(failed).toEqual([expect.objectContaining({ subscription: subscription.id, url: receiver.url, attempts: tries, lastError: "HTTP 503" })]);
    expect(await worker.failed("someone-else")).toEqual([]);

    receiver.provider.clearFaults();
    await expect(worker.replay(failed[0]!.id, "someone-else")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await worker.replay(failed[0]!.id, "erin");
    await expect(worker.replay(failed[0]!.id, "erin")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await worker.deliverDue()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const texts = receiver.received().map((r) => (r.data as { text: string }).text);
    expect([texts.length, texts.at(-1), [...new Set(texts)]]).toEqual([3 + tries + 1, "r2", ["r1", "r2"]]);
    expect(await worker.failed("erin")).toEqual([]);
  });
});
