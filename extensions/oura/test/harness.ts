import { createTestHost, type TestHost } from "@agx-ext/testing";
import { connectUser, startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { Oura } from "../src/index.js";
import { startFakeOuraApi, type FakeOuraApi } from "./fake-oura-api.js";

export interface OuraHarness {
  host: TestHost;
  oauth: OAuthTestServer;
  api: FakeOuraApi;
  /** Connects the user through the real connect flow; `scope` replaces the scopes the user grants. */
  connect(userId: string, options?: { scope?: string }): Promise<void>;
  close(): Promise<void>;
}

/** 2026-11-24 10:00 UTC: "today" is 2026-11-24 in Europe/Berlin. */
export const NOW = new Date("2026-11-24T10:00:00Z");

/** Oura's token endpoint takes the client credentials in the form; Oura does not use PKCE. `databaseUrl` picks the host's database (default: in memory). */
export async function startOuraHarness(settings: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<OuraHarness> {
  const oauth = await startOAuthServer({ clientAuth: "body" });
  const api = await startFakeOuraApi({ isValidToken: (token) => oauth.isValidAccessToken(token) });
  const host = await createTestHost({
    extensions: [Oura],
    timeZone: "Europe/Berlin",
    clock: () => NOW,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    settings: {
      OURA_CLIENT_ID: oauth.clientId,
      OURA_CLIENT_SECRET: oauth.clientSecret,
      OURA_AUTHORIZE_URL: oauth.authorizeUrl,
      OURA_TOKEN_URL: oauth.tokenUrl,
      OURA_API_URL: api.provider.url,
      AGX_PUBLIC_URL: "http://127.0.0.1:8787",
      ...settings,
    },
  });
  return {
    host,
    oauth,
    api,
    async connect(userId, options = {}) {
      await connectUser(host.services.auth, oauth, userId, "oura", options.scope === undefined ? {} : { grantScope: options.scope });
    },
    async close() {
      await host.close();
      await api.close();
      await oauth.stop();
    },
  };
}
