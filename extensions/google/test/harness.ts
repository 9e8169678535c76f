import { createTestHost, type TestHost } from "@agx-ext/testing";
import { connectUser, startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import type { FakeProvider } from "@agx-ext/testing/provider";
import { Google } from "../src/index.js";
import { PRODUCTS, type Product } from "../src/shared/products.js";
import { startFakeAds, DEVELOPER_TOKEN, type FakeAds } from "./fakes/ads.js";
import { startFakeAnalytics, type FakeAnalytics } from "./fakes/analytics.js";
import { startFakeCalendar, type FakeCalendar } from "./fakes/calendar.js";
import { startFakeGmail, type FakeGmail } from "./fakes/gmail.js";
import { startFakeKeep, type FakeKeep } from "./fakes/keep.js";
import { startFakeTagManager, type FakeTagManager } from "./fakes/tagmanager.js";

/** 2026-11-24 10:00 UTC, a Tuesday: 11:00 in Europe/Berlin. */
export const NOW = new Date("2026-11-24T10:00:00Z");
export const TIME_ZONE = "Europe/Berlin";

export interface GoogleHarness {
  host: TestHost;
  oauth: OAuthTestServer;
  gmail: FakeGmail;
  calendar: FakeCalendar;
  keep: FakeKeep;
  ads: FakeAds;
  analytics: FakeAnalytics;
  gtm: FakeTagManager;
  run(command: string, input?: unknown, userId?: string): ReturnType<TestHost["execute"]>;
  /** Connects through the real OAuth flow; `products` limits the scopes the user grants. */
  connect(userId?: string, products?: Product[]): Promise<void>;
  /** Connects granting exactly these scopes (plus openid and email). */
  connectWithScopes(userId: string, scopes: string[]): Promise<void>;
  /** Provider requests so far, over every fake. */
  requestCount(): number;
  /** Every fake provider server. */
  providers(): FakeProvider[];
  close(): Promise<void>;
}

export async function startGoogleHarness(settings: Record<string, string | undefined> = {}, databaseUrl?: string): Promise<GoogleHarness> {
  const oauth = await startOAuthServer({ clientAuth: "body" });
  const valid = (token: string) => oauth.isValidAccessToken(token);
  const [gmail, calendar, keep, ads, analytics, gtm] = await Promise.all([
    startFakeGmail(valid),
    startFakeCalendar(valid),
    startFakeKeep(valid),
    startFakeAds(valid),
    startFakeAnalytics(valid),
    startFakeTagManager(valid),
  ]);
  const merged: Record<string, string | undefined> = {
    GOOGLE_CLIENT_ID: oauth.clientId,
    GOOGLE_CLIENT_SECRET: oauth.clientSecret,
    GOOGLE_AUTHORIZE_URL: oauth.authorizeUrl,
    GOOGLE_TOKEN_URL: oauth.tokenUrl,
    GOOGLE_REVOKE_URL: oauth.revokeUrl,
    GOOGLE_USERINFO_URL: oauth.userInfoUrl,
    AGX_PUBLIC_URL: "http://127.0.0.1:8787",
    GOOGLE_GMAIL_BASE_URL: gmail.url,
    GOOGLE_CALENDAR_BASE_URL: calendar.url,
    GOOGLE_KEEP_BASE_URL: keep.url,
    GOOGLE_ADS_BASE_URL: ads.url,
    GOOGLE_ADS_DEVELOPER_TOKEN: DEVELOPER_TOKEN,
    GOOGLE_ADS_CUSTOMER_ID: "123-456-7890",
    GOOGLE_ANALYTICS_ADMIN_BASE_URL: analytics.admin.url,
    GOOGLE_ANALYTICS_DATA_BASE_URL: analytics.data.url,
    GOOGLE_TAGMANAGER_BASE_URL: gtm.url,
    ...settings,
  };
  const host = await createTestHost({
    extensions: [Google],
    timeZone: TIME_ZONE,
    clock: () => NOW,
    settings: Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined)),
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const auth = host.services.auth;
  return {
    host,
    oauth,
    gmail,
    calendar,
    keep,
    ads,
    analytics,
    gtm,
    run: (command, input = {}, userId = "alice") => host.execute(command, input, userId),
    async connect(userId = "alice", products) {
      // Every product (Keep too) unless told: a bare connect no longer asks for Keep, and the suites use it.
      const chosen = products ?? (Object.keys(PRODUCTS) as Product[]);
      const grantScope = ["openid", "email", ...chosen.flatMap((p) => PRODUCTS[p].scopes)].join(" ");
      await connectUser(auth, oauth, userId, "google", { grantScope });
    },
    async connectWithScopes(userId, scopes) {
      await connectUser(auth, oauth, userId, "google", { grantScope: ["openid", "email", ...scopes].join(" ") });
    },
    providers: () => [gmail.provider, calendar.provider, keep.provider, ads.provider, analytics.admin, analytics.data, gtm.provider],
    requestCount: () => [gmail.provider, calendar.provider, keep.provider, ads.provider, analytics.admin, analytics.data, gtm.provider].reduce((n, p) => n + p.requests.length, 0),
    async close() {
      await host.close();
      await Promise.all([gmail.provider.close(), calendar.provider.close(), keep.provider.close(), ads.provider.close(), analytics.admin.close(), analytics.data.close(), gtm.provider.close(), oauth.stop()]);
    },
  };
}

/** Runs a command expecting it to fail; resolves with the CommandError. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown>; retryAfterSeconds?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error("expected the command to fail");
}
