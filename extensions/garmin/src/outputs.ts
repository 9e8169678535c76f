import { z } from "@agx-ext/core";

/**
 * Schemas of each command's `data` (the host publishes them as MCP output schemas and in OpenAPI). The
 * commands' return types are derived from them, so a result cannot drift from what is published, and the
 * objects are strict, so a key the schema does not declare fails the test host's output check. Garmin
 * leaves out what a device did not measure: those values are null.
 */

const date = z.string().describe("YYYY-MM-DD");
const localTime = z.string().describe("Local date-time with its UTC offset where it was recorded, e.g. 2026-11-24T07:12:00+01:00");
const clock = z.string().describe("Local time of day, HH:MM");
const count = z.number().int().min(0);
const maybe = z.number().nullable();
const skipped = count.describe("Records (or track points) Garmin sent malformed, left out");

/** The answer for a day Garmin has nothing for (the device may not have synced): not an error. */
const noDataOutput = z.strictObject({ date, found: z.literal(false), skipped });

/** A day's answer: `found: true` with the values, or `found: false` when Garmin has nothing for it. */
const foundOrNot = <S extends z.ZodRawShape>(shape: S) =>
  z.discriminatedUnion("found", [z.strictObject({ date, found: z.literal(true), ...shape, skipped }), noDataOutput]);

/** A day's heart rate averaged per local hour. */
const hourlyHeartRate = z.strictObject({
  hour: z.string().describe("Local hour start, HH:00"),
  averageBpm: z.number(),
  minBpm: z.number(),
  maxBpm: z.number(),
});

/** `data` of the "Get Heart Rate" command. */
export const heartRateOutput = foundOrNot({
  restingHeartRateBpm: maybe,
  averageHeartRateBpm: maybe,
  minHeartRateBpm: maybe,
  maxHeartRateBpm: maybe,
  sampleCount: count,
  hourly: z.array(hourlyHeartRate),
});

/** `data` of the "Get Steps" command. */
export const stepsOutput = foundOrNot({
  steps: z.number(),
  stepsGoal: maybe,
  goalPercent: maybe,
  distanceMeters: maybe,
  distanceKm: maybe,
  distanceMiles: maybe,
  activeKilocalories: maybe,
  activeMinutes: maybe,
});

/** `data` of the "Get Sleep Data" command. */
export const sleepOutput = foundOrNot({
  start: localTime,
  end: localTime,
  totalSleepMinutes: z.number(),
  deepSleepMinutes: maybe,
  lightSleepMinutes: maybe,
  remSleepMinutes: maybe,
  awakeMinutes: maybe,
  sleepScore: maybe,
  sleepScoreQualifier: z.string().nullable().describe("EXCELLENT, GOOD, FAIR or POOR"),
  validation: z.string().nullable(),
});

/** One activity as the commands describe it. */
const activity = z.strictObject({
  activityId: z.string().nullable().describe("Pass to Get GPS Data as activity_id"),
  name: z.string(),
  type: z.string().nullable(),
  start: localTime,
  durationMinutes: maybe,
  distanceKm: maybe,
  activeKilocalories: maybe,
  averageHeartRateBpm: maybe,
  maxHeartRateBpm: maybe,
  elevationGainMeters: maybe,
  steps: maybe,
  device: z.string().nullable(),
  hasGps: z.boolean(),
});

/** `data` of the "Get Activity Data" command. */
export const activityDataOutput = z.strictObject({
  date,
  total: count.describe("Activities on the day, also those beyond limit"),
  activities: z.array(activity),
  skipped,
});

/** One point of an activity's GPS track. */
const trackPoint = z.strictObject({ time: localTime, latitude: z.number(), longitude: z.number(), elevationMeters: maybe });

/** `data` of the "Get GPS Data" command. */
export const gpsOutput = z.union([
  z.strictObject({ date, activities: z.array(activity).describe("Without activity_id: the day's activities that have GPS"), skipped }),
  z.strictObject({
    date: date.describe("The day the activity started"),
    activity,
    pointCount: count.describe("Track points with a position"),
    start: trackPoint.nullable(),
    end: trackPoint.nullable(),
    track: z.array(trackPoint).describe("At most 200 evenly spaced points, first and last kept"),
    skipped,
  }),
]);

/** `data` of the "Get Daily Summary" command. */
export const dailySummaryOutput = foundOrNot({
  activity: z.strictObject({
    steps: z.number(),
    stepsGoal: maybe,
    goalPercent: maybe,
    goalAchieved: z.boolean(),
    distanceKm: maybe,
    activeMinutes: maybe,
    intensityMinutes: z.number(),
    intensityMinutesGoal: maybe,
    floorsClimbed: maybe,
    activeKilocalories: maybe,
    totalKilocalories: maybe,
  }),
  health: z.strictObject({ restingHeartRateBpm: maybe, averageStressLevel: maybe, bodyBatteryCharged: maybe, bodyBatteryDrained: maybe }),
  body: z.strictObject({ weightKg: maybe, bodyMassIndex: maybe, bodyFatPercent: maybe }).nullable().describe("The day's last weigh-in; null without one"),
});

/** `data` of the "Get Stress Data" command. */
export const stressOutput = foundOrNot({
  averageStressLevel: maybe,
  maxStressLevel: maybe,
  band: z.enum(["rest", "low", "medium", "high"]).nullable(),
  qualifier: z.string().nullable(),
  minutes: z.strictObject({ rest: maybe, low: maybe, medium: maybe, high: maybe, activity: maybe, stressed: maybe }),
  sampleCount: count,
  latest: z.strictObject({ time: clock, level: z.number() }).nullable(),
});

const level = z.strictObject({ level: z.number(), time: clock });

/** `data` of the "Get Body Battery" command. */
export const bodyBatteryOutput = foundOrNot({
  mostRecent: z.strictObject({ level: z.number(), time: clock, band: z.enum(["high", "good", "medium", "low"]) }).nullable(),
  highest: level.nullable(),
  lowest: level.nullable(),
  charged: maybe,
  drained: maybe,
  sampleCount: count,
});

/** `data` of the "Garmin - Import OAuth 1.0a Token" command. */
export const importTokenOutput = z.discriminatedUnion("stored", [
  z.strictObject({
    provider: z.literal("garmin"),
    authorization: z.literal("oauth1"),
    garminUserId: z.string().nullable(),
    stored: z.literal(true),
    usableUntil: date.describe("Last day Garmin accepts OAuth 1.0a"),
  }),
  z
    .strictObject({ provider: z.literal("garmin"), authorization: z.literal("oauth2"), garminUserId: z.string().nullable(), stored: z.literal(false) })
    .describe("Already connected with OAuth 2.0: the token was not stored"),
]);

/** One hour of heart rate, typed from its schema. */
export type HourlyHeartRate = z.output<typeof hourlyHeartRate>;
/** One GPS track point, typed from its schema. */
export type TrackPoint = z.output<typeof trackPoint>;
/** One activity as the activity and GPS commands report it, typed from its schema. */
export type Activity = z.output<typeof activity>;
/** The data of a day Garmin has nothing for, typed from its schema. */
export type NoDataOutput = z.output<typeof noDataOutput>;
/** `data` of the "Get Heart Rate" command, typed from its output schema. */
export type HeartRateOutput = z.output<typeof heartRateOutput>;
/** `data` of the "Get Steps" command, typed from its output schema. */
export type StepsOutput = z.output<typeof stepsOutput>;
/** `data` of the "Get Sleep Data" command, typed from its output schema. */
export type SleepOutput = z.output<typeof sleepOutput>;
/** `data` of the "Get Activity Data" command, typed from its output schema. */
export type ActivityDataOutput = z.output<typeof activityDataOutput>;
/** `data` of the "Get GPS Data" command, typed from its output schema. */
export type GpsOutput = z.output<typeof gpsOutput>;
/** `data` of the "Get Daily Summary" command, typed from its output schema. */
export type DailySummaryOutput = z.output<typeof dailySummaryOutput>;
/** `data` of the "Get Stress Data" command, typed from its output schema. */
export type StressOutput = z.output<typeof stressOutput>;
/** `data` of the "Get Body Battery" command, typed from its output schema. */
export type BodyBatteryOutput = z.output<typeof bodyBatteryOutput>;
/** `data` of the "Garmin - Import OAuth 1.0a Token" command, typed from its output schema. */
export type ImportTokenOutput = z.output<typeof importTokenOutput>;
