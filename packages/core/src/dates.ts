/** Calendar arithmetic and date inputs on YYYY-MM-DD strings, done in UTC so no local offset can shift a day. */
import { z } from "zod";

/**
 * The dates a date, month or week input may name: years 0001 to 9998.
 * - No year 0000: PostgreSQL has no such year (it counts 1 BC, 1 AD) and refuses `0000-01-01`.
 * - Not the last year 9999: dates derived from an input (a week's end six days on, a month's end, the day
 *   after an end date) must stay four-digit YYYY-MM-DD dates a database column holds; 9998-12-31 plus a
 *   week is still in 9999, where 9999-12-31 plus a week would be `+010000-01-06`.
 * - 0001-01-01 is a Monday, so the start of the week of any supported date is supported too.
 */
export const SUPPORTED_DATES = { first: "0001-01-01", last: "9998-12-31" } as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** A UTC midnight for a calendar date; setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999. */
function utcDate(year: number, monthIndex: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d;
}

/** True for a real calendar date written YYYY-MM-DD within SUPPORTED_DATES (2024-02-29 yes, 2023-02-29 no). */
export function isSupportedDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m || value < SUPPORTED_DATES.first || value > SUPPORTED_DATES.last) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = utcDate(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** True for a month written YYYY-MM whose days are all within SUPPORTED_DATES. */
export function isSupportedMonth(value: string): boolean {
  const m = ISO_MONTH.exec(value);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && isSupportedDate(`${value}-01`);
}

/** A date input, YYYY-MM-DD within SUPPORTED_DATES; the error names the format and the range. */
export function dateField() {
  return z.string().refine(isSupportedDate, {
    message: `expected a real date as YYYY-MM-DD, from ${SUPPORTED_DATES.first} to ${SUPPORTED_DATES.last}`,
  });
}

/** A month input, YYYY-MM within SUPPORTED_DATES; the error names the format and the range. */
export function monthField() {
  return z.string().refine(isSupportedMonth, {
    message: `expected a month as YYYY-MM, from ${SUPPORTED_DATES.first.slice(0, 7)} to ${SUPPORTED_DATES.last.slice(0, 7)}`,
  });
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday of the ISO week that holds the date. */
export function startOfWeek(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return utcDate(y, m, 0).getUTCDate();
}

/** Every date from start to end inclusive. */
export function dateRange(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(d);
  return out;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
