import { z } from "@agx-ext/core";

/**
 * Schemas of the parts of Google Health API v4 resources this extension reads (health-v4 discovery
 * document). Google's answers are checked against them: a data point that does not match is left out
 * and counted, so one bad point never fails a command.
 */

/** int64 fields arrive as strings in Google JSON; a number is taken as well. */
const int64 = z.union([z.number(), z.string().regex(/^-?\d+$/)]);
/** A google-duration such as "1830s" or "12.5s". */
const duration = z.string().regex(/^-?\d+(\.\d+)?s$/);
/**
 * An enum value such as "MODERATE" or "STRENGTH_TRAINING". The commands reword these ("Strength training"),
 * so a value that is not enum-shaped is refused rather than reworded: rewording would also hide from the
 * host's secret scrubbing anything a provider appended to it.
 */
const enumValue = z.string().regex(/^[A-Z][A-Z0-9_]*$/);
/** An RFC 3339 timestamp the commands can compute with. */
const timestamp = z.string().refine((value) => Number.isFinite(Date.parse(value)), { message: "expected a timestamp" });

/** A calendar date as the Google Health API sends it (year, month, day). */
const healthDate = z.object({ year: z.number().int(), month: z.number().int(), day: z.number().int() });

/** A local date and time as the Google Health API sends it. */
const civilDateTime = z.object({
  date: healthDate,
  time: z.object({ hours: z.number().int().optional(), minutes: z.number().int().optional(), seconds: z.number().optional() }).optional(),
});

const sessionTimeInterval = z.object({
  startTime: timestamp,
  endTime: timestamp,
  startUtcOffset: z.string().optional(),
  endUtcOffset: z.string().optional(),
  civilStartTime: civilDateTime.optional(),
  civilEndTime: civilDateTime.optional(),
});

const observationSampleTime = z.object({ physicalTime: timestamp, utcOffset: z.string().optional(), civilTime: civilDateTime.optional() });

/** One day of a roll-up; the civil start says which day, so a stray point cannot stand in for it. */
export const dailyRollupDataPoint = z.object({
  civilStartTime: civilDateTime,
  civilEndTime: civilDateTime.optional(),
  steps: z.object({ countSum: int64.optional() }).optional(),
  totalCalories: z.object({ kcalSum: z.number().optional() }).optional(),
  distance: z.object({ millimetersSum: int64.optional() }).optional(),
  floors: z.object({ countSum: int64.optional() }).optional(),
  heartRate: z
    .object({ beatsPerMinuteAvg: z.number().optional(), beatsPerMinuteMin: z.number().optional(), beatsPerMinuteMax: z.number().optional() })
    .optional(),
  timeInHeartRateZone: z
    .object({ timeInHeartRateZones: z.array(z.object({ heartRateZone: enumValue.optional(), duration: duration.optional() })).optional() })
    .optional(),
  activeMinutes: z
    .object({ activeMinutesRollupByActivityLevel: z.array(z.object({ activityLevel: enumValue.optional(), activeMinutesSum: int64.optional() })).optional() })
    .optional(),
  activeZoneMinutes: z
    .object({ sumInFatBurnHeartZone: int64.optional(), sumInCardioHeartZone: int64.optional(), sumInPeakHeartZone: int64.optional() })
    .optional(),
});

/** A sleep data point of the Google Health API; read defensively, bad points are skipped. */
const sleepPoint = z.object({
  interval: sessionTimeInterval,
  type: enumValue.optional(),
  metadata: z.object({ nap: z.boolean().optional(), manuallyEdited: z.boolean().optional() }).optional(),
  summary: z
    .object({
      minutesAsleep: int64.optional(),
      minutesAwake: int64.optional(),
      minutesInSleepPeriod: int64.optional(),
      minutesToFallAsleep: int64.optional(),
      minutesAfterWakeUp: int64.optional(),
      stagesSummary: z.array(z.object({ type: enumValue.optional(), minutes: int64.optional(), count: int64.optional() })).optional(),
    })
    .optional(),
});

/** An exercise data point of the Google Health API; read defensively, bad points are skipped. */
const exercisePoint = z.object({
  displayName: z.string(),
  exerciseType: enumValue.optional(),
  interval: sessionTimeInterval,
  activeDuration: duration.optional(),
  metricsSummary: z
    .object({
      caloriesKcal: z.number().optional(),
      distanceMillimeters: z.number().optional(),
      steps: int64.optional(),
      averageHeartRateBeatsPerMinute: int64.optional(),
      activeZoneMinutes: int64.optional(),
    })
    .optional(),
});

/** Data points of each data type the commands list: the point must carry that type's field. */
export const restingHeartRateDataPoint = z.object({ dailyRestingHeartRate: z.object({ date: healthDate, beatsPerMinute: int64 }) });
/** A listed data point that holds a sleep session. */
export const sleepDataPoint = z.object({ sleep: sleepPoint });
/** A listed data point that holds an exercise. */
export const exerciseDataPoint = z.object({ exercise: exercisePoint });
/** A listed data point that holds a weight measurement (grams). */
export const weightDataPoint = z.object({ weight: z.object({ sampleTime: observationSampleTime, weightGrams: z.number(), notes: z.string().optional() }) });
/** A listed data point that holds a height measurement (millimetres), for BMI. */
export const heightDataPoint = z.object({ height: z.object({ sampleTime: observationSampleTime, heightMillimeters: int64.optional() }) });
/** A listed data point that holds one logged drink of water. */
export const hydrationLogDataPoint = z.object({
  hydrationLog: z.object({ interval: sessionTimeInterval, amountConsumed: z.object({ milliliters: z.number(), userProvidedUnit: z.string().optional() }) }),
});

/** A Google Health API date, typed from its schema. */
export type HealthDate = z.output<typeof healthDate>;
/** A Google Health API local date and time, typed from its schema. */
export type CivilDateTime = z.output<typeof civilDateTime>;
/** A daily roll-up data point (steps, calories, heart rate... of one day), typed from its schema. */
export type DailyRollupDataPoint = z.output<typeof dailyRollupDataPoint>;
/** A sleep data point, typed from its schema. */
export type SleepPoint = z.output<typeof sleepPoint>;
/** An exercise data point, typed from its schema. */
export type ExercisePoint = z.output<typeof exercisePoint>;
