import { createTestHost, type TestHost } from "@agx-ext/testing";
import { connectUser, startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { Fitbit } from "../src/index.js";
import { startFakeHealthApi, type FakeHealthApi } from "./fake-health-api.js";

export interface FitbitHarness {
  host: TestHost;
  oauth: OAuthTestServer;
  api: FakeHealthApi;
  /** Connects the user through the real connect flow; `scope` replaces the scopes the user grants. */
  connect(userId: string, options?: { scope?: string }): Promise<void>;
  close(): Promise<void>;
}

/** 2026-11-24 10:00 UTC: "today" is 2026-11-24 in Europe/Berlin. */
export const NOW = new Date("2026-11-24T10:00:00Z");

/** Google's token endpoint takes the client credentials in the form and Google supports PKCE. `databaseUrl` picks the host's database (default: in memory). */
export async function startFitbitHarness(settings: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<FitbitHarness> {
  const oauth = await startOAuthServer({ clientAuth: "body", pkce: "required" });
  const api = await startFakeHealthApi({ isValidToken: (token) => oauth.isValidAccessToken(token) });
  const host = await createTestHost({
    extensions: [Fitbit],
    timeZone: "Europe/Berlin",
    clock: () => NOW,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    settings: {
      GOOGLE_HEALTH_CLIENT_ID: oauth.clientId,
      GOOGLE_HEALTH_CLIENT_SECRET: oauth.clientSecret,
      FITBIT_AUTHORIZE_URL: oauth.authorizeUrl,
      FITBIT_TOKEN_URL: oauth.tokenUrl,
      FITBIT_HEALTH_API_URL: api.provider.url,
      AGX_PUBLIC_URL: "http://127.0.0.1:8787",
      ...settings,
    },
  });
  return {
    host,
    oauth,
    api,
    async connect(userId, options = {}) {
      await connectUser(host.services.auth, oauth, userId, "fitbit", options.scope === undefined ? {} : { grantScope: options.scope });
    },
    async close() {
      await host.close();
      await api.close();
      await oauth.stop();
    },
  };
}
