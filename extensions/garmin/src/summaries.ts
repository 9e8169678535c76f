/**
 * Summary records as the Garmin Health and Activity APIs return them (only the fields we read).
 * Every field is optional: Garmin omits what a device did not measure.
 */

/** Summary types the pull endpoints serve under /wellness-api/rest/<type>. */
export type SummaryType = "dailies" | "epochs" | "sleeps" | "stressDetails" | "bodyComps" | "activities" | "activityDetails";

export interface SummaryBase {
  summaryId: string;
  startTimeInSeconds?: number;
  startTimeOffsetInSeconds?: number;
  durationInSeconds?: number;
}

/** Offsets in seconds from startTimeInSeconds, as strings, to values. */
export type TimeOffsetMap = Record<string, number>;

export interface DailySummary extends SummaryBase {
  calendarDate: string;
  activityType?: string;
  steps?: number;
  stepsGoal?: number;
  distanceInMeters?: number;
  activeTimeInSeconds?: number;
  activeKilocalories?: number;
  bmrKilocalories?: number;
  floorsClimbed?: number;
  floorsClimbedGoal?: number;
  moderateIntensityDurationInSeconds?: number;
  vigorousIntensityDurationInSeconds?: number;
  intensityDurationGoalInSeconds?: number;
  minHeartRateInBeatsPerMinute?: number;
  averageHeartRateInBeatsPerMinute?: number;
  maxHeartRateInBeatsPerMinute?: number;
  restingHeartRateInBeatsPerMinute?: number;
  timeOffsetHeartRateSamples?: TimeOffsetMap;
  averageStressLevel?: number;
  maxStressLevel?: number;
  stressDurationInSeconds?: number;
  restStressDurationInSeconds?: number;
  activityStressDurationInSeconds?: number;
  lowStressDurationInSeconds?: number;
  mediumStressDurationInSeconds?: number;
  highStressDurationInSeconds?: number;
  stressQualifier?: string;
  bodyBatteryChargedValue?: number;
  bodyBatteryDrainedValue?: number;
}

export interface SleepLevelSpan {
  startTimeInSeconds: number;
  endTimeInSeconds: number;
}

export interface SleepSummary extends SummaryBase {
  calendarDate: string;
  deepSleepDurationInSeconds?: number;
  lightSleepDurationInSeconds?: number;
  remSleepInSeconds?: number;
  awakeDurationInSeconds?: number;
  unmeasurableSleepInSeconds?: number;
  validation?: string;
  sleepLevelsMap?: Partial<Record<"deep" | "light" | "rem" | "awake", SleepLevelSpan[]>>;
  overallSleepScore?: { value?: number; qualifierKey?: string };
}

export interface StressDetailSummary extends SummaryBase {
  calendarDate: string;
  /** Stress level 0-100 per offset; -1 and -2 mark off-wrist and too-active samples. */
  timeOffsetStressLevelValues?: TimeOffsetMap;
  /** Body Battery 0-100 per offset. */
  timeOffsetBodyBatteryValues?: TimeOffsetMap;
}

export interface ActivitySummary extends SummaryBase {
  activityId?: number;
  activityName?: string;
  activityType?: string;
  deviceName?: string;
  distanceInMeters?: number;
  activeKilocalories?: number;
  averageHeartRateInBeatsPerMinute?: number;
  maxHeartRateInBeatsPerMinute?: number;
  averageSpeedInMetersPerSecond?: number;
  totalElevationGainInMeters?: number;
  steps?: number;
  startingLatitudeInDegree?: number;
  startingLongitudeInDegree?: number;
  manual?: boolean;
}

export interface ActivitySample {
  startTimeInSeconds: number;
  latitudeInDegree?: number;
  longitudeInDegree?: number;
  elevationInMeters?: number;
  heartRate?: number;
  speedMetersPerSecond?: number;
  totalDistanceInMeters?: number;
}

export interface ActivityDetailSummary {
  summaryId: string;
  activityId?: number;
  summary: ActivitySummary;
  samples?: ActivitySample[];
}

export interface BodyCompositionSummary {
  summaryId: string;
  measurementTimeInSeconds: number;
  measurementTimeOffsetInSeconds: number;
  weightInGrams?: number;
  bodyMassIndex?: number;
  bodyFatInPercent?: number;
  muscleMassInGrams?: number;
  boneMassInGrams?: number;
  bodyWaterInPercent?: number;
}
