import { minutesFromSeconds } from "@agx-ext/core";
import type { CivilDateTime } from "./health-types.js";

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
