import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedHealthData } from "./fixtures.js";
import { startFitbitHarness, type FitbitHarness } from "./harness.js";

const STEPS = "/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp";
const RATE_LIMITED_BODY = {
  error: {
    code: 429,
    message: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user'.",
    status: "RESOURCE_EXHAUSTED",
    details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com" }],
  },
};

let h: FitbitHarness;

beforeAll(async () => {
  h = await startFitbitHarness();
  seedHealthData(h.api.data);
  await h.connect("alice");
});

afterAll(async () => {
  await h?.close();
});

describe("fitbit failures", () => {
  it("answers NOT_CONFIGURED naming the missing client setting", async () => {
    const bare = await startFitbitHarness({ GOOGLE_HEALTH_CLIENT_ID: "" });
    try {
      const error = await bare.host.execute("Get Steps", {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["GOOGLE_HEALTH_CLIENT_ID"] } });
      expect((error as Error).message).toContain("GOOGLE_HEALTH_CLIENT_ID");
      expect(bare.api.provider.requests).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });

  it("answers NOT_CONNECTED for a user who never connected", async () => {
    await expect(h.host.execute("Get Steps", {}, "nobody")).rejects.toMatchObject({ code: "NOT_CONNECTED" });
  });

  it("refreshes an expired access token once and retries", async () => {
    const refreshes = h.oauth.tokenRequestCount("refresh_token");
    h.oauth.expireAccessTokens();
    const result = await h.host.execute("Get Steps", { date: "2026-11-24" });
    expect(result.data).toEqual({ date: "2026-11-24", steps: 8412, skipped: 0 });
    expect(h.oauth.tokenRequestCount("refresh_token")).toBe(refreshes + 1);
    const [refused, retried] = h.api.provider.requestsTo(STEPS).slice(-2);
    expect(refused!.token).toBeDefined();
    expect(retried!.token).not.toBe(refused!.token);
    expect(h.oauth.isValidAccessToken(retried!.token!)).toBe(true);
  });

  it("retries a roll-up after a 429 and succeeds", async () => {
    const before = h.api.provider.requestsTo(STEPS).length;
    h.api.provider.fault({ path: STEPS, status: 429, retryAfter: 1, json: RATE_LIMITED_BODY });
    const result = await h.host.execute("Get Steps", { date: "2026-11-24" });
    expect(result.data).toEqual({ date: "2026-11-24", steps: 8412, skipped: 0 });
    expect(h.api.provider.requestsTo(STEPS).length).toBe(before + 2);
  });

  it("answers RATE_LIMITED with the wait when Google asks for a long pause", async () => {
    h.api.provider.fault({ path: STEPS, status: 429, retryAfter: 3600, json: RATE_LIMITED_BODY });
    const error = await h.host.execute("Get Steps", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 3600 });
  });

  it("retries a 503 and gives PROVIDER_ERROR when the server keeps failing", async () => {
    h.api.provider.fault({ path: STEPS, status: 503, json: { error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } } });
    expect((await h.host.execute("Get Steps", {})).data).toEqual({ date: "2026-11-24", steps: 8412, skipped: 0 });
    h.api.provider.fault({ path: STEPS, status: 500, times: 10, json: { error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" } } });
    try {
      await expect(h.host.execute("Get Steps", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR", details: { status: 500 } });
    } finally {
      h.api.provider.clearFaults();
    }
  });

  it("tells a user whose token Google refuses as a legacy Fitbit token to reconnect through Google", async () => {
    h.api.refuseAsLegacy = true;
    try {
      const error = await h.host.execute("Get Sleep Data", {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "NOT_CONNECTED", details: { reason: "legacy_fitbit_token" } });
      expect((error as Error).message).toMatch(/legacy Fitbit token.*Reconnect through Google/s);
    } finally {
      h.api.refuseAsLegacy = false;
    }
  });

  it("refuses a connection recorded with Fitbit's legacy scopes before calling Google", async () => {
    await h.connect("carol", { scope: "activity heartrate sleep weight" });
    const before = h.api.provider.requests.length;
    await expect(h.host.execute("Get Steps", {}, "carol")).rejects.toMatchObject({ code: "NOT_CONNECTED", details: { reason: "legacy_fitbit_token" } });
    expect(h.api.provider.requests.length).toBe(before);
  });

  it("answers NOT_CONNECTED once the user revoked access, without leaking tokens", async () => {
    const refreshToken = h.oauth.currentRefreshToken()!;
    h.oauth.revokeGrants();
    const error = await h.host.execute("Get Steps", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_CONNECTED" });
    expect(JSON.stringify(error)).not.toContain(refreshToken);
    expect(JSON.stringify(error)).not.toContain(h.oauth.clientSecret);
  });
});
