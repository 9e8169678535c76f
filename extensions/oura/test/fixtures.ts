import type { FakeOuraApi } from "./fake-oura-api.js";

const DAYS = ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"];

/** Five days of a user's Oura data, shaped like the v2 documents. */
export function seedOuraData(api: FakeOuraApi): void {
  api.documents.daily_activity = DAYS.map((day, i) => ({
    id: `act-${day}`,
    day,
    score: 80 + i,
    steps: 8000 + i * 1000,
    active_calories: 400 + i * 10,
    total_calories: 2200 + i * 10,
    target_calories: 450,
    equivalent_walking_distance: 7000 + i * 500,
    high_activity_time: 1200,
    medium_activity_time: 2400,
    low_activity_time: 9000,
    sedentary_time: 30000,
    timestamp: `${day}T04:00:00+01:00`,
  }));
  api.documents.daily_sleep = DAYS.map((day, i) => ({
    id: `ds-${day}`,
    day,
    score: 70 + i,
    contributors: { deep_sleep: 80, rem_sleep: 75 },
    timestamp: `${day}T00:00:00+01:00`,
  }));
  api.documents.daily_readiness = DAYS.map((day, i) => ({
    id: `dr-${day}`,
    day,
    score: 75 + i,
    temperature_deviation: -0.1 * i,
    contributors: { hrv_balance: 78, resting_heart_rate: 90 },
    timestamp: `${day}T00:00:00+01:00`,
  }));
  api.documents.daily_stress = DAYS.map((day) => ({ id: `st-${day}`, day, stress_high: 3600, recovery_high: 5400, day_summary: "normal" }));
  api.documents.daily_spo2 = DAYS.map((day) => ({ id: `sp-${day}`, day, spo2_percentage: { average: 97.2 }, breathing_disturbance_index: 4 }));
  api.documents.sleep_time = [
    {
      id: "stm-1",
      day: "2026-11-24",
      recommendation: "follow_optimal_bedtime",
      status: "optimal_found",
      optimal_bedtime: { day_tz: 3600, start_offset: -3600, end_offset: 0 },
    },
  ];
  api.documents.sleep = [
    {
      id: "sl-1",
      day: "2026-11-24",
      type: "long_sleep",
      bedtime_start: "2026-11-23T23:05:00+01:00",
      bedtime_end: "2026-11-24T07:01:00+01:00",
      time_in_bed: 28_560,
      total_sleep_duration: 26_100,
      deep_sleep_duration: 5_400,
      light_sleep_duration: 14_700,
      rem_sleep_duration: 6_000,
      awake_time: 2_460,
      efficiency: 91,
      latency: 540,
      average_heart_rate: 54.5,
      lowest_heart_rate: 48,
      average_hrv: 61,
      low_battery_alert: false,
      period: 0,
    },
    {
      id: "sl-2",
      day: "2026-11-24",
      type: "rest",
      bedtime_start: "2026-11-24T14:00:00+01:00",
      bedtime_end: "2026-11-24T14:25:00+01:00",
      time_in_bed: 1_500,
      total_sleep_duration: null,
      low_battery_alert: false,
      period: 1,
    },
  ];
  api.documents.workout = [
    {
      id: "w-1",
      day: "2026-11-22",
      activity: "running",
      calories: 410.7,
      distance: 5210,
      start_datetime: "2026-11-22T07:30:00+01:00",
      end_datetime: "2026-11-22T08:05:00+01:00",
      intensity: "hard",
      label: null,
      source: "autodetected",
    },
    {
      id: "w-2",
      day: "2026-11-24",
      activity: "cycling",
      calories: 320,
      distance: 12000,
      start_datetime: "2026-11-24T17:00:00+01:00",
      end_datetime: "2026-11-24T17:50:00+01:00",
      intensity: "moderate",
      label: "Commute",
      source: "manual",
    },
  ];
  api.documents.session = [
    { id: "s-1", day: "2026-11-23", type: "breathing", start_datetime: "2026-11-23T21:00:00+01:00", end_datetime: "2026-11-23T21:10:00+01:00", mood: "good" },
  ];
  // Heart rate every 4 hours over 2026-11-23 and 2026-11-24 local time (UTC+1), plus one sample outside.
  const samples = [];
  for (let hour = 0; hour < 48; hour += 4) {
    const t = new Date(Date.UTC(2026, 10, 22, 23 + hour)); // 2026-11-23T00:00+01:00 onwards
    samples.push({ timestamp: t.toISOString().replace(".000Z", "+00:00"), bpm: 50 + hour, source: hour % 8 === 0 ? "rest" : "awake" });
  }
  samples.push({ timestamp: "2026-11-25T12:00:00+00:00", bpm: 99, source: "awake" });
  api.documents.heartrate = samples;
}
