import type { TestHost } from "@agx-ext/testing";
import type { OAuthTestServer } from "@agx-ext/testing/oauth";
import { startOAuthHarness } from "@agx-ext/testing/oauth-harness";
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
const TIME_ZONE = "Europe/Berlin";

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

/** Every fake Google API, started together and closed together. */
interface GoogleFakes {
  gmail: FakeGmail;
  calendar: FakeCalendar;
  keep: FakeKeep;
  ads: FakeAds;
  analytics: FakeAnalytics;
  gtm: FakeTagManager;
  providers(): FakeProvider[];
  close(): Promise<void>;
}

async function startGoogleFakes(valid: (token: string) => boolean): Promise<GoogleFakes> {
  const [gmail, calendar, keep, ads, analytics, gtm] = await Promise.all([
    startFakeGmail(valid),
    startFakeCalendar(valid),
    startFakeKeep(valid),
    startFakeAds(valid),
    startFakeAnalytics(valid),
    startFakeTagManager(valid),
  ]);
  const providers = () => [gmail.provider, calendar.provider, keep.provider, ads.provider, analytics.admin, analytics.data, gtm.provider];
  return { gmail, calendar, keep, ads, analytics, gtm, providers, close: async () => void (await Promise.all(providers().map((p) => p.close()))) };
}

/** `clock` replaces the fixed NOW (a test that moves time); `publicUrl` is the host's AGX_PUBLIC_URL as extensions see it. */
export interface GoogleHarnessOptions {
  clock?: () => Date;
  publicUrl?: string;
}

export async function startGoogleHarness(
  settings: Record<string, string | undefined> = {},
  databaseUrl?: string,
  options: GoogleHarnessOptions = {},
): Promise<GoogleHarness> {
  const harness = await startOAuthHarness({
    extension: Google,
    oauth: { clientAuth: "body" },
    startFake: startGoogleFakes,
    fakeSettings: ({ gmail, calendar, keep, ads, analytics, gtm }) => ({
      GOOGLE_GMAIL_BASE_URL: gmail.url,
      GOOGLE_CALENDAR_BASE_URL: calendar.url,
      GOOGLE_KEEP_BASE_URL: keep.url,
      GOOGLE_ADS_BASE_URL: ads.url,
      GOOGLE_ADS_DEVELOPER_TOKEN: DEVELOPER_TOKEN,
      GOOGLE_ADS_CUSTOMER_ID: "123-456-7890",
      GOOGLE_ANALYTICS_ADMIN_BASE_URL: analytics.admin.url,
      GOOGLE_ANALYTICS_DATA_BASE_URL: analytics.data.url,
      GOOGLE_TAGMANAGER_BASE_URL: gtm.url,
    }),
    settings,
    timeZone: TIME_ZONE,
    clock: options.clock ?? (() => NOW),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const { host, fake } = harness;
  const connectGranting = (userId: string, scopes: string[]) => harness.connect(userId, { grantScope: ["openid", "email", ...scopes].join(" ") });
  return {
    host,
    oauth: harness.oauth,
    gmail: fake.gmail,
    calendar: fake.calendar,
    keep: fake.keep,
    ads: fake.ads,
    analytics: fake.analytics,
    gtm: fake.gtm,
    run: (command, input = {}, userId = "alice") => host.execute(command, input, userId),
    async connect(userId = "alice", products) {
      // Every product (Keep too) unless told: a bare connect no longer asks for Keep, and the suites use it.
      const chosen = products ?? (Object.keys(PRODUCTS) as Product[]);
      await connectGranting(
        userId,
        chosen.flatMap((p) => PRODUCTS[p].scopes),
      );
    },
    async connectWithScopes(userId, scopes) {
      await connectGranting(userId, scopes);
    },
    providers: fake.providers,
    requestCount: () => fake.providers().reduce((n, p) => n + p.requests.length, 0),
    close: harness.close,
  };
}

/** Runs a command expecting it to fail; resolves with the CommandError. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details?: Record<string, unknown>; retryAfterSeconds?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error("expected the command to fail");
}
