import type { Logger } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { isDue, refreshMarginMs } from "../src/refresh-policy.js";
import { connectUser, failure, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type AuthHost, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const declaration = oauth2({
  authorizeUrl: "https://short.example/authorize",
  tokenUrl: "https://short.example/token",
  scopes: ["read"],
  pkce: false,
  clientAuth: "basic",
  clientIdSetting: "SHORT_CLIENT_ID",
  clientSecretSetting: "SHORT_CLIENT_SECRET",
});

/** An OAuth server issuing `ttl`-second tokens, an API accepting them, and hosts on one fake clock. */
async function setup(dialect: TestDialect, ttl: number, hosts = 1) {
  const oauth = await startOAuthServer({ clientAuth: "basic", accessTokenTtlSeconds: ttl });
  cleanups.push(() => oauth.stop());
  // The API checks the token was issued (the fake clock runs ahead of the server's real one).
  const api = await startFakeProvider({ bearer: (t) => t.startsWith("at"), routes: { "GET /v1/me": () => ({ json: { ok: true } }) } });
  cleanups.push(() => api.close());
  // A frozen clock that only the test moves: however slow the machine, a token ages only when the test says so.
  const start = Date.now();
  let offsetMs = 0;
  const now = () => new Date(start + offsetMs);
  const settings = {
    API_URL: api.url,
    SHORT_CLIENT_ID: oauth.clientId,
    SHORT_CLIENT_SECRET: oauth.clientSecret,
    SHORT_AUTHORIZE_URL: oauth.authorizeUrl,
    SHORT_TOKEN_URL: oauth.tokenUrl,
  };
  const logs: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const record = (message: string, fields?: Record<string, unknown>) => void logs.push({ message, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  const first = await startAuthHost({ dialect, extensions: [providerExtension("short", declaration)], settings, auth: { now, logger } });
  cleanups.push(() => first.close());
  const all: AuthHost[] = [first];
  for (let i = 1; i < hosts; i++) {
    const other = await startAuthHost({ dialect, extensions: [providerExtension("short", declaration)], settings, shareWith: first, auth: { now } });
    cleanups.push(() => other.close());
    all.push(other);
  }
  await connectUser(first.auth, oauth, "alice", "short");
  const call = (i = 0) => all[i % all.length]!.runtime.execute("short get", {}, { userId: "alice" });
  const burst = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => call(i)));
  const changes = () => logs.filter((l) => l.message === "connection status changed").map((l) => l.fields);
  return { oauth, api, host: first, hosts: all, call, burst, changes, advance: (ms: number) => (offsetMs += ms) };
}

describe("refresh margin", () => {
  it("is min(60 s, 10 % of the lifetime) plus at most a quarter of it as jitter", () => {
    const issued = new Date(0);
    expect(refreshMarginMs(new Date(5_000), issued, undefined, () => 0)).toBe(500);
    expect(refreshMarginMs(new Date(5_000), issued, undefined, () => 0.999)).toBeLessThan(625);
    expect(refreshMarginMs(new Date(3_600_000), issued, undefined, () => 0)).toBe(60_000);
    expect(refreshMarginMs(new Date(65_000), issued, undefined, () => 0)).toBe(6_500);
    // Unknown issue time: the largest margin.
    expect(refreshMarginMs(new Date(5_000), undefined, undefined, () => 0)).toBe(60_000);
    expect(isDue(new Date(5_000), issued, new Date(4_000), undefined, () => 0)).toBe(false);
    expect(isDue(new Date(5_000), issued, new Date(4_600), undefined, () => 0.999)).toBe(true);
  });
});

describe.each([
  ["SQLite", "sqlite", 1],
  ["two hosts sharing PostgreSQL", "postgresql", 2],
] as const)("5-second tokens on %s", (_name, dialect, hosts) => {
  it("50 parallel calls: no refresh while the token is fresh, exactly one token request per expiry", async () => {
    const { oauth, burst, advance } = await setup(dialect, 5, hosts);
    advance(2_000); // 60 s tokens used to be refreshed on every call: a 5 s one is not due after 2 s
    expect((await burst(50)).every((r) => (r.data as { ok?: boolean }).ok)).toBe(true);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(0);

    for (let expiry = 1; expiry <= 3; expiry++) {
      advance(expiry === 1 ? 2_800 : 4_800); // past the margin (at most 0.625 s before expiry) each time
      oauth.setTokenDelay(30); // the refresh stays in flight while the other calls arrive
      const results = await burst(50);
      expect(results).toHaveLength(50);
      expect(oauth.tokenRequestCount("refresh_token")).toBe(expiry);
    }
  });
});

describe.each(["sqlite", "postgresql"] as const)("after a failed refresh on %s", (dialect) => {
  it("calls get the stored error without asking the provider during the cooldown, then it is tried again", async () => {
    const { oauth, host, call, advance, changes } = await setup(dialect, 3600);
    // Every request to the token endpoint after connecting (a failure injected there has no grant type on record).
    const tokenRequests = () => oauth.tokenRequestCount() - 1;
    advance(3_600_000); // expired
    oauth.failNextTokenRequest({ status: 503, json: { error: "temporarily_unavailable", error_description: "down for maintenance" } });
    const first = await failure(call());
    expect(first).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(tokenRequests()).toBe(1);
    const degraded = await host.auth.connection("alice", "short");
    expect(degraded).toMatchObject({ status: "degraded", connected: true, failures: 1, lastError: { code: "PROVIDER_ERROR" } });
    expect(degraded.lastError!.message).toContain("down for maintenance");

    for (let i = 0; i < 10; i++) {
      const again = await failure(call());
      expect(again).toMatchObject({ code: "PROVIDER_ERROR", details: { status: "degraded" } });
      expect(again.message).toContain("down for maintenance");
      expect(again.retryAfterSeconds).toBeGreaterThan(0);
    }
    expect(tokenRequests()).toBe(1);

    advance(31_000); // the cooldown is over: the next call refreshes, and succeeds
    expect((await call()).data).toEqual({ ok: true });
    expect(tokenRequests()).toBe(2);
    const healed = await host.auth.connection("alice", "short");
    expect(healed).toMatchObject({ status: "active", connected: true });
    expect(healed.lastError).toBeUndefined();
    expect(Date.parse(healed.lastRefreshAt!)).toBeGreaterThan(Date.parse(degraded.lastRefreshAt!));
    // Each change is logged once, with its reason, never a token.
    expect(changes()).toEqual([
      expect.objectContaining({
        userId: "alice",
        provider: "short",
        from: "active",
        to: "degraded",
        reason: expect.stringContaining("PROVIDER_ERROR"),
        lastError: "PROVIDER_ERROR",
      }),
      expect.objectContaining({ from: "degraded", to: "active", reason: "refreshed" }),
    ]);
    expect(JSON.stringify(changes())).not.toMatch(/"at[A-Za-z0-9_-]{10,}|rt[A-Za-z0-9_-]{10,}/);
  });
});
