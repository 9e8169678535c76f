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

export function kilometres(meters: number | undefined): number | null {
  return meters === undefined ? null : roundTo(meters / 1000, 2);
}

export function miles(meters: number | undefined): number | null {
  return meters === undefined ? null : roundTo((meters / 1000) * 0.621371, 2);
}

/** `undefined` -> null so results stay JSON with every key present. */
export function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** Values of a Garmin time-offset map in offset order, as [offsetSeconds, value]. */
export function offsetEntries(map: Record<string, number> | undefined): Array<[number, number]> {
  return Object.entries(map ?? {})
    .map(([offset, value]) => [Number(offset), value] as [number, number])
    .filter(([offset, value]) => Number.isFinite(offset) && typeof value === "number")
    .sort((a, b) => a[0] - b[0]);
}
