import { createServer, type ServerResponse } from "node:http";
import { Command, Extension, HTTP, inject, secret, SETTINGS, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { listenLocally } from "@agx-ext/test-servers/local-server";
import { apiKey, oauth1, oauth2, type HttpClient } from "../src/index.js";
import { connectUser, failure, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type AuthHost, type FakeProvider } from "./support.js";

const KEY = "sk-hostile-5e6f7a8b";
const MB = 1024 * 1024;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

@Extension({
  id: "wx",
  name: "Test wx",
  description: "Calls a provider that misbehaves.",
  settings: z.object({ API_URL: z.string().url(), WX_API_KEY: secret(z.string().min(1)) }),
  auth: apiKey({ setting: "WX_API_KEY", header: "X-Api-Key" }),
})
class Wx {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(SETTINGS) private readonly settings: { API_URL: string },
  ) {}

  @Command({ name: "wx get", description: "Fetch JSON.", input: z.object({ path: z.string(), method: z.string().default("GET") }) })
  async get(input: { path: string; method: string }) {
    const data = (await this.http(`${this.settings.API_URL}${input.path}`, { method: input.method as "GET" }).json()) as Record<string, unknown>;
    return { data: { keys: Object.keys(data), bytes: JSON.stringify(data).length } };
  }
}

async function startHost(apiUrl: string, settings: Record<string, string> = {}): Promise<AuthHost> {
  const host = await startAuthHost({ dialect: "sqlite", extensions: [Wx], settings: { API_URL: apiUrl, WX_API_KEY: KEY, ...settings } });
  cleanups.push(() => host.close());
  return host;
}

async function setup(settings: Record<string, string> = {}): Promise<{ host: AuthHost; provider: FakeProvider }> {
  const provider = await startFakeProvider({ routes: { "GET /v1/me": () => ({ json: { id: "me" } }), "POST /v1/me": () => ({ json: { id: "me" } }) } });
  cleanups.push(() => provider.close());
  return { host: await startHost(provider.url, settings), provider };
}

/** A provider written by hand for what the fake cannot do: bodies that never end, or lie about their length. */
async function rawProvider(answer: (res: ServerResponse, closed: Promise<void>) => void): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const server = createServer((req, res) => {
    const closed = new Promise<void>((resolve) => res.on("close", resolve));
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer | string, ...rest: never[]) => {
      sent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    answer(res, closed);
  });
  const local = await listenLocally(server);
  cleanups.push(() => local.close());
  return { url: local.url, sent: () => sent };
}

const run = (host: AuthHost, path = "/v1/me", method = "GET") => host.runtime.execute("wx get", { path, method }, { userId: "alice" });

describe("a provider that sends huge bodies", () => {
  it("stops reading past the default 10 MB and answers PROVIDER_ERROR naming the provider, without retrying", async () => {
    const { host, provider } = await setup();
    provider.hostile({ hugeBodyBytes: 11 * MB });
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "wx", host: new URL(provider.url).host, maxBytes: 10 * MB } });
    expect(failed.message).toMatch(/^wx \(127\.0\.0\.1:\d+\) sent an answer larger than 10485760 bytes/);
    expect(failed.message).toContain("WX_HTTP_MAX_BODY_BYTES");
    expect(provider.requestsTo("/v1/me")).toHaveLength(1);

    provider.hostile({ hugeBodyBytes: 9 * MB });
    expect((await run(host)).data).toMatchObject({ keys: ["id", "padding"] });
  });

  it("<PROVIDER>_HTTP_MAX_BODY_BYTES, else AGX_HTTP_MAX_BODY_BYTES, sets the limit", async () => {
    const { host, provider } = await setup({ WX_HTTP_MAX_BODY_BYTES: "20000", AGX_HTTP_MAX_BODY_BYTES: "1000" });
    provider.hostile({ hugeBodyBytes: 30_000 });
    expect(await failure(run(host))).toMatchObject({ code: "PROVIDER_ERROR", details: { maxBytes: 20_000 } });
    provider.hostile({ hugeBodyBytes: 10_000 });
    expect((await run(host)).data).toMatchObject({ keys: ["id", "padding"] });

    const other = await setup({ AGX_HTTP_MAX_BODY_BYTES: "1000" });
    other.provider.hostile({ hugeBodyBytes: 2000 });
    expect(await failure(run(other.host))).toMatchObject({ code: "PROVIDER_ERROR", details: { maxBytes: 1000 } });
  });

  it("refuses a limit that is not a positive number of bytes", async () => {
    const { host } = await setup({ AGX_HTTP_MAX_BODY_BYTES: "lots" });
    expect(await failure(run(host))).toMatchObject({ code: "NOT_CONFIGURED", details: { invalid: ["AGX_HTTP_MAX_BODY_BYTES"] } });
  });

  it("hangs up on a body that never ends instead of buffering it", async () => {
    const endless = await rawProvider((res, closed) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"padding":"');
      const chunk = "x".repeat(64 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
      void closed;
    });
    const host = await startHost(endless.url, { WX_HTTP_MAX_BODY_BYTES: String(MB) });
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { maxBytes: MB } });
    expect(endless.sent()).toBeLessThan(20 * MB); // socket buffers aside, the rest was never sent
  });

  it("gives up at once when Content-Length announces more than the limit", async () => {
    const liar = await rawProvider((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(1024 * MB) });
      res.write('{"padding":"');
      // ...and nothing more: waiting for the rest would last until the timeout.
    });
    const host = await startHost(liar.url, { WX_HTTP_MAX_BODY_BYTES: String(MB), WX_HTTP_TIMEOUT_MS: "60000" });
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { maxBytes: MB } });
    expect(failed.message).not.toContain("in time");
  });
});

describe("a provider that drops the connection", () => {
  it("answers PROVIDER_ERROR saying the connection was closed, after one retry of an idempotent request", async () => {
    const { host, provider } = await setup();
    provider.hostile({ dropConnection: true });
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "wx", host: new URL(provider.url).host, code: "ECONNRESET" } });
    expect(failed.message).toMatch(/^wx \(127\.0\.0\.1:\d+\) closed the connection without answering/);
    expect(provider.requestsTo("/v1/me", "GET")).toHaveLength(2); // the policy allows 2 retries; a dropped connection gets one

    expect((await failure(run(host, "/v1/me", "POST"))).message).toContain("closed the connection");
    expect(provider.requestsTo("/v1/me", "POST")).toHaveLength(1); // a POST is never repeated

    provider.hostile();
    expect((await run(host)).data).toMatchObject({ keys: ["id"] });
  });
});

describe("a provider that hangs up halfway through its answer", () => {
  it("answers PROVIDER_ERROR saying the connection was closed", async () => {
    let requests = 0;
    const halfway = await rawProvider((res) => {
      requests += 1;
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"id":"me","padding":"xxxx');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const host = await startHost(halfway.url);
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "wx" } });
    expect(failed.message).toContain("closed the connection");
    expect(failed.message).toMatch(/^wx \(127\.0\.0\.1:\d+\) closed the connection before its answer was complete/);
    expect(requests).toBeLessThanOrEqual(2); // at most the one retry a dropped connection gets
  });
});

describe("a provider that answers slowly", () => {
  it("is bounded by the timeout setting: PROVIDER_ERROR naming the provider", async () => {
    const { host, provider } = await setup({ WX_HTTP_TIMEOUT_MS: "200" });
    provider.hostile({ delayMs: 3000 });
    const failed = await failure(run(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "wx", timeout: "request" } });
    expect(failed.message).toMatch(/^wx \(127\.0\.0\.1:\d+\) did not answer in time/);
    expect(provider.requestsTo("/v1/me")).toHaveLength(3); // first try + the policy's 2 retries, each bounded
  });
});

describe("a hostile token endpoint", () => {
  /** An OAuth 2.0 connection whose access token is due, refreshed at a fake token endpoint that can misbehave. */
  async function dueConnection(settings: Record<string, string> = {}) {
    const tokens = await startFakeProvider({
      routes: { "POST /token": () => ({ json: { access_token: "fresh-access", token_type: "Bearer", expires_in: 3600 } }) },
    });
    cleanups.push(() => tokens.close());
    const api = await startFakeProvider({ bearer: ["fresh-access"], routes: { "GET /v1/me": () => ({ json: { id: "me" } }) } });
    cleanups.push(() => api.close());

    @Extension({
      id: "tok",
      name: "Tok",
      description: "OAuth against a hostile token endpoint.",
      settings: z.object({ API_URL: z.string() }),
      auth: oauth2({
        authorizeUrl: `${tokens.url}/authorize`,
        tokenUrl: `${tokens.url}/token`,
        scopes: ["read"],
        pkce: false,
        clientAuth: "body",
        clientIdSetting: "TOK_CLIENT_ID",
        clientSecretSetting: "TOK_CLIENT_SECRET",
      }),
    })
    class Tok {
      constructor(
        @inject(HTTP) private readonly http: HttpClient,
        @inject(SETTINGS) private readonly s: { API_URL: string },
      ) {}

      @Command({ name: "tok get", description: "GET /v1/me." })
      async get() {
        return { data: await this.http.get(`${this.s.API_URL}/v1/me`).json() };
      }
    }

    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [Tok],
      settings: { API_URL: api.url, TOK_CLIENT_ID: "client", TOK_CLIENT_SECRET: "client-secret-value", ...settings },
      // No cooldown: each call here must reach the token endpoint (the cooldown has its own tests).
      auth: { refreshCooldownSeconds: 0 },
    });
    cleanups.push(() => host.close());
    await host.auth.adoptTokens("alice", "tok", { accessToken: "stale-access", refreshToken: "refresh-value", expiresIn: 1 }, "alice@example.test");
    return { host, tokens };
  }

  const call = (host: AuthHost) => host.runtime.execute("tok get", {}, { userId: "alice" });

  it("a huge token answer is cut off: PROVIDER_ERROR naming the provider and the limit", async () => {
    const { host, tokens } = await dueConnection({ TOK_HTTP_MAX_BODY_BYTES: "10000" });
    tokens.hostile({ hugeBodyBytes: 100_000 });
    const failed = await failure(call(host));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "tok", maxBytes: 10_000 } });
    expect(failed.message).toContain("larger than 10000 bytes");
    tokens.hostile();
    expect((await call(host)).data).toEqual({ id: "me" });
  });

  it("a dropped connection and a slow answer are PROVIDER_ERRORs that say so", async () => {
    const { host, tokens } = await dueConnection({ TOK_HTTP_TIMEOUT_MS: "200" });
    tokens.hostile({ dropConnection: true });
    const dropped = await failure(call(host));
    expect(dropped).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "tok" } });
    expect(dropped.message).toContain("closed the connection without answering");

    tokens.hostile({ delayMs: 3000 });
    const slow = await failure(call(host));
    expect(slow).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "tok" } });
    expect(slow.message).toContain("did not answer in time");
    expect(await host.auth.connection("alice", "tok")).toMatchObject({ status: "degraded", connected: true }); // transient: not needs_reauth
  });
});

describe("hostile endpoints of the connect flow", () => {
  it("an OAuth 1.0a request token answer that is too large fails PROVIDER_ERROR naming the limit", async () => {
    const server = await startFakeProvider({ routes: { "POST /oauth/request_token": () => ({ text: "oauth_token=t&oauth_token_secret=s" }) } });
    cleanups.push(() => server.close());
    const declaration = oauth1({
      requestTokenUrl: `${server.url}/oauth/request_token`,
      authorizeUrl: `${server.url}/oauth/authorize`,
      accessTokenUrl: `${server.url}/oauth/access_token`,
      consumerKeySetting: "OLD_KEY",
      consumerSecretSetting: "OLD_SECRET",
    });
    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [providerExtension("old", declaration)],
      settings: { API_URL: server.url, OLD_KEY: "k", OLD_SECRET: "s", OLD_HTTP_MAX_BODY_BYTES: "5000" },
    });
    cleanups.push(() => host.close());
    server.hostile({ hugeBodyBytes: 50_000 });
    expect(await failure(host.auth.begin("alice", "old"))).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "old", maxBytes: 5000 } });
    server.hostile({ dropConnection: true });
    expect(await failure(host.auth.begin("alice", "old"))).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "old" } });
    server.hostile();
    expect((await host.auth.begin("alice", "old")).url).toContain("oauth_token=t");
  });

  it("a userinfo answer that is too large only costs the account name", async () => {
    const oauth = await startOAuthServer();
    cleanups.push(() => oauth.stop());
    const userinfo = await startFakeProvider({ routes: { "GET /userinfo": () => ({ json: { email: "alice@example.test" } }) } });
    cleanups.push(() => userinfo.close());
    const declaration = oauth2({
      authorizeUrl: oauth.authorizeUrl,
      tokenUrl: oauth.tokenUrl,
      scopes: ["read"],
      pkce: true,
      clientAuth: "basic",
      clientIdSetting: "UI_CLIENT_ID",
      clientSecretSetting: "UI_CLIENT_SECRET",
      userInfo: { url: `${userinfo.url}/userinfo` },
    });
    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [providerExtension("ui", declaration)],
      settings: { API_URL: userinfo.url, UI_CLIENT_ID: oauth.clientId, UI_CLIENT_SECRET: oauth.clientSecret, UI_HTTP_MAX_BODY_BYTES: "5000" },
    });
    cleanups.push(() => host.close());
    userinfo.hostile({ hugeBodyBytes: 50_000 });
    const connected = await connectUser(host.auth, oauth, "alice", "ui");
    expect(connected).toMatchObject({ status: "active" });
    expect(connected).not.toHaveProperty("account");
    userinfo.hostile();
    expect(await connectUser(host.auth, oauth, "alice", "ui")).toMatchObject({ status: "active", account: "alice@example.test" });
  });
});
