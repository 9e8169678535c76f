import { z } from "@agx-ext/core";
import * as doc from "./oura-types.js";

/**
 * Schemas of each command's `data` (the host publishes them as MCP output schemas and in OpenAPI). The
 * commands' return types are derived from them, so a result cannot drift from what is published, and the
 * objects are strict, so a key the schema does not declare fails the test host's output check.
 */

const day = z.string().describe("YYYY-MM-DD");
const dateTime = z.string().describe("RFC 3339 date-time, as Oura sent it");
/** Whole minutes; null when Oura left the duration out. */
const minutes = z.number().nullable();
const count = z.number().int().min(0);

/** What a listing left out: documents Oura sent malformed, and whether a page cap cut it short. */
export const readNotes = z.strictObject({
  skipped: count.describe("Documents Oura sent malformed, left out"),
  truncated: z.boolean().describe("True when Oura had more pages than the command reads"),
});

const range = { startDate: day, endDate: day };
const notes = readNotes.shape;
const contributors = z.record(z.string(), z.number().nullable());

/** Why one part of the summary could not be read. */
export const partError = z.strictObject({ code: z.string(), message: z.string(), status: z.number().int().optional() });

/** A summary part: Oura's documents as read (only the fields the extension knows), or the part's error. */
const part = <S extends z.ZodType>(document: S) => z.union([z.strictObject({ data: z.array(document), ...notes }), z.strictObject({ error: partError })]);

/** The personal info fields the summary shows; one Oura left out or sent with the wrong type is missing or null. */
const personalInfo = z.strictObject({
  age: z.number().nullish(),
  weight: z.number().nullish(),
  height: z.number().nullish(),
  biological_sex: z.string().nullish(),
  email: z.string().nullish(),
});

/** `data` of the "Get Oura Ring Data" command. */
export const summaryOutput = z.strictObject({
  ...range,
  personalInfo: z.union([z.strictObject({ data: personalInfo }), z.strictObject({ error: partError })]),
  dailyActivity: part(doc.dailyActivity),
  dailySleep: part(doc.dailySleep),
  dailyReadiness: part(doc.dailyReadiness),
  dailyStress: part(doc.dailyStress),
  dailySpo2: part(doc.dailySpo2),
  sleepTime: part(doc.sleepTime),
  workouts: part(doc.workout),
  sessions: part(doc.session),
});

/** `data` of the "Get Oura Sleep" command. */
export const sleepOutput = z.strictObject({
  ...range,
  dailyScores: z.array(z.strictObject({ day, score: z.number().nullable(), contributors })),
  periods: z.array(
    z.strictObject({
      day,
      type: z.string().nullable().describe("long_sleep, sleep, late_nap, rest, ..."),
      bedtimeStart: dateTime,
      bedtimeEnd: dateTime,
      timeInBedMinutes: z.number(),
      totalSleepMinutes: minutes,
      deepSleepMinutes: minutes,
      lightSleepMinutes: minutes,
      remSleepMinutes: minutes,
      awakeMinutes: minutes,
      efficiencyPercent: z.number().nullable(),
      latencyMinutes: minutes,
      averageHeartRateBpm: z.number().nullable(),
      lowestHeartRateBpm: z.number().nullable(),
      averageHrvMs: z.number().nullable(),
    }),
  ),
  ...notes,
});

/** `data` of the "Get Oura Readiness" command. */
export const readinessOutput = z.strictObject({
  ...range,
  days: z.array(z.strictObject({ day, score: z.number().nullable(), temperatureDeviationC: z.number().nullable(), contributors })),
  ...notes,
});

/** `data` of the "Get Oura Activity" command. */
export const activityOutput = z.strictObject({
  ...range,
  totalSteps: z.number(),
  days: z.array(
    z.strictObject({
      day,
      score: z.number().nullable(),
      steps: z.number(),
      activeCalories: z.number(),
      totalCalories: z.number(),
      targetCalories: z.number(),
      equivalentWalkingDistanceMeters: z.number(),
      highActivityMinutes: z.number(),
      mediumActivityMinutes: z.number(),
      lowActivityMinutes: z.number(),
      sedentaryMinutes: z.number(),
    }),
  ),
  ...notes,
});

/** One day of heart-rate samples, in the host time zone. */
export const heartRateDay = z.strictObject({ day, samples: count, minBpm: z.number(), maxBpm: z.number(), averageBpm: z.number() });

/** `data` of the "Get Oura Heart Rate" command. */
export const heartRateOutput = z.strictObject({
  ...range,
  sampleCount: count,
  days: z.array(heartRateDay),
  ...notes,
  samples: z
    .array(z.strictObject({ timestamp: dateTime, bpm: z.number(), source: z.string() }))
    .optional()
    .describe("Only with include_samples"),
});

/** `data` of the "Get Oura Workouts" command. */
export const workoutsOutput = z.strictObject({
  ...range,
  workouts: z.array(
    z.strictObject({
      day,
      activity: z.string(),
      label: z.string().nullable(),
      startDatetime: dateTime,
      endDatetime: dateTime,
      durationMinutes: z.number(),
      calories: z.number().nullable(),
      distanceMeters: z.number().nullable(),
      intensity: z.string(),
      source: z.string(),
    }),
  ),
  ...notes,
});

/** `data` of the "Get Oura Ring Data" command, typed from its output schema. */
export type SummaryOutput = z.output<typeof summaryOutput>;
/** `data` of the "Get Oura Sleep" command, typed from its output schema. */
export type SleepOutput = z.output<typeof sleepOutput>;
/** `data` of the "Get Oura Readiness" command, typed from its output schema. */
export type ReadinessOutput = z.output<typeof readinessOutput>;
/** `data` of the "Get Oura Activity" command, typed from its output schema. */
export type ActivityOutput = z.output<typeof activityOutput>;
/** `data` of the "Get Oura Heart Rate" command, typed from its output schema. */
export type HeartRateOutput = z.output<typeof heartRateOutput>;
/** `data` of the "Get Oura Workouts" command, typed from its output schema. */
export type WorkoutsOutput = z.output<typeof workoutsOutput>;
