/** Small presentation helpers shared by the commands' markdown. */

const grouped = new Intl.NumberFormat("en-US");

/** 8412 -> "8,412"; undefined -> "n/a". */
export function count(value: number | undefined | null): string {
  return value === undefined || value === null ? "n/a" : grouped.format(value);
}

/** Seconds -> "7h 32m" (or "45m"). */
export function hoursMinutes(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null) return "n/a";
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

export function minutesOf(seconds: number | undefined): number | null {
  return seconds === undefined ? null : Math.round(seconds / 60);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function kilometres(meters: number | undefined): number | null {
  return meters === undefined ? null : round(meters / 1000, 2);
}

export function miles(meters: number | undefined): number | null {
  return meters === undefined ? null : round((meters / 1000) * 0.621371, 2);
}

export function percentOf(value: number | undefined, goal: number | undefined): number | null {
  return value === undefined || !goal ? null : round((value / goal) * 100, 1);
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
