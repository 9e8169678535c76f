/** The fields of Oura API v2 documents the commands read (oura-openapi-latest.yaml). */

export interface DailyActivity {
  day: string;
  score?: number | null;
  steps: number;
  active_calories: number;
  total_calories: number;
  equivalent_walking_distance: number;
  high_activity_time: number;
  medium_activity_time: number;
  low_activity_time: number;
  sedentary_time: number;
  target_calories: number;
}

export interface DailySleep {
  day: string;
  score?: number | null;
  contributors?: Record<string, number | null>;
}

export interface DailyReadiness {
  day: string;
  score?: number | null;
  temperature_deviation?: number | null;
  contributors?: Record<string, number | null>;
}

export interface DailyStress {
  day: string;
  stress_high?: number | null;
  recovery_high?: number | null;
  day_summary?: string | null;
}

export interface DailySpo2 {
  day: string;
  spo2_percentage?: { average: number } | null;
  breathing_disturbance_index?: number | null;
}

export interface SleepTime {
  day: string;
  recommendation?: string | null;
  status?: string | null;
  optimal_bedtime?: { day_tz: number; start_offset: number; end_offset: number } | null;
}

export interface SleepPeriod {
  day: string;
  type?: string;
  bedtime_start: string;
  bedtime_end: string;
  time_in_bed: number;
  total_sleep_duration?: number | null;
  deep_sleep_duration?: number | null;
  light_sleep_duration?: number | null;
  rem_sleep_duration?: number | null;
  awake_time?: number | null;
  efficiency?: number | null;
  latency?: number | null;
  average_heart_rate?: number | null;
  lowest_heart_rate?: number | null;
  average_hrv?: number | null;
}

export interface Workout {
  day: string;
  activity: string;
  start_datetime: string;
  end_datetime: string;
  calories?: number | null;
  distance?: number | null;
  intensity: string;
  source: string;
  label?: string | null;
}

export interface Session {
  day: string;
  type: string;
  start_datetime: string;
  end_datetime: string;
  mood?: string | null;
}

export interface HeartRateSample {
  timestamp: string;
  bpm: number;
  source: string;
}
