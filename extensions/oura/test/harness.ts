import type { TestHost } from "@agx-ext/testing";
import type { OAuthTestServer } from "@agx-ext/testing/oauth";
import { startOAuthHarness } from "@agx-ext/testing/oauth-harness";
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
const NOW = new Date("2026-11-24T10:00:00Z");

/** Oura's token endpoint takes the client credentials in the form; Oura does not use PKCE. `databaseUrl` picks the host's database (default: in memory). */
export async function startOuraHarness(settings: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<OuraHarness> {
  const harness = await startOAuthHarness({
    extension: Oura,
    oauth: { clientAuth: "body" },
    startFake: (isValidToken) => startFakeOuraApi({ isValidToken }),
    fakeSettings: (api) => ({ OURA_API_URL: api.provider.url }),
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
