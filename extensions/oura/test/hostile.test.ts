import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedOuraData } from "./fixtures.js";
import { startOuraHarness, type OuraHarness } from "./harness.js";

/**
 * Oura misbehaving in every way the hostile fake knows: each case ends in a correct result or a clear
 * PROVIDER_ERROR, after a bounded number of requests.
 */
const READINESS = "/v2/usercollection/daily_readiness";
const HEART_RATE = "/v2/usercollection/heartrate";
const COLLECTIONS = /^\/v2\/usercollection\//;
const range = { start_date: "2026-11-20", end_date: "2026-11-24" };
const heartRange = { start_date: "2026-11-23", end_date: "2026-11-24", include_samples: true };

/** The per-attempt HTTP timeout of the slow-answer test's own harness: short, so a slow Oura is given up on quickly. */
const TIMEOUT_MS = 300;
/** One attempt and auth's three retries. */
const MAX_ATTEMPTS = 4;

let h: OuraHarness;

beforeAll(async () => {
  // The default timeout: on a loaded machine a short one would time out healthy answers and their retries would
  // change the request counts these tests check.
  h = await startOuraHarness();
  seedOuraData(h.api);
  await h.connect("alice");
});

afterEach(() => {
  h.api.provider.hostile();
});

afterAll(async () => {
  await h?.close();
});

/** Runs a command and counts the requests it sent to Oura. */
async function run(command: string, input: Record<string, unknown>) {
  const before = h.api.provider.requests.length;
  const outcome = await h.host.execute(command, input).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as { code?: string; message?: string } }),
  );
  return { ...outcome, requests: h.api.provider.requests.length - before };
}

describe("Oura repeating a next_token", () => {
  it("stops a command with PROVIDER_ERROR after the second page", async () => {
    h.api.acceptRepeatedToken();
    h.api.provider.hostile({ path: READINESS, repeatPageToken: { field: "next_token" } });
    const { error, requests } = await run("Get Oura Readiness", range);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain("same page token");
    expect(requests).toBe(2);
  });

  it("stops heart rate the same way", async () => {
    h.api.acceptRepeatedToken();
    h.api.provider.hostile({ path: HEART_RATE, repeatPageToken: { field: "next_token" } });
    const { error, requests } = await run("Get Oura Heart Rate", heartRange);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBe(2);
  });

  it("shows each looping collection of the summary as that part's PROVIDER_ERROR", async () => {
    h.api.acceptRepeatedToken();
    h.api.provider.hostile({ path: COLLECTIONS, repeatPageToken: { field: "next_token" } });
    const { result, requests } = await run("Get Oura Ring Data", range);
    const data = result!.data as Record<string, any>;
    for (const part of ["dailyActivity", "dailySleep", "dailyReadiness", "dailyStress", "dailySpo2", "sleepTime", "workouts", "sessions"])
      expect(data[part].error, part).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(data.personalInfo.data).toMatchObject({ age: 36 });
    // personal_info once, two pages of each of the eight collections.
    expect(requests).toBe(1 + 8 * 2);
  });
});

describe("Oura sending malformed documents", () => {
  it("Get Oura Heart Rate skips samples it cannot read (an unparseable timestamp was INTERNAL) and counts them", async () => {
    const clean = (await run("Get Oura Heart Rate", heartRange)).result!.data as Record<string, any>;
    h.api.provider.hostile({ path: HEART_RATE, malformedItems: "data" });
    const { result, requests } = await run("Get Oura Heart Rate", heartRange);
    const data = result!.data as Record<string, any>;
    // null, a string, {} and a copy of a sample whose timestamp and bpm cannot be read.
    expect(data.skipped).toBe(4);
    expect(data.days).toEqual(clean.days);
    expect(data.samples).toEqual(clean.samples);
    expect(result!.markdown).toContain("Left out 4 malformed documents Oura sent.");
    expect(requests).toBe(1);
  });

  it.each([
    ["Get Oura Sleep", "periods"],
    ["Get Oura Readiness", "days"],
    ["Get Oura Activity", "days"],
    ["Get Oura Workouts", "workouts"],
  ])("%s keeps the good documents and counts the bad ones", async (command, field) => {
    const clean = (await run(command, range)).result!.data as Record<string, any>;
    h.api.provider.hostile({ path: COLLECTIONS, malformedItems: "data" });
    const { result } = await run(command, range);
    const data = result!.data as Record<string, any>;
    expect(data[field]).toEqual(clean[field]);
    expect(data.skipped).toBeGreaterThanOrEqual(4);
    expect(clean.skipped).toBe(0);
    expect(result!.markdown).toMatch(/Left out \d+ malformed documents Oura sent\./);
  });

  it("the summary reads every part and counts what it skipped in each", async () => {
    h.api.provider.hostile({ path: COLLECTIONS, malformedItems: "data" });
    const { result } = await run("Get Oura Ring Data", range);
    const data = result!.data as Record<string, any>;
    expect(data.dailyReadiness.data).toHaveLength(5);
    expect(data.dailyReadiness.skipped).toBe(4);
    // An empty collection still gets null, a string and {} mixed in.
    expect(data.workouts.skipped).toBeGreaterThanOrEqual(3);
    expect(data.personalInfo.data).toMatchObject({ age: 36, email: "alice@example.test" });
    expect(result!.markdown).toMatch(/## Daily Readiness\n[\s\S]*Left out 4 malformed documents Oura sent\./);
  });

  it("personal info of the wrong types shows as missing, not as a failure", async () => {
    const before = h.api.personalInfo;
    h.api.personalInfo = { id: "x", age: "thirty", weight: null, height: [1], biological_sex: 7, email: "alice@example.test" };
    try {
      const { result } = await run("Get Oura Ring Data", range);
      expect((result!.data as Record<string, any>).personalInfo.data).toEqual({
        age: null,
        weight: null,
        height: null,
        biological_sex: null,
        email: "alice@example.test",
      });
    } finally {
      h.api.personalInfo = before;
    }
  });
});

describe("Oura echoing the access token", () => {
  it("never hands the token back in a result", async () => {
    const token = await h.host.services.auth.accessToken("alice", "oura");
    h.api.provider.hostile({ echoSecrets: { fields: ["email", "day_summary", "activity", "label", "source", "type", "recommendation"] } });
    for (const command of ["Get Oura Ring Data", "Get Oura Workouts", "Get Oura Sleep"]) {
      const { result, error } = await run(command, range);
      expect(error, command).toBeUndefined();
      expect(JSON.stringify(result), command).not.toContain(token);
    }
    const heart = await run("Get Oura Heart Rate", heartRange);
    expect(JSON.stringify(heart.result)).not.toContain(token);
  });
});

describe("Oura answering badly at the transport level", () => {
  it("a slow answer is given up on after the timeout with PROVIDER_ERROR", async () => {
    const brisk = await startOuraHarness({ OURA_HTTP_TIMEOUT_MS: String(TIMEOUT_MS) });
    try {
      seedOuraData(brisk.api);
      await brisk.connect("alice");
      brisk.api.provider.hostile({ path: READINESS, delayMs: TIMEOUT_MS * 10 });
      const error = await brisk.host.execute("Get Oura Readiness", range).then(
        () => undefined,
        (e: unknown) => e as { code?: string; message?: string },
      );
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(error?.message).toContain("did not answer in time");
      expect(brisk.api.provider.requestsTo(READINESS).length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    } finally {
      await brisk.close();
    }
  });

  it("a huge answer is refused with PROVIDER_ERROR", async () => {
    // The default timeout, so that the size, not the time a big body takes, is what refuses it.
    const roomy = await startOuraHarness();
    try {
      seedOuraData(roomy.api);
      await roomy.connect("alice");
      roomy.api.provider.hostile({ path: READINESS, hugeBodyBytes: 32 * 1024 * 1024 });
      const error = await roomy.host.execute("Get Oura Readiness", range).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(roomy.api.provider.requestsTo(READINESS).length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    } finally {
      await roomy.close();
    }
  });

  it("a dropped connection answers PROVIDER_ERROR after the retries", async () => {
    h.api.provider.hostile({ path: READINESS, dropConnection: true });
    const { error, requests } = await run("Get Oura Readiness", range);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("an answer that is not JSON at all answers PROVIDER_ERROR (it was INTERNAL)", async () => {
    const own = await startOuraHarness();
    try {
      await own.connect("alice");
      own.api.provider.route("GET /v2/usercollection/daily_readiness", () => ({ text: "<html>Service Unavailable</html>" }));
      const error = await own.host.execute("Get Oura Readiness", range).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(own.api.provider.requestsTo(READINESS)).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("a body that is not a page of documents answers PROVIDER_ERROR", async () => {
    h.api.provider.fault({ path: "/v2/usercollection/daily_activity", status: 200, json: ["not", "a", "page"] });
    const { error, requests } = await run("Get Oura Activity", range);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBe(1);
  });
});
