import type { HealthData } from "./fake-health-api.js";

/** The civil and physical forms of a local time in UTC+01:00 (Europe/Berlin in November). */
function at(date: string, time: string) {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  const physical = new Date(Date.UTC(year, month - 1, day, hours - 1, minutes)).toISOString().replace(".000", "");
  return { physical, civil: { date: { year, month, day }, time: { hours, minutes, seconds: 0 } } };
}

function session(startDate: string, startTime: string, endDate: string, endTime: string) {
  const start = at(startDate, startTime);
  const end = at(endDate, endTime);
  return {
    startTime: start.physical,
    endTime: end.physical,
    startUtcOffset: "3600s",
    endUtcOffset: "3600s",
    civilStartTime: start.civil,
    civilEndTime: end.civil,
  };
}

function exercise(date: string, start: string, end: string, name: string, type: string, kcal: number, mm?: number) {
  return {
    exercise: {
      displayName: name,
      exerciseType: type,
      interval: session(date, start, date, end),
      activeDuration: `${(Date.parse(`${date}T${end}:00Z`) - Date.parse(`${date}T${start}:00Z`)) / 1000}s`,
      metricsSummary: { caloriesKcal: kcal, ...(mm ? { distanceMillimeters: mm } : {}), averageHeartRateBeatsPerMinute: "131" },
    },
  };
}

function sample(date: string, time: string) {
  const t = at(date, time);
  return { physicalTime: t.physical, utcOffset: "3600s", civilTime: t.civil };
}

/** Fills the fake with a user's 2026-11-24 (and a little around it). */
export function seedHealthData(data: HealthData): void {
  const day = "2026-11-24";
  data.rollUps = {
    steps: { [day]: { steps: { countSum: "8412" } }, "2026-11-23": { steps: { countSum: "10250" } } },
    "total-calories": { [day]: { totalCalories: { kcalSum: 2311.6 } } },
    distance: { [day]: { distance: { millimetersSum: "6125000" } } },
    floors: { [day]: { floors: { countSum: "9" } } },
    "active-minutes": {
      [day]: {
        activeMinutes: {
          activeMinutesRollupByActivityLevel: [
            { activityLevel: "LIGHT", activeMinutesSum: "184" },
            { activityLevel: "MODERATE", activeMinutesSum: "22" },
            { activityLevel: "VIGOROUS", activeMinutesSum: "31" },
          ],
        },
      },
    },
    "active-zone-minutes": { [day]: { activeZoneMinutes: { sumInFatBurnHeartZone: "18", sumInCardioHeartZone: "24", sumInPeakHeartZone: "3" } } },
    "heart-rate": { [day]: { heartRate: { beatsPerMinuteAvg: 71.26, beatsPerMinuteMin: 52, beatsPerMinuteMax: 168 } } },
    "time-in-heart-rate-zone": {
      [day]: {
        timeInHeartRateZone: {
          timeInHeartRateZones: [
            { heartRateZone: "LIGHT", duration: "5400s" },
            { heartRateZone: "MODERATE", duration: "1440s" },
            { heartRateZone: "VIGOROUS", duration: "1800s" },
            { heartRateZone: "PEAK", duration: "180s" },
          ],
        },
      },
    },
  };
  data.points = {
    "daily-resting-heart-rate": [
      { dailyRestingHeartRate: { date: { year: 2026, month: 11, day: 24 }, beatsPerMinute: "58" } },
      { dailyRestingHeartRate: { date: { year: 2026, month: 11, day: 23 }, beatsPerMinute: "61" } },
    ],
    sleep: [
      {
        sleep: {
          interval: session("2026-11-23", "23:10", day, "06:52"),
          type: "STAGES",
          metadata: { nap: false },
          summary: {
            minutesAsleep: "421",
            minutesAwake: "41",
            minutesInSleepPeriod: "462",
            minutesToFallAsleep: "9",
            stagesSummary: [
              { type: "DEEP", minutes: "78", count: "4" },
              { type: "LIGHT", minutes: "241", count: "25" },
              { type: "REM", minutes: "102", count: "6" },
              { type: "AWAKE", minutes: "41", count: "22" },
            ],
          },
        },
      },
      {
        sleep: {
          interval: session(day, "14:05", day, "14:40"),
          type: "CLASSIC",
          metadata: { nap: true },
          summary: { minutesAsleep: "31", minutesAwake: "4", minutesInSleepPeriod: "35" },
        },
      },
      {
        sleep: {
          interval: session("2026-11-22", "23:30", "2026-11-23", "07:00"),
          type: "STAGES",
          summary: { minutesAsleep: "400", minutesInSleepPeriod: "450" },
        },
      },
    ],
    exercise: [
      exercise(day, "07:30", "08:05", "Morning run", "RUNNING", 402.4, 5_210_000),
      exercise(day, "18:00", "18:45", "Strength", "STRENGTH_TRAINING", 215),
      exercise("2026-11-23", "12:00", "12:30", "Walk", "WALKING", 120, 2_400_000),
    ],
    weight: [
      { weight: { sampleTime: sample(day, "07:02"), weightGrams: 71_400 } },
      { weight: { sampleTime: sample(day, "21:15"), weightGrams: 71_900 } },
      { weight: { sampleTime: sample("2026-11-20", "07:00"), weightGrams: 72_300 } },
    ],
    height: [{ height: { sampleTime: sample("2025-01-10", "09:00"), heightMillimeters: "1780" } }],
    "hydration-log": [
      { hydrationLog: { interval: session(day, "08:00", day, "08:00"), amountConsumed: { milliliters: 500, userProvidedUnit: "MILLILITER" } } },
      { hydrationLog: { interval: session(day, "12:30", day, "12:30"), amountConsumed: { milliliters: 330 } } },
      { hydrationLog: { interval: session(day, "16:45", day, "16:45"), amountConsumed: { milliliters: 250 } } },
      { hydrationLog: { interval: session("2026-11-23", "09:00", "2026-11-23", "09:00"), amountConsumed: { milliliters: 1000 } } },
    ],
  };
}
