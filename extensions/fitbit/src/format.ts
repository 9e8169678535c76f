import { minutesFromSeconds, type z } from "@agx-ext/core";
import { MAX_PAGES } from "./health-api.js";
import type { CivilDateTime } from "./health-types.js";
import type { readNotes } from "./outputs.js";

/** Reading the Google Health API's value shapes; numbers and durations are formatted with core's helpers. */

/** Google JSON sends int64 as strings; missing means zero for sums. */
export function int(value: string | number | undefined): number {
  if (value === undefined) return 0;
  const parsed = typeof value === "number" ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : 0;
}

/** A google-duration such as "1830s" or "12.5s" in whole minutes. */
export function durationMinutes(value: string | undefined): number {
  const seconds = value ? Number(value.replace(/s$/, "")) : 0;
  return Number.isFinite(seconds) ? minutesFromSeconds(seconds) : 0;
}

/** "THE_ZONE_NAME" -> "The zone name". */
export function label(enumValue: string): string {
  const words = enumValue.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "HH:MM" of a civil time, or the time part of an RFC 3339 timestamp when there is none. */
export function clock(civil: CivilDateTime | undefined, fallback: string): string {
  const t = civil?.time;
  if (civil && t) return `${String(t.hours ?? 0).padStart(2, "0")}:${String(t.minutes ?? 0).padStart(2, "0")}`;
  return fallback.slice(11, 16);
}

/** What a command read in all: data points Google sent malformed, and whether a page cap cut a listing. */
export type ReadNotes = z.output<typeof readNotes>;

/** The notes of several reads together (a roll-up is never cut short). */
export function combined(...reads: Array<{ skipped: number; truncated?: boolean }>): ReadNotes {
  return { skipped: reads.reduce((sum, r) => sum + r.skipped, 0), truncated: reads.some((r) => r.truncated === true) };
}

/** Markdown lines telling the reader what is missing from the answer, if anything. */
export function noteLines(notes: { skipped: number; truncated?: boolean }): string[] {
  const lines: string[] = [];
  if (notes.skipped) lines.push(`_Left out ${notes.skipped} malformed data ${notes.skipped === 1 ? "point" : "points"} Google sent._`);
  if (notes.truncated) lines.push(`_Google had more than ${MAX_PAGES} pages for this day; only those were read._`);
  return lines.length ? ["", ...lines] : [];
}
