import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedHealthData } from "./fixtures.js";
import { startFitbitHarness, type FitbitHarness } from "./harness.js";

let h: FitbitHarness;

beforeAll(async () => {
  h = await startFitbitHarness();
  seedHealthData(h.api.data);
  await h.connect("alice");
});

afterAll(async () => {
  await h?.close();
});

const DAY = "2026-11-24"; // "today" for the harness clock in Europe/Berlin

describe("fitbit commands against the Google Health API", () => {
  it("Get Steps reads the steps roll-up of today by default", async () => {
    const result = await h.host.execute("Get Steps", {});
    expect(result.data).toEqual({ date: DAY, steps: 8412, skipped: 0 });
    expect(result.markdown).toBe("Steps on 2026-11-24: 8,412");
    const call = h.api.provider.requestsTo("/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp", "POST").at(-1)!;
    expect(call.body).toEqual({
      range: { start: { date: { year: 2026, month: 11, day: 24 } }, end: { date: { year: 2026, month: 11, day: 25 } } },
      windowSizeDays: 1,
    });
  });

  it("Get Steps for another day, and a day without data", async () => {
    expect((await h.host.execute("Get Steps", { date: "2026-11-23" })).data).toEqual({ date: "2026-11-23", steps: 10250, skipped: 0 });
    const empty = await h.host.execute("Get Steps", { date: "2026-10-01" });
    expect(empty.data).toEqual({ date: "2026-10-01", steps: null, skipped: 0 });
    expect(empty.markdown).toBe("No step data found for 2026-10-01.");
  });

  it("Get Heart Rate combines resting heart rate, the day's range and zones", async () => {
    const result = await h.host.execute("Get Heart Rate", { date: DAY });
    expect(result.data).toEqual({
      date: DAY,
      restingHeartRateBpm: 58,
      averageBpm: 71.3,
      minBpm: 52,
      maxBpm: 168,
      zones: [
        { zone: "LIGHT", minutes: 90 },
        { zone: "MODERATE", minutes: 24 },
        { zone: "VIGOROUS", minutes: 30 },
        { zone: "PEAK", minutes: 3 },
      ],
      skipped: 0,
      truncated: false,
    });
    expect(result.markdown).toContain("Resting heart rate: 58 bpm");
    const list = h.api.provider.requestsTo("/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints", "GET").at(-1)!;
    expect(list.query.get("filter")).toBe('daily_resting_heart_rate.date >= "2026-11-24" AND daily_resting_heart_rate.date < "2026-11-25"');
  });

  it("Get Sleep Data picks the main sleep that ended on the day, not the nap", async () => {
    const result = await h.host.execute("Get Sleep Data", { date: DAY });
    const data = result.data as { main: Record<string, unknown>; sessions: unknown[] };
    expect(data.sessions).toHaveLength(2);
    expect(data.main).toMatchObject({
      nap: false,
      minutesAsleep: 421,
      minutesAwake: 41,
      minutesInSleepPeriod: 462,
      efficiencyPercent: 91,
      stages: { deep: 78, light: 241, rem: 102, awake: 41 },
      startTime: "2026-11-23T22:10:00Z",
      endTime: "2026-11-24T05:52:00Z",
      bedtime: "23:10",
      wakeTime: "06:52",
    });
    expect(result.markdown).toContain("In bed: 23:10 to 06:52");
    expect(result.markdown).toContain("Asleep: 421 minutes (7h 1m)");
  });

  it("Get Calories Burned reads total-calories", async () => {
    const result = await h.host.execute("Get Calories Burned", { date: DAY });
    expect(result.data).toEqual({ date: DAY, caloriesKcal: 2312, skipped: 0 });
    expect(result.markdown).toBe("Calories burned on 2026-11-24: 2,312 kcal");
  });

  it("Get Exercise Data follows exercise pages to the end", async () => {
    h.api.defaultPageSize = 1;
    try {
      const result = await h.host.execute("Get Exercise Data", { date: DAY });
      expect(result.data).toMatchObject({
        date: DAY,
        distanceKm: 6.13,
        activeMinutes: { light: 184, moderate: 22, vigorous: 31 },
        floors: 9,
      });
      const exercises = (result.data as { exercises: Array<Record<string, unknown>> }).exercises;
      expect(exercises.map((e) => e.name)).toEqual(["Morning run", "Strength"]);
      expect(exercises[0]).toMatchObject({ type: "RUNNING", activeMinutes: 35, caloriesKcal: 402, distanceKm: 5.21, averageHeartRateBpm: 131 });
      const pages = h.api.provider.requestsTo("/v4/users/me/dataTypes/exercise/dataPoints", "GET").slice(-2);
      expect(pages[0]!.query.get("pageToken")).toBeNull();
      expect(pages[1]!.query.get("pageToken")).toMatch(/^page-/);
      expect(result.markdown).toContain("- Morning run (Running): 35m, 402 kcal, 5.2 km");
    } finally {
      h.api.defaultPageSize = undefined;
    }
  });

  it("Get Activity Summary totals the day", async () => {
    const result = await h.host.execute("Get Activity Summary", { date: DAY });
    expect(result.data).toEqual({
      date: DAY,
      steps: 8412,
      caloriesKcal: 2312,
      distanceKm: 6.13,
      floors: 9,
      activeMinutes: { light: 184, moderate: 22, vigorous: 31 },
      activeZoneMinutes: { fatBurn: 18, cardio: 24, peak: 3 },
      skipped: 0,
    });
    expect(result.markdown).toContain("- Steps: 8,412");
  });

  it("Get Weight Data reports the last weight of the day with BMI from the height on record", async () => {
    const result = await h.host.execute("Get Weight Data", { date: DAY });
    expect(result.data).toMatchObject({ date: DAY, weightKg: 71.9, weightLb: 158.5, bmi: 22.7, measuredAt: "2026-11-24T20:15:00Z" });
    expect((result.data as { entries: unknown[] }).entries).toHaveLength(2);
    expect(result.markdown).toContain("71.9 kg (158.5 lb) at 21:15");
  });

  it("Get Water Intake sums the day's hydration log across pages", async () => {
    h.api.defaultPageSize = 2;
    try {
      const result = await h.host.execute("Get Water Intake", { date: DAY });
      expect(result.data).toEqual({
        date: DAY,
        totalMl: 1080,
        totalFlOz: 36.5,
        entries: [
          { loggedAt: "2026-11-24T07:00:00Z", time: "08:00", milliliters: 500 },
          { loggedAt: "2026-11-24T11:30:00Z", time: "12:30", milliliters: 330 },
          { loggedAt: "2026-11-24T15:45:00Z", time: "16:45", milliliters: 250 },
        ],
        skipped: 0,
        truncated: false,
      });
      expect(result.markdown).toContain("- 12:30: 330 ml");
      expect(result.markdown).toContain("Water on 2026-11-24: 1,080 ml (36.5 fl oz)");
    } finally {
      h.api.defaultPageSize = undefined;
    }
  });

  it("Get Water Intake follows at most 5 pages and says the listing was cut short", async () => {
    const seeded = h.api.data.points["hydration-log"]!;
    const morning = seeded[0]!;
    h.api.data.points["hydration-log"] = Array.from({ length: 7 }, () => structuredClone(morning));
    h.api.defaultPageSize = 1;
    try {
      const path = "/v4/users/me/dataTypes/hydration-log/dataPoints";
      const before = h.api.provider.requestsTo(path, "GET").length;
      const result = await h.host.execute("Get Water Intake", { date: DAY });
      expect(result.data).toMatchObject({ totalMl: 2500, truncated: true, skipped: 0 });
      expect((result.data as { entries: unknown[] }).entries).toHaveLength(5);
      expect(h.api.provider.requestsTo(path, "GET").length - before).toBe(5);
      expect(result.markdown).toContain("Google had more than 5 pages for this day; only those were read.");
    } finally {
      h.api.defaultPageSize = undefined;
      h.api.data.points["hydration-log"] = seeded;
    }
  });

  it("refuses a bad date before sending any request", async () => {
    const before = h.api.provider.requests.length;
    await expect(h.host.execute("Get Steps", { date: "2026-02-30" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["date"] },
    });
    await expect(h.host.execute("Get Water Intake", { date: "yesterday" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    // The day after 9999-12-31 is not a YYYY-MM-DD date: core's supported range ends at 9998-12-31.
    await expect(h.host.execute("Get Sleep Data", { date: "9999-12-31" })).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: ["date"] } });
    expect(h.api.provider.requests.length).toBe(before);
  });
});
