import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { DELIVERY_JOB, POLL_JOB } from "@agx-ext/services";
import { createHost, type Host } from "../src/host.js";
import { call, removeDir, startTestServer } from "./helpers.js";
import { eventsHostDir, SIGNALS_SECRET, startReceiver, startSignalsFeed, until, WEBHOOK_SECRET } from "./events-support.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostDirAndDatabase(dialect: (typeof DATABASES)[number]) {
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  const dir = await eventsHostDir();
  cleanups.push(() => removeDir(dir));
  return { db, dir };
}

describe.each(DATABASES)("poll triggers end to end on %s", (dialect) => {
  it("workout tracker: a goal met is delivered once, signed, to the subscriber's URL; polling again sends nothing more", { timeout: 120_000 }, async () => {
    const { db, dir } = await hostDirAndDatabase(dialect);
    const receiver = await startReceiver();
    cleanups.push(() => receiver.provider.close());
    const server = await startTestServer({
      dir,
      env: { AGX_DATABASE_URL: db.url, AGX_WEBHOOK_SECRET: WEBHOOK_SECRET, AGX_WEBHOOK_ALLOW_PRIVATE: "true", AGX_LOG_LEVEL: "warn" },
    });
    cleanups.push(() => server.close());
    const key = await server.users.add("alice");
    const run = (name: string, body: unknown) => call(`${server.url}/v1/commands/${encodeURIComponent(name)}`, { key, body });

    const triggers = await call(`${server.url}/v1/triggers`, { key });
    expect(triggers.body.triggers.map((t: { qualifiedName: string }) => t.qualifiedName)).toEqual([
      "signals/Signal Pushed",
      "signals/Signal Raised",
      "workout-tracker/Daily Goal Met",
    ]);
    expect(triggers.body.triggers[2]).toMatchObject({
      kind: "poll",
      every: "5m",
      outputSchema: { type: "object", required: expect.arrayContaining(["exercise_name"]) },
    });

    const created = await call(`${server.url}/v1/subscriptions`, { key, body: { trigger: "workout-tracker/Daily Goal Met", deliver: { url: receiver.url } } });
    expect(created.status).toBe(201);
    expect((await run("Set Daily Goal", { exercise_name: "push-ups", target_reps: 20 })).status).toBe(200);
    const { engine } = server.host.services.jobs;
    expect((await engine.runNow(POLL_JOB)).summary).toEqual({ polled: 1, events: 0, failed: 0 });
    await run("Mark Exercise Complete", { exercise_name: "push-ups", completed_reps: 25 });
    // Due again: the first poll set the next one 5 minutes ahead, so this host's clock is not enough; bring it forward.
    await dueNow(server.host);
    expect((await engine.runNow(POLL_JOB)).summary).toEqual({ polled: 1, events: 1, failed: 0 });
    await engine.runNow(DELIVERY_JOB);
    await until(() => receiver.received().length === 1, "the delivery");
    const [delivered] = receiver.received();
    expect(delivered).toMatchObject({
      trigger: "workout-tracker/Daily Goal Met",
      userId: "alice",
      data: { exercise_name: "push-ups", completed_reps: 25, target_reps: 20 },
    });
    expect(receiver.allSigned()).toBe(true);

    await dueNow(server.host);
    expect((await engine.runNow(POLL_JOB)).summary).toEqual({ polled: 1, events: 0, failed: 0 });
    await engine.runNow(DELIVERY_JOB);
    expect(receiver.received()).toHaveLength(1);
    const listed = await call(`${server.url}/v1/subscriptions`, { key });
    expect(listed.body.subscriptions).toEqual([
      expect.objectContaining({ trigger: "workout-tracker/Daily Goal Met", poll: expect.objectContaining({ lastError: null }) }),
    ]);
  });

  it("a host stopped in the middle of deliveries loses nothing, and the next host sends nothing twice", { timeout: 120_000 }, async () => {
    const { db, dir } = await hostDirAndDatabase(dialect);
    const receiver = await startReceiver(150); // slow, so the stop lands between deliveries
    cleanups.push(() => receiver.provider.close());
    const feed = await startSignalsFeed();
    cleanups.push(() => feed.provider.close());
    const env = {
      AGX_DATABASE_URL: db.url,
      AGX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      AGX_WEBHOOK_ALLOW_PRIVATE: "true",
      SIGNALS_FEED_URL: feed.provider.url,
      AGX_LOG_LEVEL: "silent",
    };
    const first = await createHost({ dir, env });
    await first.start();
    await first.services.events.subscriptions.add("bob", { trigger: "signals/Signal Raised", deliver: { url: receiver.url } });
    for (let i = 1; i <= 12; i++) feed.add("bob", `s${i}`);
    expect(await first.services.events.polls.pollDue()).toEqual({ polled: 1, events: 12, failed: 0 });
    await until(() => receiver.received().length >= 3, "the first deliveries");
    await first.close(); // stops polling and delivering: the attempt in progress is recorded, the rest released
    const sentBeforeRestart = receiver.received().length;
    expect(sentBeforeRestart).toBeLessThan(12);

    const second = await createHost({ dir, env });
    cleanups.push(() => second.close());
    await second.start();
    await second.services.events.deliveries.deliverDue();
    const ids = receiver.received().map((r) => r.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(
      receiver
        .received()
        .map((r) => (r.data as { text: string }).text)
        .sort(),
    ).toEqual(Array.from({ length: 12 }, (_, i) => `signal s${i + 1}`).sort());
  });
});

describe("two hosts on one PostgreSQL database", () => {
  it("each due poll runs on exactly one host, however many run the poll job at once", { timeout: 120_000 }, async () => {
    const { db, dir } = await hostDirAndDatabase("postgresql");
    const feed = await startSignalsFeed();
    cleanups.push(() => feed.provider.close());
    const env = { AGX_DATABASE_URL: db.url, SIGNALS_FEED_URL: feed.provider.url, SIGNALS_SECRET, AGX_LOG_LEVEL: "silent" };
    const hosts = [await createHost({ dir, env }), await createHost({ dir, env })];
    for (const host of hosts) {
      cleanups.push(() => host.close());
      await host.start();
    }
    const users = ["u1", "u2", "u3", "u4", "u5", "u6"];
    for (const user of users) {
      feed.add(user, `${user}-a`);
      await hosts[0]!.services.events.subscriptions.add(user, { trigger: "signals/Signal Raised", deliver: { mcp: true } });
    }
    const reports = await Promise.all([...hosts, ...hosts].map((host) => host.services.events.polls.pollDue()));
    expect(reports.reduce((sum, r) => sum + r.polled, 0)).toBe(users.length);
    for (const user of users) expect(feed.polls(user)).toBe(1);
    const events = await hosts[1]!.services.events.feed.after(undefined);
    expect(events.map((e) => e.sourceId).sort()).toEqual(users.map((u) => `${u}-a`).sort());
    // Not due again before the trigger's interval.
    await Promise.all(hosts.map((host) => host.services.events.polls.pollDue()));
    for (const user of users) expect(feed.polls(user)).toBe(1);
  });
});

/** Makes every poll due now (the tests cannot wait the trigger's interval). */
async function dueNow(host: Host): Promise<void> {
  const { PollStateEntity } = await import("@agx-ext/services/internals");
  await host.services.database.transaction((em) => em.nativeUpdate(PollStateEntity, {}, { nextPollAt: new Date(Date.now() - 1000) }));
}
