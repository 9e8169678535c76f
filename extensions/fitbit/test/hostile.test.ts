import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedHealthData } from "./fixtures.js";
import { startFitbitHarness, type FitbitHarness } from "./harness.js";

/**
 * The Google Health API misbehaving in every way the hostile fake knows: each case ends in a correct
 * result or a clear PROVIDER_ERROR, after a bounded number of requests.
 */
const DAY = { date: "2026-11-24" };
const LISTS = /\/dataPoints$/;
const ROLL_UPS = /:dailyRollUp$/;
const STEPS = "/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp";
const COMMANDS = [
  "Get Steps",
  "Get Heart Rate",
  "Get Sleep Data",
  "Get Calories Burned",
  "Get Exercise Data",
  "Get Activity Summary",
  "Get Weight Data",
  "Get Water Intake",
];

/** The per-attempt HTTP timeout of this harness: short, so a slow API is given up on quickly. */
const TIMEOUT_MS = 300;
/** One attempt and auth's three retries. */
const MAX_ATTEMPTS = 4;

let h: FitbitHarness;

beforeAll(async () => {
  h = await startFitbitHarness({ FITBIT_HTTP_TIMEOUT_MS: String(TIMEOUT_MS) });
  seedHealthData(h.api.data);
  await h.connect("alice");
});

afterEach(() => {
  h.api.provider.hostile();
});

afterAll(async () => {
  await h?.close();
});

/** Runs a command and counts the requests it sent to the API. */
async function run(command: string, input: Record<string, unknown> = DAY) {
  const before = h.api.provider.requests.length;
  const outcome = await h.host.execute(command, input).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as { code?: string; message?: string } }),
  );
  return { ...outcome, requests: h.api.provider.requests.length - before };
}

describe("Google repeating a nextPageToken", () => {
  it.each([
    ["Get Sleep Data", 2],
    ["Get Water Intake", 2],
    // The resting heart rate listing loops; the two roll-ups are one request each.
    ["Get Heart Rate", 4],
    // The weight listing loops; height reads a single page, so it cannot.
    ["Get Weight Data", 3],
    // Three roll-ups and the exercise listing.
    ["Get Exercise Data", 5],
  ])("%s stops with PROVIDER_ERROR", async (command, requests) => {
    h.api.acceptRepeatedToken();
    h.api.provider.hostile({ path: LISTS, repeatPageToken: { field: "nextPageToken" } });
    const outcome = await run(command);
    expect(outcome.error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(outcome.error?.message).toContain("same page token");
    expect(outcome.requests).toBe(requests);
  });
});

describe("Google sending malformed data points", () => {
  it.each(["Get Sleep Data", "Get Exercise Data", "Get Weight Data", "Get Water Intake", "Get Heart Rate"])(
    "%s keeps the good points of a listing and counts the bad ones",
    async (command) => {
      const clean = (await run(command)).result!.data as Record<string, unknown>;
      h.api.provider.hostile({ path: LISTS, malformedItems: "dataPoints" });
      const { result } = await run(command);
      const { skipped, ...data } = result!.data as Record<string, unknown>;
      const { skipped: none, ...expected } = clean;
      expect(data).toEqual(expected);
      expect(none).toBe(0);
      // null, a string and {} in every listing, and a copy with wrong types where the listing had a point.
      expect(skipped).toBeGreaterThanOrEqual(4);
      expect(result!.markdown).toMatch(/Left out \d+ malformed data points Google sent\./);
    },
  );

  it.each(["Get Steps", "Get Calories Burned", "Get Activity Summary", "Get Heart Rate", "Get Exercise Data"])(
    "%s finds the day's roll-up among malformed ones",
    async (command) => {
      const clean = (await run(command)).result!.data as Record<string, unknown>;
      h.api.provider.hostile({ path: ROLL_UPS, malformedItems: "rollupDataPoints" });
      const { result } = await run(command);
      const { skipped, ...data } = result!.data as Record<string, unknown>;
      const { skipped: _none, ...expected } = clean;
      expect(data).toEqual(expected);
      expect(skipped).toBeGreaterThanOrEqual(4);
    },
  );
});

describe("Google echoing the access token", () => {
  it("never hands the token back in a result", async () => {
    const token = await h.host.services.auth.accessToken("alice", "fitbit");
    h.api.provider.hostile({ echoSecrets: { fields: ["displayName", "type", "exerciseType", "heartRateZone", "activityLevel", "userProvidedUnit", "notes"] } });
    for (const command of COMMANDS) {
      const { result, error } = await run(command);
      expect(error, command).toBeUndefined();
      expect(JSON.stringify(result), command).not.toContain(token);
      // Reworded enum values must not carry it either, in any case.
      expect(JSON.stringify(result).toLowerCase(), command).not.toContain(token.toLowerCase());
    }
  });
});

describe("Google answering badly at the transport level", () => {
  it("a slow answer is given up on after the timeout with PROVIDER_ERROR", async () => {
    h.api.provider.hostile({ path: STEPS, delayMs: TIMEOUT_MS * 10 });
    const { error, requests } = await run("Get Steps");
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain("did not answer in time");
    expect(requests).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("a huge answer is refused with PROVIDER_ERROR", async () => {
    // The default timeout, so that the size, not the time a big body takes, is what refuses it.
    const roomy = await startFitbitHarness();
    try {
      seedHealthData(roomy.api.data);
      await roomy.connect("alice");
      roomy.api.provider.hostile({ path: STEPS, hugeBodyBytes: 32 * 1024 * 1024 });
      const error = await roomy.host.execute("Get Steps", DAY).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(roomy.api.provider.requestsTo(STEPS, "POST").length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    } finally {
      await roomy.close();
    }
  });

  it("a dropped connection answers PROVIDER_ERROR after the retries", async () => {
    h.api.provider.hostile({ path: STEPS, dropConnection: true });
    const { error, requests } = await run("Get Steps");
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("an answer that is not JSON at all answers PROVIDER_ERROR (it was INTERNAL)", async () => {
    const own = await startFitbitHarness();
    try {
      await own.connect("alice");
      own.api.provider.route("POST /v4/users/:user/dataTypes/:dataType/dataPoints:dailyRollUp", () => ({ text: "<html>Service Unavailable</html>" }));
      const error = await own.host.execute("Get Steps", DAY).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(own.api.provider.requestsTo(STEPS, "POST")).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("a body that is not a JSON object answers PROVIDER_ERROR", async () => {
    h.api.provider.fault({ path: "/v4/users/me/dataTypes/hydration-log/dataPoints", status: 200, json: [1, 2, 3] });
    const { error, requests } = await run("Get Water Intake");
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBe(1);
  });
});
