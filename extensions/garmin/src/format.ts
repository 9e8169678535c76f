import { formatCount, formatDuration, minutesFromSeconds, roundTo } from "@agx-ext/core";

/**
 * Garmin-specific presentation for the commands' markdown, on top of core's number and duration helpers.
 * Garmin leaves out the fields it has no value for, so the markdown says "n/a" for those.
 */

/** 8412 -> "8,412"; missing -> "n/a". */
export function countOrNa(value: number | undefined | null): string {
  return value === undefined || value === null ? "n/a" : formatCount(value);
}

/** Seconds -> "7h 32m" (or "45m"); missing -> "n/a". */
export function durationOrNa(seconds: number | undefined | null): string {
  return seconds === undefined || seconds === null ? "n/a" : formatDuration(minutesFromSeconds(seconds));
}

/** Metres as kilometres (two decimals), or null when Garmin sent none. */
export function kilometres(meters: number | undefined): number | null {
  return meters === undefined ? null : roundTo(meters / 1000, 2);
}

/** Metres as miles (two decimals), or null when Garmin sent none. */
export function miles(meters: number | undefined): number | null {
  return meters === undefined ? null : roundTo((meters / 1000) * 0.621371, 2);
}

/** `undefined` -> null so results stay JSON with every key present. */
export function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** Offsets of a time-offset map count from the summary's start, which covers at most a day (two, to be generous). */
const MAX_OFFSET_SECONDS = 2 * 86_400;

/** Values of a Garmin time-offset map in offset order, as [offsetSeconds, value]; offsets outside the summary's span are dropped. */
export function offsetEntries(map: Record<string, number> | undefined): Array<[number, number]> {
  return Object.entries(map ?? {})
    .map(([offset, value]) => [Number(offset), value] as [number, number])
    .filter(([offset, value]) => Number.isInteger(offset) && offset >= 0 && offset <= MAX_OFFSET_SECONDS && typeof value === "number")
    .sort((a, b) => a[0] - b[0]);
}

/** Smallest and largest of many values: a loop, since spreading thousands of samples into Math.min can overflow the stack. */
export function extremes(values: number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The markdown line telling the reader Garmin sent records that could not be read, if it did. */
export function skippedLines(skipped: number): string[] {
  return skipped ? ["", `_Left out ${skipped} malformed ${skipped === 1 ? "record" : "records"} Garmin sent._`] : [];
}
