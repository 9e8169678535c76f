/**
 * Number and duration formatting for command markdown. Pure functions with a fixed "en-US" locale,
 * so the text an agent reads never depends on the machine the host runs on.
 */

// Formatters are costly to build; keep one per fraction-digit count asked for. Built on first use, not at import:
// the first one loads ICU's number data, which would add milliseconds to every host's start.
const decimalFormats = new Map<number, Intl.NumberFormat>();

/** 8412 -> "8,412"; fractions are rounded away (1234.5 -> "1,235"). */
export function formatCount(value: number): string {
  return formatDecimal(value, 0);
}

/** Grouped, with at most `maxFractionDigits` digits and no trailing zeros: (71.25, 1) -> "71.3", (70, 1) -> "70". */
export function formatDecimal(value: number, maxFractionDigits: number): string {
  let format = decimalFormats.get(maxFractionDigits);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { maximumFractionDigits: maxFractionDigits });
    decimalFormats.set(maxFractionDigits, format);
  }
  return format.format(value);
}

/** A duration in minutes as hours and minutes: 432 -> "7h 12m", 45 -> "45m". Rounds to the minute first, so 119.6 is "2h 0m". */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.round(totalMinutes);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours > 0 ? `${hours}h ${rest}m` : `${rest}m`;
}

/** Seconds to whole minutes (half rounds up): 1830 -> 31. A missing value stays missing (null). */
export function minutesFromSeconds(seconds: number): number;
export function minutesFromSeconds(seconds: number | null | undefined): number | null;
export function minutesFromSeconds(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : Math.round(seconds / 60);
}

/** `value` rounded to `digits` decimal places (half rounds up): (71.25, 1) -> 71.3. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `part` as a percentage of `whole`, rounded to `digits` places: (7, 8) -> 88; null when there is no whole to compare with. */
export function percentOf(part: number, whole: number | null | undefined, digits = 0): number | null {
  return !whole ? null : roundTo((part / whole) * 100, digits);
}
