/** Wall-clock time in an IANA time zone <-> instants, DST-aware, with Intl only. */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** One formatter per zone: building one costs far more than using it, and calls ask for the same zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function wallClock(timeZone: string, instant: Date): Record<string, number> {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return parts;
}

/** The calendar date, YYYY-MM-DD, in the zone at that instant. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const p = wallClock(timeZone, now);
  return `${pad(p.year!, 4)}-${pad(p.month!)}-${pad(p.day!)}`;
}

/** Date.UTC for every year: Date.UTC itself reads years 0-99 as 1900-1999. */
function utcMillis(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Minutes the zone is ahead of UTC at that instant (negative west of Greenwich). */
export function zoneOffsetMinutes(timeZone: string, instant: Date): number {
  const p = wallClock(timeZone, instant);
  const asUtc = utcMillis(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time `YYYY-MM-DDTHH:MM[:SS]` names in the zone. */
export function zonedToInstant(local: string, timeZone: string): Date {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`not a local date-time: ${local}`);
  const guess = utcMillis(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  let instant = guess - zoneOffsetMinutes(timeZone, new Date(guess)) * 60_000;
  // Near a DST change the offset at the result may differ from the guess's: one correction settles it.
  instant = guess - zoneOffsetMinutes(timeZone, new Date(instant)) * 60_000;
  return new Date(instant);
}

/** The instant local midnight starts `date` (YYYY-MM-DD) in the zone. */
export function startOfDayIn(date: string, timeZone: string): Date {
  return zonedToInstant(`${date}T00:00`, timeZone);
}

/** RFC 3339 with the zone's offset, e.g. 2026-11-26T09:00:00+01:00. */
export function formatInZone(instant: Date, timeZone: string): string {
  const p = wallClock(timeZone, instant);
  const offset = zoneOffsetMinutes(timeZone, instant);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}:${pad(p.second!)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
