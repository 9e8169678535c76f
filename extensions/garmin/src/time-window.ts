import { addDays, startOfDayIn } from "@agx-ext/core";

/** Garmin refuses pull requests whose upload window is longer than one day. */
const MAX_WINDOW_SECONDS = 86_400;

/** An upload-time window of a pull request, in epoch seconds. */
export interface EpochWindow {
  /** Inclusive, epoch seconds. */
  start: number;
  /** Exclusive, epoch seconds. */
  end: number;
}

/** Epoch seconds of local midnight starting `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): number {
  return startOfDayIn(date, timeZone).getTime() / 1000;
}

/** The local calendar day as an epoch window: 23, 24 or 25 hours long depending on DST. */
export function localDayWindow(date: string, timeZone: string): EpochWindow {
  return { start: startOfLocalDay(date, timeZone), end: startOfLocalDay(addDays(date, 1), timeZone) };
}

/** Splits a window into consecutive pieces Garmin accepts (each at most one day). */
export function splitWindow(window: EpochWindow, maxSeconds = MAX_WINDOW_SECONDS): EpochWindow[] {
  const pieces: EpochWindow[] = [];
  for (let start = window.start; start < window.end; start += maxSeconds) pieces.push({ start, end: Math.min(start + maxSeconds, window.end) });
  return pieces;
}

/** Garmin gives each time as epoch seconds plus that moment's own offset from UTC: their sum is the wall clock, read as ISO. */
function wallClock(startTimeInSeconds: number, offsetInSeconds: number): string {
  return new Date((startTimeInSeconds + offsetInSeconds) * 1000).toISOString();
}

/** The local date (YYYY-MM-DD) of a Garmin start time. */
export function localDateOf(startTimeInSeconds: number, offsetInSeconds: number): string {
  return wallClock(startTimeInSeconds, offsetInSeconds).slice(0, 10);
}

/** Wall-clock time HH:MM of a Garmin start time. */
export function localClockOf(startTimeInSeconds: number, offsetInSeconds: number): string {
  return wallClock(startTimeInSeconds, offsetInSeconds).slice(11, 16);
}

/** Local ISO date-time with offset, e.g. 2026-11-24T07:12:00+01:00. */
export function localIsoOf(startTimeInSeconds: number, offsetInSeconds: number): string {
  const wall = wallClock(startTimeInSeconds, offsetInSeconds).slice(0, 19);
  const sign = offsetInSeconds < 0 ? "-" : "+";
  const abs = Math.abs(offsetInSeconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, "0");
  return `${wall}${sign}${hh}:${mm}`;
}
