/**
 * The webhook-setup job: webhook triggers that declare `setup` register their callbacks with the provider (the relay
 * fixture, against a local fake), with `<AGX_PUBLIC_URL>/hooks/<extension>/<trigger>` as the callback, only when the
 * public URL is https; a failing setup is recorded and logged without secrets and does not stop the next.
 */
import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES } from "@agx-ext/testing/database";
import { startFakeProvider, type FakeProvider } from "@agx-ext/testing/provider";
import { main } from "../src/cli/index.js";
import { WEBHOOK_SETUP_JOB, type WebhookSetupRun } from "@agx-ext/services";
import { createHost, type Host } from "../src/host.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";
import { until } from "./events-support.js";

const here = dirname(fileURLToPath(import.meta.url));
const RELAY_FIXTURE = resolve(here, "fixtures/relay");
const RELAY_SECRET = "relay-app-secret-5f1d2c3b4a";
const PUBLIC_URL = "https://agx.example.test/";
const EVENT_CALLBACK = "https://agx.example.test/hooks/relay/Relay%20Event%20%231";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The relay's registration API: lists and creates registrations (slowly when asked), refuses /broken echoing the secret it got. */
async function startRelay(options: { listDelayMs?: number } = {}): Promise<FakeProvider & { registrations: { id: string; callback_url: string }[] }> {
  const registrations: { id: string; callback_url: string }[] = [];
  const provider = await startFakeProvider({
    routes: {
      "GET /registrations": async (req) => {
        if (req.headers["x-relay-secret"] !== RELAY_SECRET) return { status: 401, json: { error: "bad secret" } };
        if (options.listDelayMs) await new Promise((r) => setTimeout(r, options.listDelayMs));
        return { json: [...registrations] };
      },
      "POST /registrations": (req) => {
        if (req.headers["x-relay-secret"] !== RELAY_SECRET) return { status: 401, json: { error: "bad secret" } };
        const made = { id: randomUUID(), callback_url: String((req.body as { callback_url?: unknown }).callback_url) };
        registrations.push(made);
        return { status: 201, json: made };
      },
      // A careless provider: its error repeats the secret it was sent.
      "POST /broken": (req) => ({ status: 500, json: { error: `cannot register with secret ${String(req.headers["x-relay-secret"])}` } }),
    },
  });
  cleanups.push(() => provider.close());
  return Object.assign(provider, { registrations });
}

async function hostDir(): Promise<string> {
  const dir = await makeHostDir({ relay: RELAY_FIXTURE });
  cleanups.push(() => removeDir(dir));
  return dir;
}

function env(databaseUrl: string, relay: FakeProvider, publicUrl = PUBLIC_URL): Record<string, string> {
  return { AGX_DATABASE_URL: databaseUrl, AGX_PUBLIC_URL: publicUrl, RELAY_API_URL: relay.url, RELAY_SECRET, AGX_LOG_LEVEL: "info" };
}

async function serve(dialect: (typeof DATABASES)[number], relay: FakeProvider, publicUrl = PUBLIC_URL): Promise<TestServer> {
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  const server = await startTestServer({ dir: await hostDir(), env: env(db.url, relay, publicUrl) });
  cleanups.push(() => server.close());
  return server;
}

describe.each(DATABASES)("webhook setup on %s", (dialect) => {
  it(
    "runs soon after start with the trigger's callback URL, records a failing setup without its secret and still runs the next",
    { timeout: 120_000 },
    async () => {
      const relay = await startRelay();
      const server = await serve(dialect, relay);
      const { events, jobs } = server.host.services;

      // What agx serve does once it listens.
      events.setupWebhooksSoon();
      await until(async () => (await jobs.log.last(WEBHOOK_SETUP_JOB)).length > 0, "the start-up run");
      const run = events.webhookSetup.last!;
      expect(run.triggers).toEqual([
        {
          trigger: "relay/Relay Broken",
          outcome: "failed",
          callbackUrl: "https://agx.example.test/hooks/relay/Relay%20Broken",
          code: "PROVIDER_ERROR",
          message: expect.stringContaining("[redacted]"),
        },
        { trigger: "relay/Relay Event #1", outcome: "ok", callbackUrl: EVENT_CALLBACK, created: [relay.registrations[0]!.id], renewed: [], kept: [] },
        { trigger: "relay/Relay Gated", outcome: "skipped", reason: "settings missing or invalid: RELAY_GATE_TOKEN", missing: ["RELAY_GATE_TOKEN"] },
      ]);
      expect(relay.registrations.map((r) => r.callback_url)).toEqual([EVENT_CALLBACK]);

      // The run log has the failure, named, with the provider's words but not the secret.
      const [recorded] = await jobs.log.last(WEBHOOK_SETUP_JOB);
      expect(recorded).toMatchObject({
        outcome: "failed",
        summary: { code: "PROVIDER_ERROR", message: expect.stringContaining("1 of 3 webhook setups failed: relay/Relay Broken") },
      });
      expect(JSON.stringify(recorded)).not.toContain(RELAY_SECRET);
      expect(server.logs.some((l) => l.msg === "webhook setup failed" && l.trigger === "relay/Relay Broken")).toBe(true);
      expect(server.logs.some((l) => String(l.msg).startsWith("registering https://agx.example.test/hooks/relay/"))).toBe(true); // the extension's own line, scrubbed
      expect(server.rawLogs.join("\n")).not.toContain(RELAY_SECRET);

      // The host's hook route answers at the callback URL it registered (the encoded name decodes back to the trigger).
      const challenge = await call(`${server.url}${new URL(EVENT_CALLBACK).pathname}?challenge=c-42`);
      expect([challenge.status, challenge.body]).toEqual([200, { challenge: "c-42" }]);

      // The daily run: the registration is kept, not made twice; the broken one fails again.
      const again = await jobs.engine.runNow(WEBHOOK_SETUP_JOB);
      expect(again.outcome).toBe("failed");
      expect(events.webhookSetup.last!.triggers[1]).toMatchObject({ outcome: "ok", created: [], kept: [relay.registrations[0]!.id] });
      expect(relay.registrations).toHaveLength(1);
      expect((await jobs.log.last(WEBHOOK_SETUP_JOB)).map((r) => r.outcome)).toEqual(["failed", "failed"]);
    },
  );

  it("does nothing while AGX_PUBLIC_URL is http, and says why once", { timeout: 120_000 }, async () => {
    const relay = await startRelay();
    const server = await serve(dialect, relay, "http://agx.example.test");
    const { events, jobs } = server.host.services;
    const first = await jobs.engine.runNow(WEBHOOK_SETUP_JOB);
    const second = await jobs.engine.runNow(WEBHOOK_SETUP_JOB);
    for (const record of [first, second])
      expect(record).toMatchObject({ outcome: "ok", summary: { skipped: "AGX_PUBLIC_URL is http, not https: providers refuse http callbacks", triggers: [] } });
    expect(events.webhookSetup.last).toEqual({ skipped: "AGX_PUBLIC_URL is http, not https: providers refuse http callbacks", triggers: [] });
    expect(relay.requests).toEqual([]);
    // Once, naming the setups that are configured (Relay Gated lacks its setting: nothing to tell about it).
    expect(server.logs.filter((l) => l.msg === "webhook setup skipped").map((l) => l.triggers)).toEqual([["relay/Relay Broken", "relay/Relay Event #1"]]);
  });
});

describe("agx triggers setup", () => {
  it("runs the setups now, prints the report, exits 1 when one failed, and agx jobs shows the run", { timeout: 120_000 }, async () => {
    const relay = await startRelay();
    const db = await createTestDatabase("sqlite");
    cleanups.push(() => db.drop());
    const dir = await hostDir();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    const hostEnv = { ...env(db.url, relay), AGX_LOG_LEVEL: "silent" };

    expect(await main(["triggers", "setup", "--json"], io, { dir, env: hostEnv })).toBe(1);
    const report = JSON.parse(out[0]!) as WebhookSetupRun;
    expect(report.triggers.map((t) => [t.trigger, t.outcome])).toEqual([
      ["relay/Relay Broken", "failed"],
      ["relay/Relay Event #1", "ok"],
      ["relay/Relay Gated", "skipped"],
    ]);
    expect(out[0]).not.toContain(RELAY_SECRET);

    expect(await main(["triggers", "setup"], io, { dir, env: hostEnv })).toBe(1);
    expect(out[1]).toMatch(/relay\/Relay Event #1\s+ok\s+created 0, renewed 0, kept 1\s+https:\/\/agx\.example\.test\/hooks\/relay\/Relay%20Event%20%231\n/);
    expect(out[1]).toMatch(/relay\/Relay Broken\s+failed\s+PROVIDER_ERROR\s+https:\/\/agx\.example\.test\/hooks\/relay\/Relay%20Broken\n/);
    expect(out[1]).toContain('\nrelay/Relay Broken: PROVIDER_ERROR: the relay answered 500: {"error":"cannot register with secret [redacted]"}');

    expect(await main(["jobs", "--json"], io, { dir, env: hostEnv })).toBe(0);
    const listed = (JSON.parse(out[2]!) as { name: string; cron: string; lastRuns: { outcome: string }[] }[]).find((j) => j.name === WEBHOOK_SETUP_JOB);
    expect(listed).toMatchObject({ cron: "37 5 * * *", lastRuns: [{ outcome: "failed" }, { outcome: "failed" }] });

    expect(await main(["triggers", "setup"], io, { dir, env: { ...hostEnv, AGX_PUBLIC_URL: "http://agx.example.test" } })).toBe(0);
    expect(out[3]).toBe("Webhook setup skipped: AGX_PUBLIC_URL is http, not https: providers refuse http callbacks.");
    expect(await main(["triggers", "bogus"], io, { dir, env: hostEnv })).toBe(2);
    expect(err.at(-1)).toContain("usage: agx triggers");
    expect(relay.registrations).toHaveLength(1);
  });
});

describe("webhook setup on PostgreSQL with two hosts", () => {
  async function twoHosts(relay: FakeProvider): Promise<{ hosts: Host[]; url: string }> {
    const db = await createTestDatabase("postgresql");
    cleanups.push(() => db.drop());
    const dir = await hostDir();
    const hosts: Host[] = [];
    for (let i = 0; i < 2; i++) {
      const host = await createHost({ dir, env: { ...env(db.url, relay), AGX_LOG_LEVEL: "silent" } });
      await host.start();
      cleanups.push(() => host.close());
      hosts.push(host);
    }
    return { hosts, url: db.url };
  }

  it("a scheduled run is worked by one host, and runs the hosts start together never register a callback twice", { timeout: 120_000 }, async () => {
    // The listing is slow, so both hosts' runs overlap: without the lock each would find nothing and register.
    const relay = await startRelay({ listDelayMs: 1_000 });
    const { hosts, url } = await twoHosts(relay);
    const runs = await Promise.all(hosts.map((h) => h.services.events.webhookSetup.run()));
    expect(relay.registrations.filter((r) => r.callback_url === EVENT_CALLBACK)).toHaveLength(1);
    expect(runs.some((r) => r.triggers.some((t) => t.trigger === "relay/Relay Event #1" && t.outcome === "ok"))).toBe(true);

    for (const host of hosts) {
      await host.services.jobs.engine.start();
      cleanups.push(() => host.services.jobs.engine.stop());
    }
    const PgBoss = (await import("pg-boss")).default;
    const boss = new PgBoss({ connectionString: url, schema: "agx_jobs" });
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: false, wait: true }));
    expect((await boss.getSchedules()).find((s) => s.name === WEBHOOK_SETUP_JOB)?.cron).toBe("37 5 * * *");

    const listings = () => relay.requests.filter((r) => r.method === "GET" && r.path === "/registrations").length;
    const before = listings();
    await boss.send(WEBHOOK_SETUP_JOB, {});
    const log = hosts[0]!.services.jobs.log;
    await until(async () => (await log.last(WEBHOOK_SETUP_JOB)).length > 0, "the scheduled run"); // pg-boss workers poll every 2 s
    await new Promise((r) => setTimeout(r, 2_500)); // a second worker would have picked it up by now
    expect(await log.last(WEBHOOK_SETUP_JOB)).toHaveLength(1);
    expect(listings() - before).toBe(1); // one run lists once (Relay Event #1); Relay Broken only posts, Relay Gated is skipped
    expect(relay.registrations).toHaveLength(1);
  });
});
