import { AUTH, Command, Extension, HTTP, inject, secret, SETTINGS, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { apiKey, credentials, oauth2, type AuthService, type HttpClient } from "../src/index.js";
import { failure, startAuthHost, startFakeProvider, type AuthHost, type FakeRequest } from "./support.js";

const CLIENT_SECRET = "client-secret-5b2d9e";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Every secret the auth layer uses for a call must join the call's secret set, so the runtime scrubs it from the
 * result and the error. The probe: a command that puts a value the test knows (`note`) next to what the provider
 * echoed; whatever is registered comes back as [redacted].
 */
function extension(
  id: string,
  auth: ReturnType<typeof oauth2> | ReturnType<typeof apiKey> | ReturnType<typeof credentials>,
  settings: Record<string, z.ZodType> = {},
) {
  @Extension({ id, name: id, description: "Echo probe.", settings: z.object({ API_URL: z.string(), ...settings }), auth })
  class Probe {
    constructor(
      @inject(HTTP) private readonly http: HttpClient,
      @inject(AUTH) private readonly auth: AuthService,
      @inject(SETTINGS) private readonly s: { API_URL: string },
    ) {}

    @Command({ name: `${id} echo`, description: "GET /v1/me and return it with the note.", input: z.object({ note: z.string().default("") }) })
    async echo(input: { note: string }) {
      return { data: { body: await this.http.get(`${this.s.API_URL}/v1/me`).json(), note: input.note } };
    }

    @Command({ name: `${id} token`, description: "Return the access token with the note.", input: z.object({ note: z.string().default("") }) })
    async token(input: { note: string }) {
      return { data: { token: await this.auth.accessToken(), note: input.note } };
    }
  }
  return Probe;
}

/**
 * An OAuth 2.0 provider whose token endpoint issues numbered tokens (so the test knows the next ones) and rotates
 * refresh tokens; the API accepts only the newest access token and echoes the caller's token back.
 */
async function numberedOAuth(dialect: "sqlite" | "postgresql" = "sqlite") {
  let issued = 1;
  const accessToken = (n: number) => `access-token-${n}-a7f3`;
  const refreshToken = (n: number) => `refresh-token-${n}-c9e1`;
  const tokenEndpoint = await startFakeProvider({
    routes: {
      "POST /token": (req: FakeRequest) => {
        const form = req.body as Record<string, string>;
        if (form.refresh_token !== refreshToken(issued))
          return {
            status: 400,
            json: { error: "invalid_grant", error_description: `unknown refresh token ${form.refresh_token} for client ${form.client_secret}` },
          };
        issued += 1;
        return { json: { access_token: accessToken(issued), refresh_token: refreshToken(issued), token_type: "Bearer", expires_in: 3600 } };
      },
    },
  });
  cleanups.push(() => tokenEndpoint.close());
  const api = await startFakeProvider({
    bearer: (token) => token === accessToken(issued),
    routes: { "GET /v1/me": (req) => ({ json: { id: "me", token: req.token } }) },
  });
  cleanups.push(() => api.close());
  const Probe = extension(
    "tok",
    oauth2({
      authorizeUrl: `${tokenEndpoint.url}/authorize`,
      tokenUrl: `${tokenEndpoint.url}/token`,
      scopes: ["read"],
      pkce: false,
      clientAuth: "body",
      clientIdSetting: "TOK_CLIENT_ID",
      clientSecretSetting: "TOK_CLIENT_SECRET",
    }),
  );
  let offsetMs = 0;
  const host = await startAuthHost({
    dialect,
    extensions: [Probe],
    settings: { API_URL: api.url, TOK_CLIENT_ID: "client-id", TOK_CLIENT_SECRET: CLIENT_SECRET },
    auth: { now: () => new Date(Date.now() + offsetMs) },
  });
  cleanups.push(() => host.close());
  await host.auth.adoptTokens("alice", "tok", { accessToken: accessToken(1), refreshToken: refreshToken(1), expiresIn: 3600 }, "alice@example.test");
  return {
    host,
    api,
    tokenEndpoint,
    accessToken,
    refreshToken,
    advance: (ms: number) => (offsetMs += ms),
  };
}

const call = (host: AuthHost, command: string, note: string) => host.runtime.execute(command, { note }, { userId: "alice" });

describe("secrets registered with a call", () => {
  it("the access and refresh tokens of a plain call, and the client secret", async () => {
    const { host, api, accessToken, refreshToken } = await numberedOAuth();
    api.hostile({ echoSecrets: { fields: ["id"] } }); // the bearer token comes back as `echo` and inside `id`
    const result = JSON.stringify(await call(host, "tok echo", `${refreshToken(1)} ${CLIENT_SECRET}`));
    expect(result).toContain('"id":"me [redacted]"');
    expect(result).toContain('"echo":"[redacted]"');
    for (const value of [accessToken(1), refreshToken(1), CLIENT_SECRET]) expect(result).not.toContain(value);
    expect(result).toContain("[redacted]");
  });

  it("the tokens a refresh due by the clock brings, through AUTH.accessToken()", async () => {
    const { host, accessToken, refreshToken, advance } = await numberedOAuth();
    advance(2 * 3600_000);
    // The refresh runs just before the call (so its write is not part of the call's transaction); the call then
    // holds the new tokens. The spent refresh token 1 never reaches the API, so nothing can echo it.
    const result = JSON.stringify(await call(host, "tok token", `${accessToken(2)} ${refreshToken(2)}`));
    expect(result).toContain("[redacted]");
    for (const value of [accessToken(2), refreshToken(2)]) expect(result).not.toContain(value);
  });

  it("the old and new tokens of a refresh in the middle of a call (after a 401)", async () => {
    const { host, api, accessToken, refreshToken, tokenEndpoint } = await numberedOAuth();
    api.fault({ path: "/v1/me", expiredToken: true }); // the first request is refused: the client refreshes mid-call
    const result = JSON.stringify(await call(host, "tok echo", `${accessToken(1)} ${refreshToken(1)} ${refreshToken(2)}`));
    expect(tokenEndpoint.requestsTo("/token")).toHaveLength(1);
    expect(result).toContain('"id":"me"');
    for (const value of [accessToken(1), accessToken(2), refreshToken(1), refreshToken(2)]) expect(result).not.toContain(value);
  });

  it("a token endpoint that echoes the refresh token and client secret in its refusal", async () => {
    const { host, api, tokenEndpoint, refreshToken } = await numberedOAuth();
    api.fault({ path: "/v1/me", expiredToken: true });
    tokenEndpoint.route("POST /token", (req) => {
      const form = req.body as Record<string, string>;
      return { status: 400, json: { error: "invalid_request", error_description: `bad request: refresh ${form.refresh_token}, secret ${form.client_secret}` } };
    });
    const refused = await failure(call(host, "tok echo", ""));
    const seen = JSON.stringify({ ...refused, message: refused.message });
    expect(seen).toContain("bad request");
    for (const value of [refreshToken(1), CLIENT_SECRET]) expect(seen).not.toContain(value);
  });

  it("a user's API key and credentials password", async () => {
    const api = await startFakeProvider({ routes: { "GET /v1/me": (req) => ({ json: { id: "me", key: req.headers["x-api-key"] ?? null } }) } });
    cleanups.push(() => api.close());
    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [
        extension("keyed", apiKey({ setting: "KEYED_KEY", header: "X-Api-Key" }), { KEYED_KEY: secret(z.string()) }),
        extension("creds", credentials({ fields: ["CREDS_USER", { name: "CREDS_HOST", secret: false }, "CREDS_PASSWORD"] }), {
          CREDS_USER: secret(z.string()),
          CREDS_HOST: z.string(),
          CREDS_PASSWORD: secret(z.string()),
        }),
      ],
      settings: { API_URL: api.url },
    });
    cleanups.push(() => host.close());
    await host.auth.setSecret("alice", "keyed", "KEYED_KEY", "users-own-api-key-77");
    for (const [name, value] of [
      ["CREDS_USER", "robot-user-blid-12"],
      ["CREDS_HOST", "192.0.2.10"],
      ["CREDS_PASSWORD", "robot-password-34"],
    ])
      await host.auth.setSecret("alice", "creds", name!, value!);

    const keyed = JSON.stringify(await call(host, "keyed echo", ""));
    expect(keyed).toContain('"id":"me"');
    expect(keyed).not.toContain("users-own-api-key-77");
    const creds = JSON.stringify(await call(host, "creds echo", "robot-user-blid-12 robot-password-34 192.0.2.10"));
    expect(creds).not.toContain("robot-user-blid-12");
    expect(creds).not.toContain("robot-password-34");
    expect(creds).toContain("192.0.2.10"); // declared not secret
  });
});
