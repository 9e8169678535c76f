import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { connectUser, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY = 86_400_000;
const declare = (id: string, keepAliveDays?: number) =>
  oauth2({
    authorizeUrl: `https://${id}.example/authorize`,
    tokenUrl: `https://${id}.example/token`,
    scopes: ["read"],
    pkce: false,
    clientAuth: "basic",
    clientIdSetting: `${id.toUpperCase()}_CLIENT_ID`,
    clientSecretSetting: `${id.toUpperCase()}_CLIENT_SECRET`,
    ...(keepAliveDays ? { keepAliveDays } : {}),
  });

describe.each(["sqlite", "postgresql"] as const)("keep-alive on %s, driven by a fake clock", (dialect: TestDialect) => {
  it("refreshes only connections idle past their provider's window, and leaves revoked ones alone", async () => {
    const oauth = await startOAuthServer({ clientAuth: "basic" });
    cleanups.push(() => oauth.stop());
    const api = await startFakeProvider({ routes: {} });
    cleanups.push(() => api.close());
    let offsetMs = 0;
    const settings: Record<string, string> = { API_URL: api.url };
    for (const id of ["IDLE", "PLAIN"])
      Object.assign(settings, {
        [`${id}_CLIENT_ID`]: oauth.clientId,
        [`${id}_CLIENT_SECRET`]: oauth.clientSecret,
        [`${id}_AUTHORIZE_URL`]: oauth.authorizeUrl,
        [`${id}_TOKEN_URL`]: oauth.tokenUrl,
      });
    const host = await startAuthHost({
      dialect,
      extensions: [providerExtension("idle", declare("idle", 80)), providerExtension("plain", declare("plain"))],
      settings,
      auth: { now: () => new Date(Date.now() + offsetMs) },
    });
    cleanups.push(() => host.close());
    for (const user of ["alice", "bob"]) await connectUser(host.auth, oauth, user, "idle");
    await connectUser(host.auth, oauth, "alice", "plain");
    const refreshes = () => oauth.tokenRequestCount("refresh_token");

    offsetMs = 79 * DAY; // inside the window: nothing to do, though the access tokens expired long ago
    expect(await host.auth.keepAlive()).toMatchObject({ checked: 2, refreshed: 0, failed: [], unreadable: 0 });
    expect(refreshes()).toBe(0);

    offsetMs = 81 * DAY;
    expect(await host.auth.keepAlive()).toMatchObject({ checked: 2, refreshed: 2, failed: [], unreadable: 0 });
    expect(refreshes()).toBe(2); // "plain" declares no window: never refreshed ahead
    const alice = await host.auth.connection("alice", "idle");
    expect(Date.parse(alice.lastRefreshAt!)).toBeGreaterThanOrEqual(Date.now() + 81 * DAY - 60_000);

    offsetMs = 100 * DAY; // refreshed at day 81: not due again yet
    expect((await host.auth.keepAlive()).refreshed).toBe(0);

    oauth.revokeGrants();
    offsetMs = 170 * DAY;
    const revoked = await host.auth.keepAlive();
    expect(revoked.refreshed).toBe(0);
    expect(revoked.failed).toEqual([
      { userId: "alice", provider: "idle", account: "default", code: "NOT_CONNECTED" },
      { userId: "bob", provider: "idle", account: "default", code: "NOT_CONNECTED" },
    ]);
    expect(await host.auth.connection("bob", "idle")).toMatchObject({ status: "needs_reauth" });
    const before = refreshes();
    expect(await host.auth.keepAlive()).toMatchObject({ checked: 0, refreshed: 0, failed: [], unreadable: 0 });
    expect(refreshes()).toBe(before);
  });

  it("refuses a window that is not a positive number of days", () => {
    expect(() => declare("bad", -1)).toThrow(/keepAliveDays must be a positive number/);
  });
});
