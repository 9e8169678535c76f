import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";
import { DAY, DAY_START, NOW, RUN_ID } from "./fixtures.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("the eight commands against the Health API", () => {
  it("Get Steps reads the day's final dailies summary, including the next-morning sync", async () => {
    const result = await h.run("Get Steps", { date: DAY });
    expect(result.data).toEqual({
      date: DAY,
      found: true,
      steps: 8412,
      stepsGoal: 10_000,
      goalPercent: 84.1,
      distanceMeters: 6523.4,
      distanceKm: 6.52,
      distanceMiles: 4.05,
      activeKilocalories: 412,
      activeMinutes: 91,
      skipped: 0,
    });
    expect(result.markdown).toContain("Steps on 2026-11-24: 8,412 of 10,000 (84.1%)");
    // The day plus the late-sync day, cut at now, each within Garmin's 86400 s limit.
    expect(h.garmin.windowsRequested("dailies")).toEqual([
      [DAY_START, DAY_START + 86_400],
      [DAY_START + 86_400, NOW.getTime() / 1000],
    ]);
  });

  it("Get Heart Rate gives the daily heart-rate fields and hourly averages of the samples", async () => {
    const { data, markdown } = await h.run("Get Heart Rate", { date: DAY });
    expect(data).toMatchObject({ found: true, restingHeartRateBpm: 52, averageHeartRateBpm: 67, minHeartRateBpm: 48, maxHeartRateBpm: 152, sampleCount: 32 });
    expect(data.hourly).toHaveLength(24);
    expect(data.hourly).toContainEqual({ hour: "07:00", averageBpm: 124, minBpm: 120, maxBpm: 128 });
    expect(data.hourly).toContainEqual({ hour: "03:00", averageBpm: 58, minBpm: 58, maxBpm: 58 }); // the 0 sample is no reading
    expect(markdown).toContain("Resting: 52 bpm");
  });

  it("Get Sleep Data picks the night that ended on the day, not the nap", async () => {
    const { data, markdown } = await h.run("Get Sleep Data", { date: DAY });
    expect(data).toEqual({
      date: DAY,
      found: true,
      start: "2026-11-23T22:47:00+01:00",
      end: "2026-11-24T06:28:00+01:00",
      totalSleepMinutes: 461,
      deepSleepMinutes: 84,
      lightSleepMinutes: 246,
      remSleepMinutes: 91,
      awakeMinutes: 40,
      sleepScore: 81,
      sleepScoreQualifier: "GOOD",
      validation: "ENHANCED_FINAL",
      skipped: 0,
    });
    expect(markdown).toContain("22:47 - 06:28 (7h 41m)");
  });

  it("Get Activity Data lists the day's activities in order and honours limit", async () => {
    const all = await h.run("Get Activity Data", { date: DAY });
    expect(all.data.total).toBe(2);
    expect(all.data.activities.map((a: { name: string }) => a.name)).toEqual(["Berlin Running", "Evening Yoga"]);
    expect(all.data.activities[0]).toMatchObject({
      activityId: String(RUN_ID),
      type: "RUNNING",
      start: "2026-11-24T07:05:00+01:00",
      durationMinutes: 37.5,
      distanceKm: 5.61,
      activeKilocalories: 386,
      averageHeartRateBpm: 146,
      maxHeartRateBpm: 171,
      hasGps: true,
    });
    expect(all.markdown).toContain("Berlin Running at 07:05: 38 min, 5.61 km, 386 kcal, HR avg 146 / max 171 bpm");
    const one = await h.run("Get Activity Data", { date: DAY, limit: "1" });
    expect(one.data.activities).toHaveLength(1);
    expect(one.data.total).toBe(2);
  });

  it("Get GPS Data lists activities with GPS, then returns one activity's route", async () => {
    const list = await h.run("Get GPS Data", { date: DAY });
    expect(list.data.activities.map((a: { activityId: string }) => a.activityId)).toEqual([String(RUN_ID)]);
    const route = await h.run("Get GPS Data", { date: DAY, activity_id: String(RUN_ID) });
    expect(route.data.pointCount).toBe(450);
    expect(route.data.track).toHaveLength(200);
    expect(route.data.start).toEqual({ time: "2026-11-24T07:05:00+01:00", latitude: 52.5163, longitude: 13.3777, elevationMeters: 34 });
    expect(route.data.end.latitude).toBeCloseTo(52.5163 + 449 * 0.00005, 6);
    expect(route.data.track.at(-1)).toEqual(route.data.end);
    expect(route.markdown).toContain("Track points: 450 (200 returned)");
  });

  it("Get GPS Data answers NOT_FOUND for an activity Garmin does not have that day", async () => {
    const error = await h.fail("Get GPS Data", { date: DAY, activity_id: "123" });
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("without activity_id");
  });

  it("Get Daily Summary combines dailies and the day's weigh-in", async () => {
    const { data, markdown } = await h.run("Get Daily Summary", { date: DAY });
    expect(data.activity).toEqual({
      steps: 8412,
      stepsGoal: 10_000,
      goalPercent: 84.1,
      goalAchieved: false,
      distanceKm: 6.52,
      activeMinutes: 91,
      intensityMinutes: 50,
      intensityMinutesGoal: 150,
      floorsClimbed: 7,
      activeKilocalories: 412,
      totalKilocalories: 2062,
    });
    expect(data.health).toEqual({ restingHeartRateBpm: 52, averageStressLevel: 32, bodyBatteryCharged: 61, bodyBatteryDrained: 54 });
    expect(data.body).toEqual({ weightKg: 72.45, bodyMassIndex: 22.4, bodyFatPercent: 17.8 });
    expect(markdown).toContain("Keep going: 1,588 steps to the goal.");
  });

  it("Get Stress Data reports levels, time per range and the latest valid sample", async () => {
    const { data } = await h.run("Get Stress Data", { date: DAY });
    expect(data).toEqual({
      date: DAY,
      found: true,
      averageStressLevel: 32,
      maxStressLevel: 88,
      band: "low",
      qualifier: "balanced",
      minutes: { rest: 510, low: 150, medium: 60, high: 30, activity: 90, stressed: 240 },
      sampleCount: 5,
      latest: { time: "22:00", level: 24 },
      skipped: 0,
    });
  });

  it("Get Body Battery reads the level curve and the charged/drained totals", async () => {
    const { data, markdown } = await h.run("Get Body Battery", { date: DAY });
    expect(data).toEqual({
      date: DAY,
      found: true,
      mostRecent: { level: 35, time: "23:00", band: "medium" },
      highest: { level: 92, time: "07:00" },
      lowest: { level: 35, time: "23:00" },
      charged: 61,
      drained: 54,
      sampleCount: 5,
      skipped: 0,
    });
    expect(markdown).toContain("Charged: +61, drained: -54");
  });

  it("defaults to today in the host time zone and says when nothing has synced yet", async () => {
    const before = h.garmin.windowsRequested("sleeps").length;
    const { data, markdown } = await h.run("Get Sleep Data");
    expect(data).toEqual({ date: "2026-11-25", found: false, skipped: 0 });
    expect(markdown).toContain("No sleep data from Garmin for 2026-11-25");
    // Berlin's 2026-11-25 began at 23:00 UTC the day before; the window stops at now.
    expect(h.garmin.windowsRequested("sleeps").slice(before)).toEqual([[DAY_START + 86_400, NOW.getTime() / 1000]]);
    const today = await h.run("Get Steps", { date: "today" });
    expect(today.data).toEqual({ date: "2026-11-25", found: false, skipped: 0 });
  });
});
