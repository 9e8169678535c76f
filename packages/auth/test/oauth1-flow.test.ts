import { afterEach, describe, expect, it } from "vitest";
import { hmacSha1Signature, oauth1, signatureBaseString } from "../src/index.js";
import { failure, providerExtension, startAuthHost, startFakeProvider, type FakeRequest } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONSUMER = { key: "consumer-key", secret: "consumer-secret-value" };

/** Parses `Authorization: OAuth k="v", ...` (RFC 5849 3.5.1). */
function oauthHeader(request: FakeRequest): Record<string, string> {
  const header = String(request.headers.authorization ?? "");
  if (!header.startsWith("OAuth ")) return {};
  return Object.fromEntries([...header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)]));
}

/** A provider that checks HMAC-SHA1 signatures the way an OAuth 1.0a server does, against its own secrets. */
async function oauth1Provider() {
  const tokenSecrets = new Map<string, string>(); // request and access tokens -> secret
  const verifiers = new Map<string, string>(); // request token -> verifier
  const access = new Set<string>();
  const verify = (request: FakeRequest, base: string) => {
    const p = oauthHeader(request);
    if (p.oauth_consumer_key !== CONSUMER.key || p.oauth_signature_method !== "HMAC-SHA1") return false;
    const { oauth_signature: signature, realm: _realm, ...signed } = p;
    const form = typeof request.body === "object" && request.body ? Object.entries(request.body as Record<string, string>) : [];
    const url = new URL(base + request.path + request.url.search);
    const baseString = signatureBaseString(request.method, url, [...url.searchParams.entries(), ...form, ...Object.entries(signed)]);
    return hmacSha1Signature(baseString, CONSUMER.secret, p.oauth_token ? (tokenSecrets.get(p.oauth_token) ?? "?") : "") === signature;
  };
  const refuse = { status: 401, text: "oauth_problem=signature_invalid" };
  let base = "";
  const server = await startFakeProvider({
    routes: {
      "POST /oauth/request_token": (req) => {
        if (!verify(req, base) || !oauthHeader(req).oauth_callback) return refuse;
        tokenSecrets.set("req-token", "req-secret");
        verifiers.set("req-token", "verifier-1");
        return { text: "oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true" };
      },
      "POST /oauth/access_token": (req) => {
        const p = oauthHeader(req);
        if (!verify(req, base) || verifiers.get(p.oauth_token!) !== p.oauth_verifier) return refuse;
        tokenSecrets.set("access-token", "access-secret");
        access.add("access-token");
        return { text: "oauth_token=access-token&oauth_token_secret=access-secret" };
      },
      "*  /v1/me": (req) => (verify(req, base) && access.has(oauthHeader(req).oauth_token!) ? { json: { id: "garmin-user" } } : refuse),
    },
  });
  base = server.url;
  cleanups.push(() => server.close());
  return server;
}

describe("OAuth 1.0a", () => {
  it("request token -> authorize -> access token with verifier, then signed API calls", async () => {
    const server = await oauth1Provider();
    const declaration = oauth1({
      requestTokenUrl: `${server.url}/oauth/request_token`,
      authorizeUrl: "https://connect.example/oauthConfirm",
      accessTokenUrl: `${server.url}/oauth/access_token`,
      consumerKeySetting: "GARMIN_CONSUMER_KEY",
      consumerSecretSetting: "GARMIN_CONSUMER_SECRET",
    });
    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [providerExtension("garmin", declaration)],
      settings: { API_URL: server.url, GARMIN_CONSUMER_KEY: CONSUMER.key, GARMIN_CONSUMER_SECRET: CONSUMER.secret },
    });
    cleanups.push(() => host.close());

    const begun = await host.auth.begin("alice", "garmin");
    const url = new URL(begun.url);
    expect(url.origin + url.pathname).toBe("https://connect.example/oauthConfirm");
    expect(url.searchParams.get("oauth_token")).toBe("req-token");
    const callback = new URL(oauthHeader(server.requests[0]!).oauth_callback!);
    expect(callback.searchParams.get("state")).toBe(begun.state);

    const wrong = await failure(host.auth.complete(begun.state, { oauthToken: "req-token", oauthVerifier: "wrong" }));
    expect(wrong.code).toBe("UNAUTHORIZED");
    const again = await host.auth.begin("alice", "garmin");
    const connection = await host.auth.complete(again.state, { oauthToken: "req-token", oauthVerifier: "verifier-1" });
    expect(connection).toMatchObject({ provider: "garmin", kind: "oauth1", status: "active" });

    expect((await host.runtime.execute("garmin get", {}, { userId: "alice" })).data).toEqual({ id: "garmin-user" });
    expect((await host.runtime.execute("garmin get", { path: "/v1/me?day=2024-01-02" }, { userId: "alice" })).data).toEqual({ id: "garmin-user" });
    const stranger = await failure(host.runtime.execute("garmin get", {}, { userId: "bob" }));
    expect(stranger.code).toBe("NOT_CONNECTED");
  });
});
