import { z } from "@agx-ext/core";

/**
 * Schemas of each command's `data` (the host publishes them as MCP output schemas and in OpenAPI). The
 * commands' return types are derived from them, so a result cannot drift from what is published, and the
 * objects are strict, so a key the schema does not declare fails the test host's output check.
 */

const date = z.string().describe("The day asked for, YYYY-MM-DD");
const timestamp = z.string().describe("RFC 3339 timestamp, as Google sent it");
const clockTime = z.string().describe("Local time of day, HH:MM");
const count = z.number().int().min(0);
/** An enum value of the Google Health API, e.g. MODERATE or STRENGTH_TRAINING. */
const enumValue = z.string();

const skipped = count.describe("Data points Google sent malformed, left out");
const truncated = z.boolean().describe("True when a listing had more pages than the command reads");

/** What a command read in all: malformed data points left out, and whether a page cap cut a listing. */
export const readNotes = z.strictObject({ skipped, truncated });

/** `data` of the "Get Steps" command. */
export const stepsOutput = z.strictObject({ date, steps: z.number().nullable().describe("null when the day has no step data"), skipped });

/** `data` of the "Get Heart Rate" command. */
export const heartRateOutput = z.strictObject({
  date,
  restingHeartRateBpm: z.number().nullable(),
  averageBpm: z.number().nullable(),
  minBpm: z.number().nullable(),
  maxBpm: z.number().nullable(),
  zones: z.array(z.strictObject({ zone: enumValue, minutes: z.number() })),
  skipped,
  truncated,
});

/** One sleep session of a day, as the sleep command reports it. */
const sleepSession = z.strictObject({
  startTime: timestamp,
  endTime: timestamp,
  bedtime: clockTime,
  wakeTime: clockTime,
  type: enumValue,
  nap: z.boolean(),
  minutesAsleep: z.number(),
  minutesAwake: z.number(),
  minutesInSleepPeriod: z.number(),
  minutesToFallAsleep: z.number(),
  efficiencyPercent: z.number().nullable(),
  stages: z.record(z.string(), z.number()).describe("Minutes per sleep stage (deep, light, rem, awake, ...)"),
});

/** `data` of the "Get Sleep Data" command. */
export const sleepOutput = z.strictObject({
  date,
  main: sleepSession.nullable().describe("The longest sleep that is not a nap; null when none ended on the day"),
  sessions: z.array(sleepSession),
  skipped,
  truncated,
});

/** `data` of the "Get Calories Burned" command. */
export const caloriesOutput = z.strictObject({ date, caloriesKcal: z.number().nullable().describe("null when the day has no calorie data"), skipped });

const activeMinutes = z.strictObject({ light: z.number(), moderate: z.number(), vigorous: z.number() });

/** One exercise recorded on a day, as the exercise command reports it. */
const exercise = z.strictObject({
  name: z.string(),
  type: enumValue,
  startTime: timestamp,
  endTime: timestamp,
  activeMinutes: z.number(),
  caloriesKcal: z.number().nullable(),
  distanceKm: z.number().nullable(),
  steps: z.number().nullable(),
  averageHeartRateBpm: z.number().nullable(),
});

/** `data` of the "Get Exercise Data" command. */
export const exerciseOutput = z.strictObject({
  date,
  distanceKm: z.number(),
  activeMinutes,
  floors: z.number(),
  exercises: z.array(exercise),
  skipped,
  truncated,
});

/** `data` of the "Get Activity Summary" command. */
export const activitySummaryOutput = z.strictObject({
  date,
  steps: z.number(),
  caloriesKcal: z.number(),
  distanceKm: z.number(),
  floors: z.number(),
  activeMinutes,
  activeZoneMinutes: z.strictObject({ fatBurn: z.number(), cardio: z.number(), peak: z.number() }),
  skipped,
});

/** `data` of the "Get Weight Data" command. */
export const weightOutput = z.strictObject({
  date,
  weightKg: z.number().nullable().describe("The last weight logged on the day; null when none was"),
  weightLb: z.number().nullable(),
  measuredAt: timestamp.nullable(),
  bmi: z.number().nullable().describe("null without a height on record"),
  entries: z.array(z.strictObject({ measuredAt: timestamp, time: clockTime, weightKg: z.number() })),
  skipped,
  truncated,
});

/** `data` of the "Get Water Intake" command. */
export const waterOutput = z.strictObject({
  date,
  totalMl: z.number(),
  totalFlOz: z.number(),
  entries: z.array(z.strictObject({ loggedAt: timestamp, time: clockTime, milliliters: z.number() })),
  skipped,
  truncated,
});

/** `data` of the "Get Steps" command, typed from its output schema. */
export type StepsOutput = z.output<typeof stepsOutput>;
/** `data` of the "Get Heart Rate" command, typed from its output schema. */
export type HeartRateOutput = z.output<typeof heartRateOutput>;
/** One sleep session, typed from its schema. */
export type SleepSession = z.output<typeof sleepSession>;
/** `data` of the "Get Sleep Data" command, typed from its output schema. */
export type SleepOutput = z.output<typeof sleepOutput>;
/** `data` of the "Get Calories Burned" command, typed from its output schema. */
export type CaloriesOutput = z.output<typeof caloriesOutput>;
/** One exercise, typed from its schema. */
export type Exercise = z.output<typeof exercise>;
/** `data` of the "Get Exercise Data" command, typed from its output schema. */
export type ExerciseOutput = z.output<typeof exerciseOutput>;
/** `data` of the "Get Activity Summary" command, typed from its output schema. */
export type ActivitySummaryOutput = z.output<typeof activitySummaryOutput>;
/** `data` of the "Get Weight Data" command, typed from its output schema. */
export type WeightOutput = z.output<typeof weightOutput>;
/** `data` of the "Get Water Intake" command, typed from its output schema. */
export type WaterOutput = z.output<typeof waterOutput>;
