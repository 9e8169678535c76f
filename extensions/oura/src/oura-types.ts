import { isSupportedDate, z } from "@agx-ext/core";

/**
 * Schemas of the Oura API v2 documents the commands read (oura-openapi-latest.yaml), only the fields
 * they use. Oura's answers are checked against them: a document that does not match is left out and
 * counted (see OuraApi.collection), so one bad document never fails a command.
 */

const day = z.string().refine(isSupportedDate, { message: "expected a day as YYYY-MM-DD" });
/** An RFC 3339 date-time the commands can compute with. */
const dateTime = z.string().refine((value) => Number.isFinite(Date.parse(value)), { message: "expected a date-time" });
const optionalNumber = z.number().nullish();
const contributors = z.record(z.string(), z.number().nullable());

/** A daily activity document as the Oura API sends it; read defensively, bad items are skipped. */
export const dailyActivity = z.object({
  day,
  score: optionalNumber,
  steps: z.number(),
  active_calories: z.number(),
  total_calories: z.number(),
  equivalent_walking_distance: z.number(),
  high_activity_time: z.number(),
  medium_activity_time: z.number(),
  low_activity_time: z.number(),
  sedentary_time: z.number(),
  target_calories: z.number(),
});

/** A daily sleep score document as the Oura API sends it. */
export const dailySleep = z.object({ day, score: optionalNumber, contributors: contributors.nullish() });

/** A daily readiness document as the Oura API sends it. */
export const dailyReadiness = z.object({
  day,
  score: optionalNumber,
  temperature_deviation: optionalNumber,
  contributors: contributors.nullish(),
});

/** A daily stress document as the Oura API sends it. */
export const dailyStress = z.object({
  day,
  stress_high: optionalNumber,
  recovery_high: optionalNumber,
  day_summary: z.string().nullish(),
});

/** A daily SpO2 document as the Oura API sends it. */
export const dailySpo2 = z.object({
  day,
  spo2_percentage: z.object({ average: z.number() }).nullish(),
  breathing_disturbance_index: optionalNumber,
});

/** A recommended sleep time document as the Oura API sends it. */
export const sleepTime = z.object({
  day,
  recommendation: z.string().nullish(),
  status: z.string().nullish(),
});

/** One sleep period (stages, efficiency, heart rate) as the Oura API sends it. */
export const sleepPeriod = z.object({
  day,
  type: z.string().nullish(),
  bedtime_start: dateTime,
  bedtime_end: dateTime,
  time_in_bed: z.number(),
  total_sleep_duration: optionalNumber,
  deep_sleep_duration: optionalNumber,
  light_sleep_duration: optionalNumber,
  rem_sleep_duration: optionalNumber,
  awake_time: optionalNumber,
  efficiency: optionalNumber,
  latency: optionalNumber,
  average_heart_rate: optionalNumber,
  lowest_heart_rate: optionalNumber,
  average_hrv: optionalNumber,
});

/** One workout as the Oura API sends it. */
export const workout = z.object({
  day,
  activity: z.string(),
  start_datetime: dateTime,
  end_datetime: dateTime,
  calories: optionalNumber,
  distance: optionalNumber,
  intensity: z.string(),
  source: z.string(),
  label: z.string().nullish(),
});

/** One session (meditation, breathing...) as the Oura API sends it. */
export const session = z.object({
  day,
  type: z.string(),
  start_datetime: dateTime,
  end_datetime: dateTime,
  mood: z.string().nullish(),
});

/** One heart-rate sample as the Oura API sends it. */
export const heartRateSample = z.object({ timestamp: dateTime, bpm: z.number(), source: z.string() });

/** An Oura heart-rate sample, typed from its schema. */
export type HeartRateSample = z.output<typeof heartRateSample>;

/**
 * The personal info fields the summary shows. A field of the wrong type shows as missing (null), and
 * fields the commands do not know are not passed on.
 */
export const personalInfo = z.object({
  age: z.number().nullish().catch(null),
  weight: z.number().nullish().catch(null),
  height: z.number().nullish().catch(null),
  biological_sex: z.string().nullish().catch(null),
  email: z.string().nullish().catch(null),
});

/** The user's personal info as the Oura API sends it, typed from its schema. */
export type PersonalInfo = z.output<typeof personalInfo>;
