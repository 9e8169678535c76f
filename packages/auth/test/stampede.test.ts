import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { connectUser, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type AuthHost } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const declaration = oauth2({
  authorizeUrl: "https://acme.example/authorize",
  tokenUrl: "https://acme.example/token",
  scopes: ["read"],
  pkce: true,
  clientAuth: "basic",
  clientIdSetting: "ACME_CLIENT_ID",
  clientSecretSetting: "ACME_CLIENT_SECRET",
});

async function servers() {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const provider = await startFakeProvider({
    bearer: (token) => oauth.isValidAccessToken(token),
    routes: { "GET /v1/me": () => ({ json: { id: "me" } }) },
  });
  cleanups.push(() => provider.close());
  const settings = {
    API_URL: provider.url,
    ACME_CLIENT_ID: oauth.clientId,
    ACME_CLIENT_SECRET: oauth.clientSecret,
    ACME_AUTHORIZE_URL: oauth.authorizeUrl,
    ACME_TOKEN_URL: oauth.tokenUrl,
  };
  return { oauth, provider, settings };
}

describe("refresh stampede", () => {
  it("100 concurrent calls with an expired token make one token request (SQLite)", async () => {
    const { oauth, provider, settings } = await servers();
    let offsetMs = 0;
    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [providerExtension("acme", declaration)],
      settings,
      auth: { now: () => new Date(Date.now() + offsetMs) },
    });
    cleanups.push(() => host.close());
    await connectUser(host.auth, oauth, "alice", "acme");

    offsetMs = 2 * 3600_000;
    oauth.setTokenDelay(30); // keeps the refresh in flight while the others arrive
    const results = await Promise.all(Array.from({ length: 100 }, () => host.runtime.execute("acme get", {}, { userId: "alice" })));
    expect(results.every((r) => (r.data as { id: string }).id === "me")).toBe(true);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
    expect(new Set(provider.requests.map((r) => r.token)).size).toBe(1);
  });

  it("two hosts on one PostgreSQL database, 100 concurrent calls: one token request", async () => {
    const { oauth, provider, settings } = await servers();
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const first: AuthHost = await startAuthHost({ dialect: "postgresql", extensions: [providerExtension("acme", declaration)], settings, auth: { now } });
    cleanups.push(() => first.close());
    const second: AuthHost = await startAuthHost({
      dialect: "postgresql",
      extensions: [providerExtension("acme", declaration)],
      settings,
      shareWith: first,
      auth: { now },
    });
    cleanups.push(() => second.close());

    const begun = await first.auth.begin("alice", "acme");
    const { code, state } = await oauth.authorize(begun.url);
    await second.auth.complete(state!, { code: code! }); // a flow begun on one host completes on the other

    offsetMs = 2 * 3600_000;
    oauth.setTokenDelay(30);
    const calls = Array.from({ length: 100 }, (_, i) => (i % 2 ? first : second).runtime.execute("acme get", {}, { userId: "alice" }));
    const results = await Promise.all(calls);
    expect(results).toHaveLength(100);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
    expect(new Set(provider.requests.map((r) => r.token)).size).toBe(1);
  });
});
