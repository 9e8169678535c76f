import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import {
  failure,
  providerExtension,
  startAuthHost,
  startFakeProvider,
  startOAuthServer,
  type AuthHost,
  type FakeProvider,
  type OAuthTestServer,
} from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { pkce: boolean; clientAuth: "basic" | "body"; userInfo?: boolean }) {
  const oauth: OAuthTestServer = await startOAuthServer({ clientAuth: options.clientAuth, pkce: options.pkce ? "required" : "optional" });
  cleanups.push(() => oauth.stop());
  const provider: FakeProvider = await startFakeProvider({
    bearer: (token) => oauth.isValidAccessToken(token),
    routes: { "GET /v1/me": (req) => ({ json: { id: "me", token: req.token } }) },
  });
  cleanups.push(() => provider.close());
  const declaration = oauth2({
    authorizeUrl: "https://acme.example/oauth/authorize",
    tokenUrl: "https://acme.example/oauth/token",
    scopes: ["profile", "activity"],
    pkce: options.pkce,
    clientAuth: options.clientAuth,
    clientIdSetting: "ACME_CLIENT_ID",
    clientSecretSetting: "ACME_CLIENT_SECRET",
    extraAuthorizeParams: { prompt: "consent" },
    ...(options.userInfo ? { userInfo: { url: "https://acme.example/userinfo" } } : {}),
  });
  let offsetMs = 0;
  const host: AuthHost = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("acme", declaration)],
    settings: {
      API_URL: provider.url,
      ACME_CLIENT_ID: oauth.clientId,
      ACME_CLIENT_SECRET: oauth.clientSecret,
      ACME_AUTHORIZE_URL: oauth.authorizeUrl,
      ACME_TOKEN_URL: oauth.tokenUrl,
      ACME_USERINFO_URL: oauth.userInfoUrl,
    },
    auth: { now: () => new Date(Date.now() + offsetMs) },
  });
  cleanups.push(() => host.close());
  const connect = async (userId = "alice") => {
    const begun = await host.auth.begin(userId, "acme");
    const redirect = await oauth.authorize(begun.url);
    return { begun, redirect, connection: await host.auth.complete(redirect.state!, { code: redirect.code! }) };
  };
  return { oauth, provider, host, connect, advance: (ms: number) => (offsetMs += ms) };
}

describe("OAuth 2.0 connect flow against a real authorization server", () => {
  it.each([
    { pkce: true, clientAuth: "basic" as const },
    { pkce: false, clientAuth: "body" as const },
    { pkce: true, clientAuth: "body" as const },
    { pkce: false, clientAuth: "basic" as const },
  ])("connects and calls the API (pkce $pkce, client auth $clientAuth)", async ({ pkce, clientAuth }) => {
    const { oauth, provider, host, connect } = await setup({ pkce, clientAuth, userInfo: true });
    const { begun, redirect, connection } = await connect();

    const url = new URL(begun.url);
    expect(url.origin + url.pathname).toBe(oauth.authorizeUrl);
    expect(url.searchParams.get("client_id")).toBe(oauth.clientId);
    expect(url.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:9/agx/oauth/acme/callback");
    expect(url.searchParams.get("scope")).toBe("profile activity");
    expect(url.searchParams.get("prompt")).toBe("consent");
    expect(url.searchParams.get("code_challenge_method")).toBe(pkce ? "S256" : null);
    expect(Buffer.from(begun.state, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(redirect.url.pathname).toBe("/agx/oauth/acme/callback");

    expect(connection).toMatchObject({ userId: "alice", provider: "acme", status: "active", account: "user@example.test" });
    expect(new Date(connection.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(oauth.tokenRequests.at(-1)).toMatchObject({ grantType: "authorization_code", clientAuth, status: 200 });

    const result = await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(result.data).toMatchObject({ id: "me" });
    expect(oauth.isValidAccessToken(provider.requests[0]!.token!)).toBe(true);
  });

  it("refuses a wrong, reused, expired or other user's state", async () => {
    const { oauth, host, advance } = await setup({ pkce: true, clientAuth: "basic" });
    const wrong = await failure(host.auth.complete("not-a-state", { code: "x" }));
    expect(wrong).toMatchObject({ code: "INVALID_INPUT", details: { reason: "unknown_state" } });

    const begun = await host.auth.begin("alice", "acme");
    const { code, state } = await oauth.authorize(begun.url);
    const otherUser = await failure(host.auth.complete(state!, { code: code! }, { userId: "mallory" }));
    expect(otherUser).toMatchObject({ code: "INVALID_INPUT", details: { reason: "other_user" } });
    await host.auth.complete(state!, { code: code! }, { userId: "alice" });
    const reused = await failure(host.auth.complete(state!, { code: code! }));
    expect(reused).toMatchObject({ code: "INVALID_INPUT", details: { reason: "state_used" } });

    const late = await host.auth.begin("bob", "acme");
    const lateRedirect = await oauth.authorize(late.url);
    advance(11 * 60_000);
    const expired = await failure(host.auth.complete(lateRedirect.state!, { code: lateRedirect.code! }));
    expect(expired).toMatchObject({ code: "INVALID_INPUT", details: { reason: "state_expired" } });
    expect((await host.auth.connection("bob", "acme")).status).toBe("not_connected");
    expect(oauth.tokenRequestCount("authorization_code")).toBe(1);
  });

  it("reports a denied authorization and an unknown provider clearly", async () => {
    const { host } = await setup({ pkce: false, clientAuth: "basic" });
    const begun = await host.auth.begin("alice", "acme");
    const denied = await failure(host.auth.complete(begun.state, { error: "access_denied" }));
    expect(denied).toMatchObject({ code: "UNAUTHORIZED" });
    expect(denied.message).toContain("access_denied");
    const unknown = await failure(host.auth.begin("alice", "acmee"));
    expect(unknown).toMatchObject({ code: "NOT_FOUND" });
    expect(unknown.message).toContain("acme");
  });

  it("refreshes before expiry, saves rotated refresh tokens, and answers NOT_CONNECTED once the grant is revoked", async () => {
    const { oauth, host, connect, advance } = await setup({ pkce: true, clientAuth: "basic" });
    await connect();
    advance(2 * 3600_000); // the stored access token is now past its expiry
    await host.runtime.execute("acme get", {}, { userId: "alice" });
    advance(2 * 3600_000);
    // The server rotates refresh tokens and refuses old ones: this only works if the rotated one was saved.
    await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(oauth.tokenRequests.filter((r) => r.grantType === "refresh_token").map((r) => r.status)).toEqual([200, 200]);

    oauth.revokeGrants();
    advance(2 * 3600_000);
    const revoked = await failure(host.runtime.execute("acme get", {}, { userId: "alice" }));
    expect(revoked.code).toBe("NOT_CONNECTED");
    expect(revoked.message).toContain("agx connect acme");
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "needs_reauth" });

    const again = await failure(host.runtime.execute("acme get", {}, { userId: "alice" }));
    expect(again.code).toBe("NOT_CONNECTED");
    expect(oauth.tokenRequestCount("refresh_token")).toBe(3); // a broken connection is not retried

    await connect(); // reconnecting repairs it
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "active" });
  });

  it("refreshes once after a 401 and retries the request once", async () => {
    const { oauth, provider, host, connect } = await setup({ pkce: false, clientAuth: "body" });
    await connect();
    provider.fault({ path: "/v1/me", expiredToken: true });
    const result = await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(result.data).toMatchObject({ id: "me" });
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
    const [first, second] = provider.requests;
    expect(first!.token).not.toBe(second!.token);

    provider.fault({ path: "/v1/me", expiredToken: true, times: 5 });
    const refused = await failure(host.runtime.execute("acme get", {}, { userId: "alice" }));
    expect(refused.code).toBe("UNAUTHORIZED");
    expect(refused.details).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(provider.requests).toHaveLength(4);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(2);
  });

  it("offers the begin/complete/list surface the host's HTTP routes use", async () => {
    const { oauth, host } = await setup({ pkce: true, clientAuth: "body" });
    const routes = host.auth.connectionsService();
    const url = await routes.begin("dave", "acme", "http://127.0.0.1:9/public/oauth/acme/callback");
    const redirect = await oauth.authorize(url);
    expect(redirect.url.pathname).toBe("/public/oauth/acme/callback");
    expect(await routes.complete(redirect.state!, { code: redirect.code! })).toMatchObject({ userId: "dave", provider: "acme", status: "active" });
    expect((await routes.list("dave")).map((c) => c.provider)).toEqual(["acme"]);
  });

  it("answers NOT_CONNECTED for a user who never connected, and disconnect forgets the tokens", async () => {
    const { host, connect } = await setup({ pkce: false, clientAuth: "basic" });
    const never = await failure(host.runtime.execute("acme get", {}, { userId: "carol" }));
    expect(never).toMatchObject({ code: "NOT_CONNECTED", details: { connect: "agx connect acme" } });
    await connect("carol");
    expect((await host.auth.connections()).map((c) => [c.userId, c.provider, c.status])).toEqual([["carol", "acme", "active"]]);
    expect(await host.auth.disconnect("carol", "acme")).toBe(true);
    expect(await host.auth.connections("carol")).toEqual([]);
  });
});
