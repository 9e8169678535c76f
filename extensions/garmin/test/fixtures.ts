/**
 * One user's Garmin data around Tuesday 2026-11-24 in Berlin (UTC+1), uploaded the way a watch syncs:
 * partial dailies during the day, the final version the next morning, last night's sleep at breakfast.
 */
import type { FakeGarmin } from "./fake-garmin.js";

export const TIME_ZONE = "Europe/Berlin";
/** The host clock in tests: Wednesday 2026-11-25 11:00 in Berlin. */
export const NOW = new Date("2026-11-25T10:00:00Z");
export const DAY = "2026-11-24";
const OFFSET = 3600;
/** Local midnight starting 2026-11-24 in Berlin, epoch seconds. */
export const DAY_START = Date.UTC(2026, 10, 23, 23, 0, 0) / 1000;
const at = (hours: number, minutes = 0) => DAY_START + hours * 3600 + minutes * 60;

export const RUN_ID = 21094567812;

function heartRateSamples(): Record<string, number> {
  const samples: Record<string, number> = {};
  // Every 15 s from 07:00 to 07:02 and one per hour otherwise.
  for (let s = 0; s <= 120; s += 15) samples[String(7 * 3600 + s)] = 120 + s / 15;
  for (let h = 0; h < 24; h++) if (h !== 7) samples[String(h * 3600)] = 55 + h;
  samples[String(3 * 3600 + 15)] = 0; // no reading: must not count
  return samples;
}

export const finalDaily = {
  summaryId: "x4f2a91-6923d2f0-15180-0",
  calendarDate: DAY,
  activityType: "WALKING",
  startTimeInSeconds: DAY_START,
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 86_400,
  steps: 8412,
  stepsGoal: 10_000,
  distanceInMeters: 6523.4,
  activeTimeInSeconds: 5460,
  activeKilocalories: 412,
  bmrKilocalories: 1650,
  floorsClimbed: 7,
  floorsClimbedGoal: 10,
  moderateIntensityDurationInSeconds: 1800,
  vigorousIntensityDurationInSeconds: 600,
  intensityDurationGoalInSeconds: 9000,
  minHeartRateInBeatsPerMinute: 48,
  averageHeartRateInBeatsPerMinute: 67,
  maxHeartRateInBeatsPerMinute: 152,
  restingHeartRateInBeatsPerMinute: 52,
  timeOffsetHeartRateSamples: heartRateSamples(),
  averageStressLevel: 32,
  maxStressLevel: 88,
  stressDurationInSeconds: 14_400,
  restStressDurationInSeconds: 30_600,
  activityStressDurationInSeconds: 5_400,
  lowStressDurationInSeconds: 9_000,
  mediumStressDurationInSeconds: 3_600,
  highStressDurationInSeconds: 1_800,
  stressQualifier: "balanced",
  bodyBatteryChargedValue: 61,
  bodyBatteryDrainedValue: 54,
};

export const night = {
  summaryId: "x4f2a91-6922b1a4-6f4c",
  calendarDate: DAY,
  startTimeInSeconds: DAY_START - 73 * 60, // 22:47 the evening before
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 7 * 3600 + 41 * 60,
  deepSleepDurationInSeconds: 5_040,
  lightSleepDurationInSeconds: 14_760,
  remSleepInSeconds: 5_460,
  awakeDurationInSeconds: 2_400,
  validation: "ENHANCED_FINAL",
  overallSleepScore: { value: 81, qualifierKey: "GOOD" },
};

const nap = {
  summaryId: "x4f2a91-69245b30-0e10",
  calendarDate: DAY,
  startTimeInSeconds: at(14),
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 1_800,
  lightSleepDurationInSeconds: 1_800,
};

const stressDetail = {
  summaryId: "x4f2a91-6923d2f0-15180-sd",
  calendarDate: DAY,
  startTimeInSeconds: DAY_START,
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 86_400,
  timeOffsetStressLevelValues: { "0": 18, "180": 22, "25200": -1, "25380": -2, "43200": 64, "61200": 88, "79200": 24 },
  timeOffsetBodyBatteryValues: { "0": 38, "25200": 92, "43200": 70, "61200": 41, "82800": 35 },
};

function track(): Array<Record<string, number>> {
  const samples: Array<Record<string, number>> = [];
  const start = at(7, 5);
  for (let i = 0; i < 450; i++)
    samples.push({
      startTimeInSeconds: start + i * 5,
      latitudeInDegree: 52.5163 + i * 0.00005,
      longitudeInDegree: 13.3777 + i * 0.00003,
      elevationInMeters: 34 + (i % 10),
      heartRate: 140 + (i % 12),
      totalDistanceInMeters: i * 12.5,
    });
  samples.splice(3, 0, { startTimeInSeconds: start + 16, heartRate: 138 }); // no fix yet
  return samples;
}

const run = {
  summaryId: `${RUN_ID}`,
  activityId: RUN_ID,
  activityName: "Berlin Running",
  activityType: "RUNNING",
  deviceName: "forerunner965",
  startTimeInSeconds: at(7, 5),
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 2_250,
  distanceInMeters: 5_612.7,
  activeKilocalories: 386,
  averageHeartRateInBeatsPerMinute: 146,
  maxHeartRateInBeatsPerMinute: 171,
  averageSpeedInMetersPerSecond: 2.49,
  totalElevationGainInMeters: 41,
  steps: 5_840,
  startingLatitudeInDegree: 52.5163,
  startingLongitudeInDegree: 13.3777,
};

const yoga = {
  summaryId: "21099812345",
  activityId: 21099812345,
  activityName: "Evening Yoga",
  activityType: "YOGA",
  startTimeInSeconds: at(18, 30),
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 2_700,
  activeKilocalories: 120,
  averageHeartRateInBeatsPerMinute: 88,
  maxHeartRateInBeatsPerMinute: 104,
};

const previousDayRide = {
  summaryId: "21081230001",
  activityId: 21081230001,
  activityName: "Commute",
  activityType: "CYCLING",
  startTimeInSeconds: DAY_START - 2 * 3600,
  startTimeOffsetInSeconds: OFFSET,
  durationInSeconds: 1_500,
  distanceInMeters: 7_100,
  startingLatitudeInDegree: 52.5,
  startingLongitudeInDegree: 13.4,
};

const weighIn = {
  summaryId: "x4f2a91-6923f0a4",
  measurementTimeInSeconds: at(6, 55),
  measurementTimeOffsetInSeconds: OFFSET,
  weightInGrams: 72_450,
  bodyMassIndex: 22.4,
  bodyFatInPercent: 17.8,
};

/** Loads the whole story into the fake server. */
export function seed(garmin: FakeGarmin): void {
  // Yesterday's final daily, synced just after midnight: same upload window, other calendar date.
  garmin.upload("dailies", { ...finalDaily, summaryId: "x4f2a91-69228170-15180-0", calendarDate: "2026-11-23", steps: 11_020 }, at(0, 20));
  garmin.upload("dailies", { ...finalDaily, steps: 3_020, activeKilocalories: 120 }, at(10)); // partial, replaced later
  garmin.upload("sleeps", night, at(7, 30));
  garmin.upload("sleeps", nap, at(15));
  garmin.upload("bodyComps", weighIn, at(7));
  garmin.upload("activities", previousDayRide, at(0, 5));
  garmin.upload("activities", run, at(8));
  garmin.upload("activityDetails", { summaryId: `${RUN_ID}-detail`, activityId: RUN_ID, summary: run, samples: track() }, at(8));
  garmin.upload("activities", yoga, at(19, 20));
  garmin.upload("stressDetails", stressDetail, at(23, 50));
  // The final daily arrives the next morning, when the watch syncs at breakfast.
  garmin.upload("dailies", finalDaily, at(24 + 7, 10));
}
