import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOuraData } from "./fixtures.js";
import { startOuraHarness, type OuraHarness } from "./harness.js";

const READINESS = "/v2/usercollection/daily_readiness";
const range = { start_date: "2026-11-20", end_date: "2026-11-24" };

let h: OuraHarness;

beforeAll(async () => {
  h = await startOuraHarness();
  seedOuraData(h.api);
  await h.connect("alice");
});

afterAll(async () => {
  await h?.close();
});

describe("oura failures", () => {
  it("answers NOT_CONFIGURED naming the missing client setting", async () => {
    const bare = await startOuraHarness({ OURA_CLIENT_SECRET: "" });
    try {
      const error = await bare.host.execute("Get Oura Readiness", {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["OURA_CLIENT_SECRET"] } });
      expect(bare.api.provider.requests).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });

  it("answers NOT_CONNECTED for a user who never connected", async () => {
    await expect(h.host.execute("Get Oura Workouts", {}, "nobody")).rejects.toMatchObject({ code: "NOT_CONNECTED" });
    await expect(h.host.execute("Get Oura Ring Data", {}, "nobody")).rejects.toMatchObject({ code: "NOT_CONNECTED" });
  });

  it("refreshes an expired access token once and retries", async () => {
    const refreshes = h.oauth.tokenRequestCount("refresh_token");
    h.oauth.expireAccessTokens();
    const result = await h.host.execute("Get Oura Readiness", range);
    expect((result.data as { days: unknown[] }).days).toHaveLength(5);
    expect(h.oauth.tokenRequestCount("refresh_token")).toBe(refreshes + 1);
    const [refused, retried] = h.api.provider.requestsTo(READINESS).slice(-2);
    expect(retried!.token).not.toBe(refused!.token);
  });

  it("waits out a 429 with Oura's rate-limit headers and retries", async () => {
    const before = h.api.provider.requestsTo(READINESS).length;
    h.api.rateLimit(READINESS, 1);
    const result = await h.host.execute("Get Oura Readiness", range);
    expect((result.data as { days: unknown[] }).days).toHaveLength(5);
    expect(h.api.provider.requestsTo(READINESS).length).toBe(before + 2);
  });

  it("answers RATE_LIMITED with the wait when Oura asks for a long pause", async () => {
    h.api.rateLimit(READINESS, 900);
    await expect(h.host.execute("Get Oura Readiness", range)).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 900 });
  });

  it("keeps the other parts of the summary when one part is rate limited or failing", async () => {
    h.api.rateLimit("/v2/usercollection/workout", 900);
    h.api.provider.fault({ path: "/v2/usercollection/session", status: 500, times: 10, json: { detail: "Internal Server Error" } });
    try {
      const result = await h.host.execute("Get Oura Ring Data", range);
      const data = result.data as Record<string, any>;
      expect(data.workouts.error).toMatchObject({ code: "RATE_LIMITED", status: 429 });
      expect(data.sessions.error).toMatchObject({ code: "PROVIDER_ERROR", status: 500 });
      expect(data.dailyActivity.data).toHaveLength(5);
      expect(data.personalInfo.data.age).toBe(36);
      expect(result.markdown).toMatch(/## Workouts\nCould not read this part: /);
    } finally {
      h.api.provider.clearFaults();
    }
  });

  it("retries a 502 once and succeeds", async () => {
    h.api.provider.fault({ path: READINESS, status: 502, json: { detail: "Bad Gateway" } });
    const result = await h.host.execute("Get Oura Readiness", range);
    expect((result.data as { days: unknown[] }).days).toHaveLength(5);
  });

  it("the fake refuses what Oura refuses: a bad date and a missing token", async () => {
    const bad = await fetch(`${h.api.provider.url}${READINESS}?start_date=2026-13-01`, { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    const token = await h.host.services.auth.accessToken("alice", "oura");
    const invalid = await fetch(`${h.api.provider.url}${READINESS}?start_date=2026-13-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ detail: [{ loc: ["query", "start_date"] }] });
    const reversed = await fetch(`${h.api.provider.url}${READINESS}?start_date=2026-11-24&end_date=2026-11-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reversed.status).toBe(400);
  });

  it("answers NOT_CONNECTED for the whole summary once the user revoked access", async () => {
    h.oauth.revokeGrants();
    await expect(h.host.execute("Get Oura Ring Data", range)).rejects.toMatchObject({ code: "NOT_CONNECTED" });
    await expect(h.host.execute("Get Oura Sleep", range)).rejects.toMatchObject({ code: "NOT_CONNECTED" });
  });
});
