import { afterEach, describe, expect, it } from "vitest";
import { AUTH, Command, Extension, HTTP, inject, SETTINGS, z, type CommandContext, CONTEXT } from "@agx-ext/core";
import { hmacSha1Signature, oauth2, signatureBaseString, type AuthService, type HttpClient } from "../src/index.js";
import { connectUser, failure, startAuthHost, startFakeProvider, startOAuthServer, type FakeRequest } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONSUMER = { key: "wellness-client-id", secret: "wellness-oauth1-consumer-secret" };
const LEGACY = { token: "legacy-token-71c2", tokenSecret: "legacy-secret-0d9e" };

function oauthHeader(request: FakeRequest): Record<string, string> {
  const header = String(request.headers.authorization ?? "");
  if (!header.startsWith("OAuth ")) return {};
  return Object.fromEntries([...header.slice(6).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)]));
}

@Extension({
  id: "wellness",
  name: "Wellness",
  description: "An API that moved from OAuth 1.0a to OAuth 2.0.",
  settings: z.object({ API_URL: z.string() }),
  auth: oauth2({
    authorizeUrl: "https://wellness.example/authorize",
    tokenUrl: "https://wellness.example/token",
    scopes: [],
    pkce: true,
    clientAuth: "body",
    clientIdSetting: "WELLNESS_CLIENT_ID",
    clientSecretSetting: "WELLNESS_CLIENT_SECRET",
    legacyOAuth1: { consumerKeySetting: "WELLNESS_CLIENT_ID", consumerSecretSetting: "WELLNESS_OAUTH1_SECRET", usableUntil: "2026-12-31" },
  }),
})
class Wellness {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(AUTH) private readonly auth: AuthService,
    @inject(SETTINGS) private readonly settings: { API_URL: string },
    @inject(CONTEXT) private readonly context: CommandContext,
  ) {}

  @Command({ name: "Wellness Me", description: "Who the user is." })
  async me() {
    return { data: await this.http.get(`${this.settings.API_URL}/user/id`).json() };
  }

  @Command({ name: "Wellness Import", description: "Keeps an OAuth 1.0a token.", input: z.object({ token: z.string(), secret: z.string() }) })
  async import(input: { token: string; secret: string }) {
    const connection = await this.auth.adoptLegacyOAuth1Token({ token: input.token, tokenSecret: input.secret }, async (http) => {
      const { userId } = await http.get(`${this.settings.API_URL}/user/id`, { signal: this.context.signal }).json<{ userId: string }>();
      return userId;
    });
    return { data: { status: connection.status, kind: connection.kind, account: connection.account } };
  }
}

async function setup(clock?: () => Date) {
  const oauth = await startOAuthServer({ clientId: CONSUMER.key, clientAuth: "body" });
  cleanups.push(() => oauth.stop());
  const legacyTokens = new Map([[LEGACY.token, LEGACY.tokenSecret]]);
  let base = "";
  const signed = (req: FakeRequest) => {
    const p = oauthHeader(req);
    if (p.oauth_consumer_key !== CONSUMER.key || !p.oauth_token) return false;
    const { oauth_signature: signature, ...rest } = p;
    const url = new URL(base + req.path + req.url.search);
    const baseString = signatureBaseString(req.method, url, [...url.searchParams.entries(), ...Object.entries(rest)]);
    return hmacSha1Signature(baseString, CONSUMER.secret, legacyTokens.get(p.oauth_token) ?? "?") === signature;
  };
  const api = await startFakeProvider({
    routes: {
      "GET /user/id": (req) =>
        signed(req) || (req.token && oauth.isValidAccessToken(req.token))
          ? { json: { userId: "user-4711" } }
          : { status: 401, json: { errorMessage: "Unauthorized" } },
    },
  });
  base = api.url;
  cleanups.push(() => api.close());
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [Wellness],
    settings: {
      API_URL: api.url,
      WELLNESS_CLIENT_ID: oauth.clientId,
      WELLNESS_CLIENT_SECRET: oauth.clientSecret,
      WELLNESS_OAUTH1_SECRET: CONSUMER.secret,
      WELLNESS_AUTHORIZE_URL: oauth.authorizeUrl,
      WELLNESS_TOKEN_URL: oauth.tokenUrl,
      WELLNESS_USERINFO_URL: `${api.url}/user/id`,
    },
    ...(clock ? { clock } : {}),
  });
  cleanups.push(() => host.close());
  const run = (name: string, input: Record<string, unknown> = {}) => host.runtime.execute(name, input, { userId: "alice" });
  return { oauth, api, host, run, legacyTokens };
}

describe("legacy OAuth 1.0a connections of an OAuth 2.0 provider", () => {
  it("verifies, stores and signs with the legacy token; OAuth 2.0 replaces it; a legacy import never replaces OAuth 2.0", async () => {
    const { oauth, api, host, run } = await setup();
    const bad = await failure(run("Wellness Import", { token: LEGACY.token, secret: "wrong" }));
    expect(bad.code).toBe("UNAUTHORIZED");
    expect((await failure(run("Wellness Me"))).code).toBe("NOT_CONNECTED"); // nothing stored

    expect((await run("Wellness Import", { token: LEGACY.token, secret: LEGACY.tokenSecret })).data).toEqual({
      status: "connected",
      kind: "oauth1",
      account: "user-4711",
    });
    expect((await run("Wellness Me")).data).toEqual({ userId: "user-4711" });
    expect(String(api.requests.at(-1)!.headers.authorization)).toMatch(/^OAuth .*oauth_signature_method="HMAC-SHA1"/);

    await connectUser(host.auth, oauth, "alice", "wellness");
    expect((await run("Wellness Me")).data).toEqual({ userId: "user-4711" });
    expect(String(api.requests.at(-1)!.headers.authorization)).toMatch(/^Bearer /);
    expect((await failure(run("Wellness Import", { token: LEGACY.token, secret: LEGACY.tokenSecret }))).code).toBe("CONFLICT");
  });

  it("answers NOT_CONNECTED when the provider refuses the legacy token, without a refresh attempt", async () => {
    const { oauth, run, legacyTokens } = await setup();
    await run("Wellness Import", { token: LEGACY.token, secret: LEGACY.tokenSecret });
    legacyTokens.delete(LEGACY.token);
    const refused = await failure(run("Wellness Me"));
    expect(refused.code).toBe("NOT_CONNECTED");
    expect(refused.message).toContain("agx connect wellness");
    expect(oauth.tokenRequestCount()).toBe(0);
  });

  it("stops signing after the last usable day (the call's clock)", async () => {
    let now = new Date("2026-12-31T23:59:00Z");
    const { api, run } = await setup(() => now);
    await run("Wellness Import", { token: LEGACY.token, secret: LEGACY.tokenSecret });
    now = new Date("2027-01-01T00:00:01Z");
    const before = api.requests.length;
    const retired = await failure(run("Wellness Me"));
    expect(retired.code).toBe("NOT_CONNECTED");
    expect(retired.message).toContain("retired OAuth 1.0a on 2026-12-31");
    expect(api.requests.length).toBe(before);
    expect((await failure(run("Wellness Import", { token: LEGACY.token, secret: LEGACY.tokenSecret }))).code).toBe("INVALID_INPUT");
  });
});

describe("adopting an OAuth 2.0 token set obtained outside the browser flow", () => {
  it("stores tokens, expiry, scopes and account, replaces a legacy connection, and refreshes like a connected one", async () => {
    const { oauth, api, host, run } = await setup();
    // A token set the authorization server really issued, as a provider's token exchange would hand it over.
    await connectUser(host.auth, oauth, "carol", "wellness");
    const issued = {
      accessToken: await host.auth.accessToken("carol", "wellness"),
      refreshToken: oauth.currentRefreshToken()!,
      expiresIn: 3600,
      scope: "read write",
    };

    await run("Wellness Import", { token: LEGACY.token, secret: LEGACY.tokenSecret });
    const adopted = await host.auth.adoptTokens("alice", "wellness", issued, "user-4711");
    expect(adopted).toMatchObject({ kind: "oauth2", status: "active", scopes: ["read", "write"], account: "user-4711" });
    expect(Date.parse(adopted.expiresAt!)).toBeGreaterThan(Date.now());
    expect((await run("Wellness Me")).data).toEqual({ userId: "user-4711" });
    expect(String(api.requests.at(-1)!.headers.authorization)).toBe(`Bearer ${issued.accessToken}`);

    oauth.expireAccessTokens();
    expect((await run("Wellness Me")).data).toEqual({ userId: "user-4711" });
    expect(oauth.tokenRequests.at(-1)).toMatchObject({ grantType: "refresh_token", status: 200 });
    expect((await failure(host.auth.adoptTokens("alice", "wellness", { accessToken: "" }))).code).toBe("INVALID_INPUT");
  });
});
