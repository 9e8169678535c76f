import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOuraData } from "./fixtures.js";
import { startOuraHarness, type OuraHarness } from "./harness.js";

let h: OuraHarness;

beforeAll(async () => {
  h = await startOuraHarness();
  seedOuraData(h.api);
  await h.connect("alice");
});

afterAll(async () => {
  await h?.close();
});

const range = { start_date: "2026-11-20", end_date: "2026-11-24" };

describe("oura commands against the Oura API v2", () => {
  it("Get Oura Ring Data defaults to the last 7 days and reports every part", async () => {
    const result = await h.host.execute("Get Oura Ring Data", {});
    const data = result.data as Record<string, any>;
    expect(data.startDate).toBe("2026-11-17");
    expect(data.endDate).toBe("2026-11-24");
    expect(data.personalInfo.data).toMatchObject({ age: 36, email: "alice@example.test" });
    expect(data.dailyActivity.data).toHaveLength(5);
    expect(data.dailySpo2.data[0].spo2_percentage.average).toBe(97.2);
    expect(data.workouts.data).toHaveLength(2);
    for (const collection of ["daily_activity", "daily_sleep", "daily_readiness", "daily_stress", "daily_spo2", "sleep_time", "workout", "session"]) {
      const call = h.api.provider.requestsTo(`/v2/usercollection/${collection}`).at(-1)!;
      expect(call.query.get("start_date")).toBe("2026-11-17");
      expect(call.query.get("end_date")).toBe("2026-11-24");
    }
    expect(result.markdown).toMatch(/^# Oura Data Summary \(2026-11-17 to 2026-11-24\)/);
    expect(result.markdown).toContain("| 2026-11-24 | 12,000 | 2,240 |");
    expect(result.markdown).toContain("## Sessions");
  });

  it("Get Oura Ring Data shows a failed part as that part's error", async () => {
    h.api.provider.fault({ path: "/v2/usercollection/daily_spo2", status: 403, json: { detail: "Access forbidden." } });
    const result = await h.host.execute("Get Oura Ring Data", range);
    const data = result.data as Record<string, any>;
    expect(data.dailySpo2.error).toMatchObject({ code: "UNAUTHORIZED", status: 403 });
    expect(data.dailySpo2.error.message).toContain('"spo2Daily" scope');
    expect(data.dailyReadiness.data).toHaveLength(5);
    expect(result.markdown).toMatch(/## Daily SpO2\nCould not read this part: Oura refused access to daily spo2 data/);
  });

  it("Get Oura Sleep joins daily scores and sleep periods", async () => {
    const result = await h.host.execute("Get Oura Sleep", range);
    const data = result.data as Record<string, any>;
    expect(data.dailyScores.map((s: { score: number }) => s.score)).toEqual([70, 71, 72, 73, 74]);
    expect(data.periods[0]).toMatchObject({
      day: "2026-11-24",
      type: "long_sleep",
      totalSleepMinutes: 435,
      deepSleepMinutes: 90,
      remSleepMinutes: 100,
      efficiencyPercent: 91,
      lowestHeartRateBpm: 48,
    });
    expect(data.periods[1]).toMatchObject({ type: "rest", totalSleepMinutes: null });
    expect(result.markdown).toContain("| 2026-11-24 | long_sleep | 7h 15m | 90 min | 100 min | 91% |");
  });

  it("Get Oura Readiness follows next_token to the last page", async () => {
    h.api.pageSize = 2;
    try {
      const result = await h.host.execute("Get Oura Readiness", range);
      const days = (result.data as { days: Array<{ day: string; score: number }> }).days;
      expect(days.map((d) => d.score)).toEqual([75, 76, 77, 78, 79]);
      expect(result.markdown).toContain("| 2026-11-24 | 79 | -0.4 |");
      const calls = h.api.provider.requestsTo("/v2/usercollection/daily_readiness").slice(-3);
      expect(calls.map((c) => c.query.get("next_token"))).toEqual([null, expect.stringMatching(/^nt-/), expect.stringMatching(/^nt-/)]);
      expect(calls.every((c) => c.query.get("start_date") === "2026-11-20" && c.query.get("end_date") === "2026-11-24")).toBe(true);
    } finally {
      h.api.pageSize = 50;
    }
  });

  it("Get Oura Readiness follows at most 10 pages and says the listing was cut short", async () => {
    const seeded = h.api.documents.daily_readiness;
    h.api.documents.daily_readiness = Array.from({ length: 12 }, (_, i) => ({
      id: `many-${i}`,
      day: `2026-10-${String(i + 1).padStart(2, "0")}`,
      score: 60 + i,
    }));
    h.api.pageSize = 1;
    try {
      const before = h.api.provider.requestsTo("/v2/usercollection/daily_readiness").length;
      const result = await h.host.execute("Get Oura Readiness", { start_date: "2026-10-01", end_date: "2026-10-12" });
      const data = result.data as { days: unknown[]; truncated: boolean; skipped: number };
      expect(data).toMatchObject({ truncated: true, skipped: 0 });
      expect(data.days).toHaveLength(10);
      expect(h.api.provider.requestsTo("/v2/usercollection/daily_readiness").length - before).toBe(10);
      expect(result.markdown).toContain("Oura had more than 10 pages; only those were read.");
    } finally {
      h.api.pageSize = 50;
      h.api.documents.daily_readiness = seeded;
    }
  });

  it("Get Oura Activity reports steps and calories per day", async () => {
    const result = await h.host.execute("Get Oura Activity", { start_date: "2026-11-23", end_date: "2026-11-24" });
    expect(result.data).toMatchObject({
      totalSteps: 23_000,
      days: [
        { day: "2026-11-23", steps: 11_000, activeCalories: 430, totalCalories: 2230, highActivityMinutes: 20, mediumActivityMinutes: 40 },
        { day: "2026-11-24", steps: 12_000 },
      ],
    });
    expect(result.markdown).toContain("(23,000 steps in total)");
  });

  it("Get Oura Heart Rate asks for whole local days and summarises per day", async () => {
    const result = await h.host.execute("Get Oura Heart Rate", { start_date: "2026-11-23", end_date: "2026-11-24", include_samples: true });
    const data = result.data as Record<string, any>;
    const call = h.api.provider.requestsTo("/v2/usercollection/heartrate").at(-1)!;
    expect(call.query.get("start_datetime")).toBe("2026-11-23T00:00:00+01:00");
    expect(call.query.get("end_datetime")).toBe("2026-11-25T00:00:00+01:00");
    expect(call.query.has("start_date")).toBe(false);
    expect(data.sampleCount).toBe(12);
    expect(data.days).toEqual([
      { day: "2026-11-23", samples: 6, minBpm: 50, maxBpm: 70, averageBpm: 60 },
      { day: "2026-11-24", samples: 6, minBpm: 74, maxBpm: 94, averageBpm: 84 },
    ]);
    expect(data.samples).toHaveLength(12);
  });

  it("Get Oura Workouts lists workouts with durations", async () => {
    const result = await h.host.execute("Get Oura Workouts", range);
    expect((result.data as { workouts: unknown[] }).workouts).toEqual([
      expect.objectContaining({ day: "2026-11-22", activity: "running", durationMinutes: 35, calories: 410.7, distanceMeters: 5210, intensity: "hard" }),
      expect.objectContaining({ day: "2026-11-24", label: "Commute", durationMinutes: 50, source: "manual" }),
    ]);
    expect(result.markdown).toContain("| 2026-11-24 | Commute | 50m | 320 | moderate |");
  });

  it("refuses bad ranges before sending any request", async () => {
    const before = h.api.provider.requests.length;
    await expect(h.host.execute("Get Oura Sleep", { start_date: "2026-11-31" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["start_date"] },
    });
    await expect(h.host.execute("Get Oura Activity", { start_date: "2026-11-24", end_date: "2026-11-20" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["start_date"] },
    });
    await expect(h.host.execute("Get Oura Heart Rate", { start_date: "2026-09-01", end_date: "2026-11-24" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    // Only start_date: end_date defaults to today, which is still more than 30 days away.
    await expect(h.host.execute("Get Oura Heart Rate", { start_date: "2026-09-01" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["start_date"] },
    });
    await expect(h.host.execute("Get Oura Workouts", { end_date: 20261124 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["end_date"] },
    });
    // A date-time where a day belongs: the 30-day check must not compute with it (it answered INTERNAL).
    await expect(h.host.execute("Get Oura Heart Rate", { start_date: "2026-11-24T10:00:00Z", end_date: "2026-11-30" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["start_date"] },
    });
    // The last supported day is 9998-12-31, so the day after an end date is still a YYYY-MM-DD date.
    await expect(h.host.execute("Get Oura Heart Rate", { start_date: "9999-12-30", end_date: "9999-12-31" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(h.api.provider.requests.length).toBe(before);
  });
});
