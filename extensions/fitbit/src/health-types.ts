/** The parts of Google Health API v4 resources this extension reads (health-v4 discovery document). */

export interface HealthDate {
  year: number;
  month: number;
  day: number;
}

export interface CivilDateTime {
  date: HealthDate;
  time?: { hours?: number; minutes?: number; seconds?: number };
}

export interface SessionTimeInterval {
  startTime: string;
  endTime: string;
  startUtcOffset?: string;
  endUtcOffset?: string;
  civilStartTime?: CivilDateTime;
  civilEndTime?: CivilDateTime;
}

export interface ObservationSampleTime {
  physicalTime: string;
  utcOffset?: string;
  civilTime?: CivilDateTime;
}

/** int64 fields arrive as strings in Google JSON. */
export type Int64 = string;

export interface DailyRollupDataPoint {
  civilStartTime?: CivilDateTime;
  civilEndTime?: CivilDateTime;
  steps?: { countSum?: Int64 };
  totalCalories?: { kcalSum?: number };
  distance?: { millimetersSum?: Int64 };
  floors?: { countSum?: Int64 };
  heartRate?: { beatsPerMinuteAvg?: number; beatsPerMinuteMin?: number; beatsPerMinuteMax?: number };
  timeInHeartRateZone?: { timeInHeartRateZones?: Array<{ heartRateZone?: string; duration?: string }> };
  activeMinutes?: { activeMinutesRollupByActivityLevel?: Array<{ activityLevel?: string; activeMinutesSum?: Int64 }> };
  activeZoneMinutes?: { sumInFatBurnHeartZone?: Int64; sumInCardioHeartZone?: Int64; sumInPeakHeartZone?: Int64 };
}

export interface SleepPoint {
  interval: SessionTimeInterval;
  type?: string;
  metadata?: { nap?: boolean; manuallyEdited?: boolean };
  summary?: {
    minutesAsleep?: Int64;
    minutesAwake?: Int64;
    minutesInSleepPeriod?: Int64;
    minutesToFallAsleep?: Int64;
    minutesAfterWakeUp?: Int64;
    stagesSummary?: Array<{ type?: string; minutes?: Int64; count?: Int64 }>;
  };
}

export interface ExercisePoint {
  displayName: string;
  exerciseType?: string;
  interval: SessionTimeInterval;
  activeDuration?: string;
  metricsSummary?: {
    caloriesKcal?: number;
    distanceMillimeters?: number;
    steps?: Int64;
    averageHeartRateBeatsPerMinute?: Int64;
    activeZoneMinutes?: Int64;
  };
}

export interface DataPoint {
  name?: string;
  dailyRestingHeartRate?: { date: HealthDate; beatsPerMinute: Int64 };
  sleep?: SleepPoint;
  exercise?: ExercisePoint;
  weight?: { sampleTime: ObservationSampleTime; weightGrams: number; notes?: string };
  height?: { sampleTime: ObservationSampleTime; heightMillimeters?: Int64 };
  hydrationLog?: { interval: SessionTimeInterval; amountConsumed: { milliliters: number; userProvidedUnit?: string } };
}

export interface ListDataPointsResponse {
  dataPoints?: DataPoint[];
  nextPageToken?: string;
}

export interface DailyRollUpDataPointsResponse {
  rollupDataPoints?: DailyRollupDataPoint[];
}
