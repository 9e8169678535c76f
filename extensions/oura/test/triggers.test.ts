import type { Logger, WebhookSetupContext } from "@agx-ext/core";
import { postWebhook, runPollTrigger } from "@agx-ext/testing";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import type { FakeProvider } from "@agx-ext/testing/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncOuraWebhooks } from "../src/index.js";
import { startFakeOuraWebhooks, ouraSignature, type FakeOuraWebhooks } from "./fake-oura-webhooks.js";
import { seedOuraData } from "./fixtures.js";
import { startOuraHarness, type OuraHarness } from "./harness.js";
import { startHooksBridge } from "./hooks-bridge.js";

const SLEEP = "oura/New Daily Sleep";
const CHANGED = "oura/Oura Data Changed";
const TOKEN = "verify-me-0123456789";
const ALICE_OURA_ID = "8f9a5221-639e-4a6f-8a2c-1b6e2f6a1e11";

describe.each(DATABASES)("Oura triggers on %s", (dialect) => {
  let database: TestDatabase;
  let h: OuraHarness;
  let bridge: FakeProvider;
  let oura: FakeOuraWebhooks;
  let callbackUrl: string;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startOuraHarness({ OURA_WEBHOOK_VERIFICATION_TOKEN: TOKEN }, { databaseUrl: database.url });
    seedOuraData(h.api);
    bridge = await startHooksBridge(h.host);
    oura = await startFakeOuraWebhooks({ clientId: h.oauth.clientId, clientSecret: h.oauth.clientSecret });
    callbackUrl = `${bridge.url}/hooks/oura/${encodeURIComponent("Oura Data Changed")}`;
    await h.connect("alice");
  }, 60_000);
  afterAll(async () => {
    await oura?.close();
    await bridge?.close();
    await h?.close();
    await database?.drop();
  });

  it("New Daily Sleep: the first poll remembers the latest day, later polls report new days once, with the Oura id", async () => {
    const first = await runPollTrigger(h.host, SLEEP);
    expect(first).toEqual({ events: [], cursor: { day: "2026-11-24", account: ALICE_OURA_ID }, account: ALICE_OURA_ID });
    h.api.documents.daily_sleep!.push({ id: "ds-2026-11-25", day: "2026-11-25", score: 88, timestamp: "2026-11-25T00:00:00+01:00" });
    // The harness clock says 2026-11-24, so a document for the 25th is outside the window until the day comes.
    const second = await runPollTrigger(h.host, SLEEP, { cursor: { day: "2026-11-22", account: ALICE_OURA_ID } });
    expect(second.events).toEqual([
      { id: "2026-11-23", data: { day: "2026-11-23", score: 73 } },
      { id: "2026-11-24", data: { day: "2026-11-24", score: 74 } },
    ]);
    expect(second.cursor).toEqual({ day: "2026-11-24", account: ALICE_OURA_ID });
    expect((await runPollTrigger(h.host, SLEEP, { cursor: second.cursor })).events).toEqual([]);
  });

  it("syncs Oura's webhook subscriptions through the verification challenge, renews expiring ones and refuses wrong client credentials", async () => {
    const setup = { apiUrl: oura.provider.url, clientId: h.oauth.clientId, clientSecret: h.oauth.clientSecret, callbackUrl, verificationToken: TOKEN };
    const made = await syncOuraWebhooks(setup);
    expect(made.created).toHaveLength(8); // four data types, create and update
    expect([...oura.subscriptions.values()].map((s) => `${s.data_type}/${s.event_type}`).sort()).toContain("daily_sleep/create");
    expect(await syncOuraWebhooks(setup)).toEqual({ created: [], renewed: [], kept: made.created });
    const inEightyFiveDays = new Date(Date.now() + 85 * 86_400_000);
    expect((await syncOuraWebhooks({ ...setup, now: () => inEightyFiveDays })).renewed).toHaveLength(8);

    // A wrong verification token: the host does not answer the challenge, so Oura refuses the subscription.
    await expect(syncOuraWebhooks({ ...setup, callbackUrl: `${callbackUrl}?x=1`, verificationToken: "not-the-token" })).rejects.toMatchObject({
      code: "PROVIDER_ERROR",
      message: expect.stringContaining("Failed to verify the callback URL"),
    });
    const refused = syncOuraWebhooks({ ...setup, clientSecret: "wrong-secret-value" });
    await expect(refused).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(refused).rejects.not.toThrow(/wrong-secret-value/);
  });

  it("Oura Data Changed: a signed notification reaches the subscribed user whose Oura id a poll reported, once", async () => {
    if (oura.subscriptions.size === 0)
      await syncOuraWebhooks({
        apiUrl: oura.provider.url,
        clientId: h.oauth.clientId,
        clientSecret: h.oauth.clientSecret,
        callbackUrl,
        verificationToken: TOKEN,
      });
    const events = h.host.services.events;
    await events.subscriptions.add("alice", { trigger: CHANGED, deliver: { mcp: true } });
    await events.subscriptions.add("alice", { trigger: SLEEP, deliver: { mcp: true } });
    await events.polls.pollDue(); // learns alice's Oura id
    const note = {
      event_type: "create",
      data_type: "daily_sleep",
      object_id: "ds-2026-11-25",
      user_id: ALICE_OURA_ID,
      event_time: "2026-11-25T06:00:00+00:00",
    };
    expect(await oura.notify(note)).toEqual([200]);
    expect(await oura.notify(note)).toEqual([200]); // Oura's retry: the same event
    expect(await oura.notify({ ...note, user_id: "someone-else" })).toEqual([200]);
    const recorded = (await events.feed.after(undefined, { userId: "alice" })).filter((e) => e.trigger === CHANGED);
    expect(recorded.map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { data_type: "daily_sleep", event_type: "create", object_id: "ds-2026-11-25", event_time: "2026-11-25T06:00:00+00:00" },
    ]);
  });

  it("the trigger's setup, as the host runs it: Oura's verification GET to the callback is answered, then the subscriptions exist and are kept", async () => {
    const handle = h.host.runtime.extensions.find((e) => e.id === "oura")!;
    expect(handle.manifest.triggers?.find((t) => t.name === "Oura Data Changed")).toMatchObject({ setup: true });
    const setup = (await h.host.runtime.load(handle)).definition.triggers?.find((t) => t.name === "Oura Data Changed")?.setup;
    expect(setup).toBeTypeOf("function");
    const fresh = await startFakeOuraWebhooks({ clientId: h.oauth.clientId, clientSecret: h.oauth.clientSecret });
    try {
      const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
      const context: WebhookSetupContext = {
        callbackUrl,
        settings: {
          OURA_API_URL: fresh.provider.url,
          OURA_CLIENT_ID: h.oauth.clientId,
          OURA_CLIENT_SECRET: h.oauth.clientSecret,
          OURA_WEBHOOK_VERIFICATION_TOKEN: TOKEN,
        },
        signal: new AbortController().signal,
        logger: quiet,
        now: () => new Date(),
      };
      const challengesBefore = bridge.requests.filter((r) => r.method === "GET" && r.query.get("verification_token") === TOKEN).length;
      const made = await setup!(context);
      expect(made.created).toHaveLength(8);
      // Oura created each subscription only after the host's hook answered its verification GET with the challenge.
      expect(bridge.requests.filter((r) => r.method === "GET" && r.query.get("verification_token") === TOKEN).length - challengesBefore).toBe(8);
      expect([...fresh.subscriptions.values()].every((s) => s.callback_url === callbackUrl && s.verification_token === TOKEN)).toBe(true);
      expect(await setup!(context)).toEqual({ created: [], renewed: [], kept: made.created });
      // Without the verification token it names the setting and asks Oura for nothing.
      const asked = fresh.provider.requests.length;
      await expect(setup!({ ...context, settings: { ...context.settings, OURA_WEBHOOK_VERIFICATION_TOKEN: undefined } })).rejects.toMatchObject({
        code: "NOT_CONFIGURED",
        message: expect.stringContaining("OURA_WEBHOOK_VERIFICATION_TOKEN"),
      });
      expect(fresh.provider.requests.length).toBe(asked);
    } finally {
      await fresh.close();
    }
  });

  it("hostile notifications: a bad signature is 401, an old timestamp is ignored, a bad body is 400, a wrong challenge token 401", async () => {
    const body = { event_type: "create", data_type: "workout", object_id: "w-1", user_id: ALICE_OURA_ID };
    const forged = await oura.notify({ ...body, data_type: "daily_readiness" }, { secret: "not-the-client-secret" });
    expect(forged.every((s) => s === 401)).toBe(true);
    const old = String(Math.floor(Date.now() / 1000) - 3_600);
    const raw = JSON.stringify(body);
    const replay = await postWebhook(h.host, CHANGED, {
      headers: { "x-oura-timestamp": old, "x-oura-signature": ouraSignature(h.oauth.clientSecret, old, raw) },
      body: raw,
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ accepted: 0 });
    const now = String(Math.floor(Date.now() / 1000));
    const junk = "[1,2,3]";
    expect(
      (
        await postWebhook(h.host, CHANGED, {
          headers: { "x-oura-timestamp": now, "x-oura-signature": ouraSignature(h.oauth.clientSecret, now, junk) },
          body: junk,
        })
      ).status,
    ).toBe(400);
    expect((await postWebhook(h.host, CHANGED, { method: "GET", query: { verification_token: "nope", challenge: "c" } })).status).toBe(401);
    expect(await postWebhook(h.host, CHANGED, { method: "GET", query: { verification_token: TOKEN, challenge: "c" } })).toEqual({
      status: 200,
      body: { challenge: "c" },
    });
  });
});
