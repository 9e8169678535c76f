import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DAY, DAY_START, RUN_ID } from "./fixtures.js";
import { startHarness, type Harness } from "./harness.js";

/**
 * Garmin misbehaving in every way a hostile provider can: each case ends in a correct result or a clear
 * PROVIDER_ERROR, after a bounded number of requests.
 */
const DAILIES = "/wellness-api/rest/dailies";

/** Each command, its input, and how many summary types it pulls. */
const COMMANDS: Array<[string, Record<string, unknown>, number]> = [
  ["Get Heart Rate", { date: DAY }, 1],
  ["Get Steps", { date: DAY }, 1],
  ["Get Sleep Data", { date: DAY }, 1],
  ["Get GPS Data", { date: DAY }, 1],
  ["Get GPS Data", { date: DAY, activity_id: String(RUN_ID) }, 1],
  ["Get Activity Data", { date: DAY }, 1],
  ["Get Daily Summary", { date: DAY }, 2],
  ["Get Stress Data", { date: DAY }, 2],
  ["Get Body Battery", { date: DAY }, 2],
];

/** A day and its late-sync allowance span at most 49 hours: three upload windows of at most 86400 s. */
const WINDOWS_PER_TYPE = 3;
/** The per-attempt HTTP timeout of this harness: short, so a slow Garmin is given up on quickly. */
const TIMEOUT_MS = 300;
/** One attempt and auth's three retries. */
const MAX_ATTEMPTS = 4;

let h: Harness;

/** Garmin's pull answers: bare JSON arrays of summaries (the user id answer is left alone). */
const SUMMARY_PULLS = /^\/wellness-api\/rest\/(?!user\/id$)/;

beforeAll(async () => {
  h = await startHarness({ settings: { GARMIN_HTTP_TIMEOUT_MS: String(TIMEOUT_MS) } });
});

afterEach(() => {
  h.garmin.provider.hostile();
});

afterAll(async () => {
  await h?.close();
});

/** Runs a command and counts the requests it sent to Garmin. */
async function run(command: string, input: Record<string, unknown>) {
  const before = h.garmin.provider.requests.length;
  const outcome = await h.host.execute(command, input).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as { code?: string; message?: string } }),
  );
  return { ...outcome, requests: h.garmin.provider.requests.length - before };
}

describe("Garmin pages", () => {
  it.each(COMMANDS)("%s %j reads a bounded number of upload windows, with no page token to follow", async (command, input, types) => {
    // Garmin's pull answers are arrays without page tokens: a reply that carries one changes nothing.
    h.garmin.provider.hostile({ repeatPageToken: { field: "nextPageToken" } });
    const { result, requests } = await run(command, input);
    expect(result).toBeDefined();
    expect(requests).toBeLessThanOrEqual(types * WINDOWS_PER_TYPE);
  });
});

describe("Garmin sending malformed summaries", () => {
  it.each(COMMANDS)("%s %j keeps the good records and counts the bad ones", async (command, input) => {
    const clean = (await run(command, input)).result!.data as Record<string, unknown>;
    h.garmin.provider.hostile({ path: SUMMARY_PULLS, malformedItems: "$" });
    const { result, error } = await run(command, input);
    expect(error).toBeUndefined();
    const { skipped, ...data } = result!.data as Record<string, unknown>;
    const { skipped: none, ...expected } = clean;
    expect(data).toEqual(expected);
    expect(none).toBe(0);
    // null, a string and {} in every answer, and a wrongly typed copy where the answer had a record.
    expect(skipped).toBeGreaterThanOrEqual(4);
    expect(result!.markdown).toMatch(/Left out \d+ malformed records Garmin sent\./);
  });

  it("a route with unreadable track points draws the readable ones and counts the rest", async () => {
    const id = 31000000001;
    const point = (i: number) => ({ startTimeInSeconds: DAY_START + 9 * 3600 + i, latitudeInDegree: 52.5 + i / 1000, longitudeInDegree: 13.4 });
    const samples = [
      point(0),
      null,
      "garbage",
      { startTimeInSeconds: "NaN", latitudeInDegree: 52.5 },
      point(1),
      { ...point(2), latitudeInDegree: 512 },
      point(3),
    ];
    const summary = { summaryId: String(id), activityId: id, activityName: "Walk", startTimeInSeconds: DAY_START + 9 * 3600, startTimeOffsetInSeconds: 3600 };
    h.garmin.upload("activityDetails", { summaryId: `${id}-detail`, activityId: id, summary, samples }, DAY_START + 10 * 3600);
    const { result } = await run("Get GPS Data", { date: DAY, activity_id: String(id) });
    expect(result!.data).toMatchObject({ pointCount: 3, skipped: 4 });
    expect(result!.markdown).toContain("Left out 4 malformed records Garmin sent.");
  });
});

describe("Garmin echoing the access token", () => {
  it("never hands the token back in a result", async () => {
    const token = await h.host.services.auth.accessToken("alice", "garmin");
    h.garmin.provider.hostile({
      path: SUMMARY_PULLS,
      echoSecrets: { fields: ["activityName", "activityType", "deviceName", "stressQualifier", "qualifierKey", "validation"] },
    });
    for (const [command, input] of COMMANDS) {
      const { result, error } = await run(command, input);
      expect(error, command).toBeUndefined();
      expect(JSON.stringify(result), command).not.toContain(token);
      // A reworded value (the sleep score's qualifier is lower-cased) must not carry it either.
      expect(JSON.stringify(result).toLowerCase(), command).not.toContain(token.toLowerCase());
    }
  });
});

describe("Garmin answering badly at the transport level", () => {
  it("a slow answer is given up on after the timeout with PROVIDER_ERROR", async () => {
    h.garmin.provider.hostile({ path: DAILIES, delayMs: TIMEOUT_MS * 10 });
    const { error, requests } = await run("Get Steps", { date: DAY });
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain("did not answer in time");
    expect(requests).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("a huge answer is refused with PROVIDER_ERROR", async () => {
    // The default timeout, so that the size, not the time a big body takes, is what refuses it.
    const roomy = await startHarness();
    try {
      roomy.garmin.provider.hostile({ path: DAILIES, hugeBodyBytes: 32 * 1024 * 1024 });
      const error = await roomy.fail("Get Steps", { date: DAY });
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(roomy.garmin.provider.requestsTo(DAILIES).length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    } finally {
      await roomy.close();
    }
  });

  it("a dropped connection answers PROVIDER_ERROR after the retries", async () => {
    h.garmin.provider.hostile({ path: DAILIES, dropConnection: true });
    const { error, requests } = await run("Get Steps", { date: DAY });
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("an answer that is not JSON at all answers PROVIDER_ERROR (it was INTERNAL)", async () => {
    const own = await startHarness();
    try {
      own.garmin.provider.route("GET /wellness-api/rest/:type", () => ({ text: "<html>Service Unavailable</html>" }));
      const error = await own.fail("Get Steps", { date: DAY });
      expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
      expect(own.garmin.provider.requestsTo(DAILIES)).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("an answer that is not a list of summaries answers PROVIDER_ERROR", async () => {
    h.garmin.provider.fault({ path: DAILIES, status: 200, json: { dailies: [] } });
    const { error, requests } = await run("Get Steps", { date: DAY });
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(requests).toBe(1);
  });
});
