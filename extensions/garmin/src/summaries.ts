import { isSupportedDate, z } from "@agx-ext/core";

/**
 * Schemas of the summary records the Garmin Health and Activity APIs return (only the fields we read).
 * Every field but the ids is optional: Garmin omits what a device did not measure. Garmin's answers are
 * checked against them: a record that does not match is left out and counted (see HealthApi.pull), so
 * one bad record never fails a command.
 */

/** Summary types the pull endpoints serve under /wellness-api/rest/<type>. */
export type SummaryType = "dailies" | "epochs" | "sleeps" | "stressDetails" | "bodyComps" | "activities" | "activityDetails";

/** Epoch seconds from 1970 to the end of 9999, so every time the commands derive is a valid date. */
const epochSeconds = z.number().int().min(0).max(253_402_300_799);
/** A UTC offset in seconds; real ones stay within ±18 hours. */
const offsetSeconds = z.number().int().min(-64_800).max(64_800);
/** A duration; none is longer than 100 days, and capping it keeps start + duration a valid date. */
const seconds = z.number().min(0).max(8_640_000);
const num = z.number();
const calendarDate = z.string().refine(isSupportedDate, { message: "expected a calendar date as YYYY-MM-DD" });
/** Offsets in seconds from startTimeInSeconds, as strings, to values. */
const timeOffsetMap = z.record(z.string(), z.number());

const summaryBase = {
  summaryId: z.string(),
  startTimeInSeconds: epochSeconds.optional(),
  startTimeOffsetInSeconds: offsetSeconds.optional(),
  durationInSeconds: seconds.optional(),
};

/** A daily summary as Garmin's Health API sends it; read defensively, bad items are skipped. */
export const dailySummary = z.object({
  ...summaryBase,
  calendarDate,
  activityType: z.string().optional(),
  steps: num.optional(),
  stepsGoal: num.optional(),
  distanceInMeters: num.optional(),
  activeTimeInSeconds: seconds.optional(),
  activeKilocalories: num.optional(),
  bmrKilocalories: num.optional(),
  floorsClimbed: num.optional(),
  floorsClimbedGoal: num.optional(),
  moderateIntensityDurationInSeconds: seconds.optional(),
  vigorousIntensityDurationInSeconds: seconds.optional(),
  intensityDurationGoalInSeconds: seconds.optional(),
  minHeartRateInBeatsPerMinute: num.optional(),
  averageHeartRateInBeatsPerMinute: num.optional(),
  maxHeartRateInBeatsPerMinute: num.optional(),
  restingHeartRateInBeatsPerMinute: num.optional(),
  timeOffsetHeartRateSamples: timeOffsetMap.optional(),
  averageStressLevel: num.optional(),
  maxStressLevel: num.optional(),
  stressDurationInSeconds: seconds.optional(),
  restStressDurationInSeconds: seconds.optional(),
  activityStressDurationInSeconds: seconds.optional(),
  lowStressDurationInSeconds: seconds.optional(),
  mediumStressDurationInSeconds: seconds.optional(),
  highStressDurationInSeconds: seconds.optional(),
  stressQualifier: z.string().optional(),
  bodyBatteryChargedValue: num.optional(),
  bodyBatteryDrainedValue: num.optional(),
});

/** A sleep summary as Garmin's Health API sends it. */
export const sleepSummary = z.object({
  ...summaryBase,
  calendarDate,
  deepSleepDurationInSeconds: seconds.optional(),
  lightSleepDurationInSeconds: seconds.optional(),
  remSleepInSeconds: seconds.optional(),
  awakeDurationInSeconds: seconds.optional(),
  unmeasurableSleepInSeconds: seconds.optional(),
  validation: z.string().optional(),
  // The markdown lower-cases the qualifier ("GOOD" -> "good"); one that is not enum-shaped is dropped, since
  // rewording it would also hide from the host's secret scrubbing anything appended to it.
  overallSleepScore: z
    .object({
      value: num.optional(),
      qualifierKey: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]*$/)
        .optional()
        .catch(undefined),
    })
    .optional(),
});

/** A stress details summary (stress and Body Battery samples) as Garmin's Health API sends it. */
export const stressDetailSummary = z.object({
  ...summaryBase,
  calendarDate,
  /** Stress level 0-100 per offset; -1 and -2 mark off-wrist and too-active samples. */
  timeOffsetStressLevelValues: timeOffsetMap.optional(),
  /** Body Battery 0-100 per offset. */
  timeOffsetBodyBatteryValues: timeOffsetMap.optional(),
});

const activityFields = {
  ...summaryBase,
  activityId: z.number().int().optional(),
  activityName: z.string().optional(),
  activityType: z.string().optional(),
  deviceName: z.string().optional(),
  distanceInMeters: num.optional(),
  activeKilocalories: num.optional(),
  averageHeartRateInBeatsPerMinute: num.optional(),
  maxHeartRateInBeatsPerMinute: num.optional(),
  averageSpeedInMetersPerSecond: num.optional(),
  totalElevationGainInMeters: num.optional(),
  steps: num.optional(),
  startingLatitudeInDegree: num.optional(),
  startingLongitudeInDegree: num.optional(),
  manual: z.boolean().optional(),
};

/** An activity summary as Garmin's Activity API sends it. */
export const activitySummary = z.object(activityFields);

/** One point of an activity's track; a bad one is left out of the route and counted. */
export const activitySample = z.object({
  startTimeInSeconds: epochSeconds,
  latitudeInDegree: z.number().min(-90).max(90).optional(),
  longitudeInDegree: z.number().min(-180).max(180).optional(),
  elevationInMeters: num.optional(),
  heartRate: num.optional(),
  speedMetersPerSecond: num.optional(),
  totalDistanceInMeters: num.optional(),
});

/** An activity with its samples (the GPS track) as Garmin's Activity API sends it. */
export const activityDetailSummary = z.object({
  summaryId: z.string(),
  activityId: z.number().int().optional(),
  // The embedded summary need not repeat the summaryId.
  summary: z.object({ ...activityFields, summaryId: z.string().optional() }),
  /** Checked one by one when the route is drawn, so that one bad point costs only that point. */
  samples: z.array(z.unknown()).optional(),
});

/** A body composition summary (weight) as Garmin's Health API sends it. */
export const bodyCompositionSummary = z.object({
  summaryId: z.string(),
  measurementTimeInSeconds: epochSeconds,
  measurementTimeOffsetInSeconds: offsetSeconds,
  weightInGrams: num.optional(),
  bodyMassIndex: num.optional(),
  bodyFatInPercent: num.optional(),
  muscleMassInGrams: num.optional(),
  boneMassInGrams: num.optional(),
  bodyWaterInPercent: num.optional(),
});

/** A Garmin daily summary, typed from its schema. */
export type DailySummary = z.output<typeof dailySummary>;
/** A Garmin stress details summary, typed from its schema. */
export type StressDetailSummary = z.output<typeof stressDetailSummary>;
/** A Garmin activity summary, typed from its schema. */
export type ActivitySummary = z.output<typeof activitySummary>;
/** One sample of an activity's details (time, position, elevation), typed from its schema. */
export type ActivitySample = z.output<typeof activitySample>;
