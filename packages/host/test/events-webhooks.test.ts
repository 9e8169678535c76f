import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { call, removeDir, startTestServer, type TestServer } from "./helpers.js";
import { eventsHostDir, signedPush, SIGNALS_SECRET, startReceiver, startSignalsFeed, until, WEBHOOK_SECRET } from "./events-support.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOOK = "/hooks/signals/Signal%20Pushed";

async function serve(dialect: (typeof DATABASES)[number], extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  const dir = await eventsHostDir();
  cleanups.push(() => removeDir(dir));
  const env = {
    AGX_DATABASE_URL: db.url,
    AGX_WEBHOOK_SECRET: WEBHOOK_SECRET,
    AGX_WEBHOOK_ALLOW_PRIVATE: "true",
    SIGNALS_SECRET,
    SIGNALS_VERIFY_TOKEN: "verify-me",
    AGX_LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const server = await startTestServer({ dir, env, webhookBodyLimit: 4096 });
  cleanups.push(() => server.close());
  return server;
}

const push = (server: TestServer, body: unknown, options: Parameters<typeof signedPush>[1] = {}) => {
  const signed = signedPush(body, options);
  return call(`${server.url}${HOOK}`, { rawBody: signed.rawBody, headers: signed.headers });
};

describe.each(DATABASES)("a webhook trigger on %s", (dialect) => {
  it("answers the challenge, refuses bad signatures (401) and huge bodies (413), ignores replays, delivers once", { timeout: 120_000 }, async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.provider.close());
    const server = await serve(dialect);
    const key = await server.users.add("alice");
    expect(
      (
        await call(`${server.url}/v1/subscriptions`, {
          key,
          body: { trigger: "signals/Signal Pushed", deliver: { url: receiver.url }, filter: { level: "alarm" } },
        })
      ).status,
    ).toBe(201);

    // The provider's verification GET.
    const challenge = await call(`${server.url}${HOOK}?verification_token=verify-me&challenge=c-123`);
    expect([challenge.status, challenge.body]).toEqual([200, { challenge: "c-123" }]);
    expect((await call(`${server.url}${HOOK}?verification_token=wrong&challenge=c-123`)).status).toBe(401);

    const body = {
      signals: [
        { id: "p1", user: "alice", level: "alarm", text: "smoke" },
        { id: "p2", user: "alice", level: "info", text: "ok" },
        { id: "p3", user: "nobody", level: "alarm", text: "?" },
      ],
    };
    // Wrong key, tampered body, missing headers: 401, nothing recorded.
    expect((await push(server, body, { secret: "not-the-secret" })).status).toBe(401);
    const tampered = signedPush(body);
    expect((await call(`${server.url}${HOOK}`, { rawBody: tampered.rawBody.replace("smoke", "fire"), headers: tampered.headers })).status).toBe(401);
    expect((await call(`${server.url}${HOOK}`, { body })).status).toBe(401);
    // Too large: 413 before the trigger sees it.
    const huge = await push(server, { signals: [{ id: "big", user: "alice", level: "alarm", text: "x".repeat(10_000) }] });
    expect(huge.status).toBe(413);

    const accepted = await push(server, body);
    expect([accepted.status, accepted.body]).toEqual([200, { ok: true, accepted: 2, duplicates: 0, unmatched: 1 }]);
    // The same events again (a provider retry or a replay): recorded and delivered once.
    const replay = await push(server, body);
    expect(replay.body).toEqual({ ok: true, accepted: 0, duplicates: 2, unmatched: 1 });
    // A correctly signed request from 10 minutes ago: ignored, not an error the provider would retry.
    const stale = await push(server, { signals: [{ id: "old", user: "alice", level: "alarm", text: "late" }] }, { at: new Date(Date.now() - 600_000) });
    expect([stale.status, stale.body.accepted]).toEqual([200, 0]);
    // A body the trigger cannot read: 400 with its message.
    expect((await push(server, { nothing: true })).status).toBe(400);
    expect((await call(`${server.url}/hooks/signals/Nope`, { body: {} })).status).toBe(404);
    expect((await call(`${server.url}/hooks/signals/Signal%20Raised`, { body: {} })).status).toBe(404);

    await server.host.services.events.deliveries.deliverDue();
    await until(() => receiver.received().length >= 1, "the delivery");
    expect(receiver.received().map((r) => r.data)).toEqual([{ level: "alarm", text: "smoke" }]); // p2 is filtered out
    expect(receiver.allSigned()).toBe(true);
    const events = await server.host.services.events.feed.after(undefined);
    expect(events.map((e) => e.sourceId).sort()).toEqual(["p1", "p2"]);
  });

  it("maps an event naming a provider account to the user whose poll reported that account", { timeout: 120_000 }, async () => {
    const feed = await startSignalsFeed();
    cleanups.push(() => feed.provider.close());
    const server = await serve(dialect, { SIGNALS_FEED_URL: feed.provider.url });
    const events = server.host.services.events;
    await events.subscriptions.add("carol", { trigger: "signals/Signal Raised", deliver: { mcp: true } });
    await events.subscriptions.add("carol", { trigger: "signals/Signal Pushed", deliver: { mcp: true } });
    expect(await events.polls.pollDue()).toEqual({ polled: 1, events: 0, failed: 0 }); // the feed names carol's account: acct-carol
    const answer = await push(server, {
      signals: [
        { id: "a1", account: "acct-carol", level: "info", text: "hi" },
        { id: "a2", account: "acct-unknown", level: "info", text: "?" },
      ],
    });
    expect(answer.body).toEqual({ ok: true, accepted: 1, duplicates: 0, unmatched: 1 });
    expect((await events.feed.after(undefined, { userId: "carol" })).map((e) => e.trigger)).toEqual(["signals/Signal Pushed"]);
  });
});

describe("subscriptions over HTTP", () => {
  it("are the caller's own, checked field by field, and removable", { timeout: 60_000 }, async () => {
    const server = await serve("sqlite");
    const alice = await server.users.add("alice");
    const bob = await server.users.add("bob");
    const post = (key: string, body: unknown) => call(`${server.url}/v1/subscriptions`, { key, body });
    const refusals = [
      [{ trigger: "signals/Nope", deliver: { mcp: true } }, 404, "Unknown trigger"],
      [{ trigger: "signals/Signal Raised" }, 400, "deliver must be"],
      [{ trigger: "signals/Signal Raised", deliver: { url: "http://example.com/x" } }, 400, "must be https"],
      [{ trigger: "signals/Signal Raised", deliver: { url: "https://example.com", mcp: true } }, 400, "exactly one"],
      [{ trigger: "signals/Signal Raised", deliver: { mcp: true }, filter: [1] }, 400, "filter must be an object"],
      [{ trigger: "signals/Signal Raised", deliver: { mcp: true }, colour: "red" }, 400, 'Unknown field "colour"'],
    ] as const;
    for (const [body, status, message] of refusals) {
      const answer = await post(alice, body);
      expect([answer.status, answer.body.error.message]).toEqual([status, expect.stringContaining(message)]);
    }
    const made = await post(alice, { trigger: "signals/Signal Raised", deliver: { mcp: true } });
    expect(made.body.subscription).toMatchObject({
      trigger: "signals/Signal Raised",
      deliver: { mcp: true },
      resource: expect.stringMatching(/^agx:\/\/subscriptions\/sub_/),
    });
    expect((await post(alice, { trigger: "signals/Signal Raised", deliver: { mcp: true } })).status).toBe(409);
    expect((await call(`${server.url}/v1/subscriptions`, { key: bob })).body.subscriptions).toEqual([]);
    const id = made.body.subscription.id as string;
    expect((await call(`${server.url}/v1/subscriptions/${id}`, { key: bob, method: "DELETE" })).status).toBe(404);
    expect((await call(`${server.url}/v1/subscriptions/${id}`, { key: alice, method: "DELETE" })).status).toBe(204);
    expect((await call(`${server.url}/v1/subscriptions`, { key: alice })).body.subscriptions).toEqual([]);
    expect((await call(`${server.url}/v1/subscriptions`)).status).toBe(401);
  });
});
