import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFitbitHarness, type FitbitHarness } from "./harness.js";

/** The fake must refuse what the Google Health API refuses, or the command tests prove nothing. */
let h: FitbitHarness;
let token: string;

beforeAll(async () => {
  h = await startFitbitHarness();
  await h.connect("alice");
  token = await h.host.services.auth.accessToken("alice", "fitbit");
});

afterAll(async () => {
  await h?.close();
});

const day = (d: number) => ({ date: { year: 2026, month: 11, day: d } });

async function call(path: string, init: { method?: string; body?: unknown; bearer?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.bearer !== null) headers.authorization = `Bearer ${init.bearer ?? token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${h.api.provider.url}${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as { error?: { status?: string; message?: string } } };
}

describe("fake Google Health API", () => {
  it("refuses a missing or unknown bearer token with Google's 401 body", async () => {
    for (const bearer of [null, "ya29.not-issued"]) {
      const { status, body } = await call("/v4/users/me/dataTypes/steps/dataPoints", { bearer });
      expect(status).toBe(401);
      expect(body.error?.status).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses unknown data types, filters of another data type and bad literals", async () => {
    expect((await call("/v4/users/me/dataTypes/stepz/dataPoints")).status).toBe(400);
    const other = await call(`/v4/users/me/dataTypes/weight/dataPoints?filter=${encodeURIComponent('steps.interval.civil_start_time >= "2026-11-24"')}`);
    expect(other).toMatchObject({ status: 400, body: { error: { status: "INVALID_ARGUMENT" } } });
    const wrongField = await call(`/v4/users/me/dataTypes/sleep/dataPoints?filter=${encodeURIComponent('sleep.interval.civil_start_time >= "2026-11-24"')}`);
    expect(wrongField.status).toBe(400);
    const badLiteral = await call(
      `/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints?filter=${encodeURIComponent('daily_resting_heart_rate.date >= "24.11.2026"')}`,
    );
    expect(badLiteral.status).toBe(400);
  });

  it("refuses a page token from another query", async () => {
    h.api.data.points.weight = [1, 2, 3].map((n) => ({ weight: { sampleTime: { physicalTime: `2026-11-2${n}T07:00:00Z` }, weightGrams: 70_000 } }));
    const first = await call("/v4/users/me/dataTypes/weight/dataPoints?pageSize=1");
    const next = (first.body as { nextPageToken?: string }).nextPageToken!;
    expect(next).toBeTruthy();
    expect((await call(`/v4/users/me/dataTypes/weight/dataPoints?pageSize=2&pageToken=${next}`)).status).toBe(400);
    expect((await call(`/v4/users/me/dataTypes/weight/dataPoints?pageSize=1&pageToken=${next}`)).status).toBe(200);
  });

  it("checks daily roll-up ranges and data types", async () => {
    const path = (type: string) => `/v4/users/me/dataTypes/${type}/dataPoints:dailyRollUp`;
    expect((await call(path("steps"), { method: "POST", body: { range: { start: day(24), end: day(25) } } })).status).toBe(200);
    expect((await call(path("steps"), { method: "POST", body: { range: { start: day(25), end: day(24) } } })).status).toBe(400);
    expect((await call(path("steps"), { method: "POST", body: { range: { start: { date: { year: 2026, month: 2, day: 30 } }, end: day(1) } } })).status).toBe(
      400,
    );
    expect((await call(path("sleep"), { method: "POST", body: { range: { start: day(24), end: day(25) } } })).status).toBe(400);
    const tooLong = await call(path("total-calories"), { method: "POST", body: { range: { start: day(1), end: day(20) } } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.message).toContain("14 days");
  });

  it("only serves the user of the token", async () => {
    expect((await call("/v4/users/12345/dataTypes/steps/dataPoints")).status).toBe(403);
  });
});
