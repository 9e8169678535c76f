import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { hmacSha1Signature, oauth1, oauth2, signatureBaseString } from "../src/index.js";
import { DATABASES } from "@agx-ext/test-servers/database";
import { failure, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type FakeRequest } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const secret = () => randomBytes(32).toString("base64url");

async function oauth2Host(dialect: (typeof DATABASES)[number]) {
  const oauth = await startOAuthServer({ pkce: "required" });
  cleanups.push(() => oauth.stop());
  const declaration = oauth2({
    authorizeUrl: "https://acme.example/oauth/authorize",
    tokenUrl: "https://acme.example/oauth/token",
    scopes: ["profile"],
    pkce: true,
    clientAuth: "basic",
    clientIdSetting: "ACME_CLIENT_ID",
    clientSecretSetting: "ACME_CLIENT_SECRET",
  });
  const host = await startAuthHost({
    dialect,
    extensions: [providerExtension("acme", declaration)],
    settings: {
      API_URL: oauth.issuer,
      ACME_CLIENT_ID: oauth.clientId,
      ACME_CLIENT_SECRET: oauth.clientSecret,
      ACME_AUTHORIZE_URL: oauth.authorizeUrl,
      ACME_TOKEN_URL: oauth.tokenUrl,
    },
  });
  cleanups.push(() => host.close());
  return { oauth, host };
}

describe.each(DATABASES)("a connect flow bound to its browser on %s", (dialect) => {
  it("finishes only with the secret it was begun with", async () => {
    const { oauth, host } = await oauth2Host(dialect);
    const browser = secret();
    const begun = await host.auth.begin("bob", "acme", { redirectUri: "http://127.0.0.1:9/cb", browserSecret: browser });
    const redirect = await oauth.authorize(begun.url);
    const done = await host.auth.complete(redirect.state!, { code: redirect.code! }, { browserSecret: browser });
    expect(done).toMatchObject({ userId: "bob", provider: "acme", connected: true });
    expect(await failure(host.auth.complete(redirect.state!, { code: redirect.code! }, { browserSecret: browser }))).toMatchObject({
      details: { reason: "state_used" },
    });
  });

  it.each([
    ["no cookie", () => ""],
    ["a cookie of its own", secret],
    ["no browser secret at all", () => undefined],
  ])("refuses another browser (%s) and uses the flow up, so the code it got cannot be finished later", async (_name, other) => {
    const { oauth, host } = await oauth2Host(dialect);
    const browser = secret();
    const begun = await host.auth.begin("bob", "acme", { redirectUri: "http://127.0.0.1:9/cb", browserSecret: browser });
    const redirect = await oauth.authorize(begun.url);
    const otherSecret = other();
    const refused = await failure(
      host.auth.complete(redirect.state!, { code: redirect.code! }, otherSecret === undefined ? {} : { browserSecret: otherSecret }),
    );
    expect(refused).toMatchObject({ code: "INVALID_INPUT", details: { reason: "other_browser" } });
    expect(refused.message).toContain("another browser");
    // Even the starting browser cannot finish it with the code the other browser received.
    expect(await failure(host.auth.complete(redirect.state!, { code: redirect.code! }, { browserSecret: browser }))).toMatchObject({
      details: { reason: "state_used" },
    });
    expect(oauth.tokenRequestCount()).toBe(0);
    expect((await host.auth.connection("bob", "acme")).connected).toBe(false);
  });

  it("refuses to finish an unbound flow with a browser secret, and refuses a short secret at begin", async () => {
    const { oauth, host } = await oauth2Host(dialect);
    const begun = await host.auth.begin("bob", "acme", { redirectUri: "http://127.0.0.1:9/cb" });
    const redirect = await oauth.authorize(begun.url);
    expect(await failure(host.auth.complete(redirect.state!, { code: redirect.code! }, { browserSecret: secret() }))).toMatchObject({
      details: { reason: "other_browser" },
    });
    expect(await failure(host.auth.begin("bob", "acme", { browserSecret: "short" }))).toMatchObject({ code: "INVALID_INPUT" });
    // The CLI's way (no browser secret on either side) still works.
    const cli = await host.auth.begin("bob", "acme", { redirectUri: "http://127.0.0.1:9/cb" });
    const answer = await oauth.authorize(cli.url);
    expect(await host.auth.complete(answer.state!, { code: answer.code! })).toMatchObject({ connected: true });
  });
});

const CONSUMER = { key: "consumer-key", secret: "consumer-secret-value" };

function oauthHeader(request: FakeRequest): Record<string, string> {
  const header = String(request.headers.authorization ?? "");
  if (!header.startsWith("OAuth ")) return {};
  return Object.fromEntries([...header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)]));
}

/** An OAuth 1.0a provider checking HMAC-SHA1 signatures (as in oauth1-flow.test.ts). */
async function oauth1Provider() {
  const tokenSecrets = new Map<string, string>();
  let base = "";
  const verify = (request: FakeRequest) => {
    const p = oauthHeader(request);
    if (p.oauth_consumer_key !== CONSUMER.key) return false;
    const { oauth_signature: signature, realm: _realm, ...signed } = p;
    const url = new URL(base + request.path + request.url.search);
    const baseString = signatureBaseString(request.method, url, [...url.searchParams.entries(), ...Object.entries(signed)]);
    return hmacSha1Signature(baseString, CONSUMER.secret, p.oauth_token ? (tokenSecrets.get(p.oauth_token) ?? "?") : "") === signature;
  };
  const refuse = { status: 401, text: "oauth_problem=signature_invalid" };
  const server = await startFakeProvider({
    routes: {
      "POST /oauth/request_token": (req) => {
        if (!verify(req)) return refuse;
        tokenSecrets.set("req-token", "req-secret");
        return { text: "oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true" };
      },
      "POST /oauth/access_token": (req) => {
        if (!verify(req) || oauthHeader(req).oauth_verifier !== "verifier-1") return refuse;
        return { text: "oauth_token=access-token&oauth_token_secret=access-secret" };
      },
    },
  });
  base = server.url;
  cleanups.push(() => server.close());
  return server;
}

describe.each(DATABASES)("an OAuth 1.0a flow bound to its browser on %s", (dialect) => {
  it("finishes only in the browser that started it", async () => {
    const server = await oauth1Provider();
    const declaration = oauth1({
      requestTokenUrl: `${server.url}/oauth/request_token`,
      authorizeUrl: "https://connect.example/oauthConfirm",
      accessTokenUrl: `${server.url}/oauth/access_token`,
      consumerKeySetting: "GARMIN_CONSUMER_KEY",
      consumerSecretSetting: "GARMIN_CONSUMER_SECRET",
    });
    const host = await startAuthHost({
      dialect,
      extensions: [providerExtension("garmin", declaration)],
      settings: { API_URL: server.url, GARMIN_CONSUMER_KEY: CONSUMER.key, GARMIN_CONSUMER_SECRET: CONSUMER.secret },
    });
    cleanups.push(() => host.close());
    const browser = secret();
    const begun = await host.auth.begin("bob", "garmin", { browserSecret: browser });
    const answer = { oauthToken: "req-token", oauthVerifier: "verifier-1" };

    expect(await failure(host.auth.complete(begun.state, answer, { browserSecret: "" }))).toMatchObject({ details: { reason: "other_browser" } });
    expect(await failure(host.auth.complete(begun.state, answer, { browserSecret: browser }))).toMatchObject({ details: { reason: "state_used" } });
    expect(server.requests.filter((r) => r.path === "/oauth/access_token")).toHaveLength(0);
    expect((await host.auth.connection("bob", "garmin")).connected).toBe(false);

    // Started and finished in the same browser, it connects.
    const again = await host.auth.begin("bob", "garmin", { browserSecret: browser });
    expect(await failure(host.auth.complete(again.state, answer, { browserSecret: secret() }))).toMatchObject({ details: { reason: "other_browser" } });
    const third = await host.auth.begin("bob", "garmin", { browserSecret: browser });
    expect(await host.auth.complete(third.state, answer, { browserSecret: browser })).toMatchObject({ userId: "bob", provider: "garmin", connected: true });
  });
});
