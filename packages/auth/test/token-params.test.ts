import { afterEach, describe, expect, it } from "vitest";
import { oauth2, type OAuth2Options } from "../src/index.js";
import { connectUser, failure, providerExtension, startAuthHost, startOAuthServer } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(extra: Pick<OAuth2Options, "extraTokenParams" | "extraRefreshParams">, settings: Record<string, string> = {}) {
  const oauth = await startOAuthServer({ clientAuth: "body" });
  cleanups.push(() => oauth.stop());
  const declaration = oauth2({
    provider: "fleet",
    authorizeUrl: "https://fleet.example/authorize",
    tokenUrl: "https://fleet.example/token",
    scopes: ["vehicle"],
    pkce: false,
    clientAuth: "body",
    clientIdSetting: "FLEET_CLIENT_ID",
    clientSecretSetting: "FLEET_CLIENT_SECRET",
    ...extra,
  });
  let offsetMs = 0;
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("fleet-ext", declaration)],
    settings: {
      API_URL: "http://127.0.0.1:9",
      FLEET_CLIENT_ID: oauth.clientId,
      FLEET_CLIENT_SECRET: oauth.clientSecret,
      FLEET_AUTHORIZE_URL: oauth.authorizeUrl,
      FLEET_TOKEN_URL: oauth.tokenUrl,
      ...settings,
    },
    auth: { now: () => new Date(Date.now() + offsetMs) },
  });
  cleanups.push(() => host.close());
  const connect = () => connectUser(host.auth, oauth, "alice", "fleet");
  return { oauth, host, connect, advance: (ms: number) => (offsetMs += ms) };
}

describe("extra token request parameters", () => {
  it("sends fixed and setting-backed values on the code exchange, and refresh parameters on refresh", async () => {
    const { oauth, host, connect, advance } = await setup(
      { extraTokenParams: { audience: { setting: "FLEET_API_URL" }, locale: "en-US" }, extraRefreshParams: { audience: { setting: "FLEET_API_URL" } } },
      { FLEET_API_URL: "https://fleet-api.prd.eu.vn.cloud.tesla.com" },
    );
    await connect();
    expect(oauth.tokenRequests[0]).toMatchObject({
      grantType: "authorization_code",
      status: 200,
      params: { audience: "https://fleet-api.prd.eu.vn.cloud.tesla.com", locale: "en-US" },
    });
    advance(2 * 3600_000);
    await host.auth.accessToken("alice", "fleet");
    expect(oauth.tokenRequests[1]).toMatchObject({
      grantType: "refresh_token",
      status: 200,
      params: { audience: "https://fleet-api.prd.eu.vn.cloud.tesla.com" },
    });
    expect(oauth.tokenRequests[1]!.params.locale).toBeUndefined();
  });

  it("falls back to the declared default, and names an unset setting without one", async () => {
    const withDefault = await setup({ extraTokenParams: { audience: { setting: "FLEET_API_URL", default: "https://na.example" } } });
    await withDefault.connect();
    expect(withDefault.oauth.tokenRequests[0]!.params.audience).toBe("https://na.example");

    const without = await setup({ extraTokenParams: { audience: { setting: "FLEET_API_URL" } } });
    const missing = await failure(without.host.auth.begin("alice", "fleet"));
    expect(missing).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["FLEET_API_URL"] } });
  });
});
