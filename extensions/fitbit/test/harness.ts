import type { TestHost } from "@agx-ext/testing";
import type { OAuthTestServer } from "@agx-ext/testing/oauth";
import { startOAuthHarness } from "@agx-ext/testing/oauth-harness";
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
const NOW = new Date("2026-11-24T10:00:00Z");

/** Google's token endpoint takes the client credentials in the form and Google supports PKCE. `databaseUrl` picks the host's database (default: in memory). */
export async function startFitbitHarness(settings: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<FitbitHarness> {
  const harness = await startOAuthHarness({
    extension: Fitbit,
    oauth: { clientAuth: "body", pkce: "required" },
    startFake: (isValidToken) => startFakeHealthApi({ isValidToken }),
    fakeSettings: (api) => ({ FITBIT_HEALTH_API_URL: api.provider.url }),
    settings,
    timeZone: "Europe/Berlin",
    clock: () => NOW,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  return {
    host: harness.host,
    oauth: harness.oauth,
    api: harness.fake,
    async connect(userId, options = {}) {
      await harness.connect(userId, options.scope === undefined ? {} : { grantScope: options.scope });
    },
    close: harness.close,
  };
}
