import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "./fixtures.js";
import { startHarness, type Harness } from "./harness.js";

describe("inputs and settings", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ["Get Steps", { date: "2026-02-30" }, "date"],
    ["Get Steps", { date: "yesterday" }, "date"],
    ["Get Activity Data", { limit: 0 }, "limit"],
    ["Get Activity Data", { limit: "many" }, "limit"],
    ["Get GPS Data", { activity_id: "run-1" }, "activity_id"],
    // Garmin's upload times are epoch seconds: there is nothing to pull before 1970.
    ["Get Sleep Data", { date: "1969-12-31" }, "date"],
    ["Get Stress Data", { date: "0001-01-01" }, "date"],
  ])("%s refuses %j naming the field, before any request", async (command, input, field) => {
    const before = h.garmin.provider.requests.length;
    const error = await h.fail(command, input);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details?.fields).toEqual([field]);
    expect(h.garmin.provider.requests.length).toBe(before);
  });

  it("reads 1970-01-01 from the first epoch second, not from Berlin's midnight an hour before it", async () => {
    const before = h.garmin.windowsRequested("sleeps").length;
    const { data } = await h.run("Get Sleep Data", { date: "1970-01-01" });
    expect(data).toMatchObject({ found: false });
    expect(h.garmin.windowsRequested("sleeps").slice(before)[0]![0]).toBe(0);
  });

  it("refuses a day that has not begun in the host time zone", async () => {
    const before = h.garmin.provider.requests.length;
    const error = await h.fail("Get Body Battery", { date: "2026-11-26" });
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details?.fields).toEqual(["date"]);
    expect(error.message).toContain("Europe/Berlin");
    expect(h.garmin.provider.requests.length).toBe(before);
  });
});

describe("missing settings and connections", () => {
  it("answers NOT_CONFIGURED naming the missing client secret", async () => {
    const h = await startHarness({ connect: false, settings: { GARMIN_CLIENT_SECRET: undefined } });
    try {
      const error = await h.fail("Get Steps", { date: DAY });
      expect(error.code).toBe("NOT_CONFIGURED");
      expect(error.message).toContain("GARMIN_CLIENT_SECRET");
      expect(h.garmin.provider.requests).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it("answers NOT_CONNECTED with the way to connect when the user never connected Garmin", async () => {
    const h = await startHarness({ connect: false });
    try {
      const error = await h.fail("Get Daily Summary", { date: DAY });
      expect(error.code).toBe("NOT_CONNECTED");
      expect(error.message).toContain("agx connect garmin");
    } finally {
      await h.close();
    }
  });
});

describe("provider failures", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => h.garmin.provider.clearFaults());
  afterAll(async () => {
    await h?.close();
  });

  it("refreshes an expired access token once and retries the request", async () => {
    h.oauth.expireAccessTokens();
    const refreshesBefore = h.oauth.tokenRequestCount("refresh_token");
    const { data } = await h.run("Get Steps", { date: DAY });
    expect(data.steps).toBe(8412);
    expect(h.oauth.tokenRequestCount("refresh_token")).toBe(refreshesBefore + 1);
    const statuses = h.garmin.provider.requests.slice(-3).map((r) => r.headers.authorization?.slice(0, 6));
    expect(statuses.every((s) => s === "Bearer")).toBe(true);
  });

  it("waits out a short 429 and succeeds", async () => {
    h.garmin.provider.fault({ path: "/wellness-api/rest/sleeps", status: 429, retryAfter: 0, json: { errorMessage: "Rate limit exceeded" } });
    const before = h.garmin.provider.requestsTo("/wellness-api/rest/sleeps").length;
    const { data } = await h.run("Get Sleep Data", { date: DAY });
    expect(data.found).toBe(true);
    // The refused request, its retry, then the second window.
    expect(h.garmin.provider.requestsTo("/wellness-api/rest/sleeps").length - before).toBe(3);
  });

  it("answers RATE_LIMITED with Garmin's Retry-After when the wait is too long to hold the call", async () => {
    h.garmin.provider.fault({ status: 429, retryAfter: 3600, json: { errorMessage: "Rate limit exceeded" } });
    const error = await h.fail("Get Heart Rate", { date: DAY });
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterSeconds).toBe(3600);
  });

  it("answers PROVIDER_ERROR when Garmin keeps failing with 5xx", async () => {
    h.garmin.provider.fault({ status: 503, times: 4, json: { errorMessage: "Service Unavailable" } });
    const error = await h.fail("Get Stress Data", { date: DAY });
    expect(error.code).toBe("PROVIDER_ERROR");
    expect(error.details?.status).toBe(503);
  });

  it("answers NOT_CONNECTED once the user revoked access at Garmin", async () => {
    h.oauth.revokeGrants();
    const error = await h.fail("Get Activity Data", { date: DAY });
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("agx connect garmin");
  });
});
