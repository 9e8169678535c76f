import { addDays } from "@agx-ext/core";

/** The UTC offset of a time zone on a date, as "+01:00" (noon is used, away from DST switches). */
export function utcOffset(date: string, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === "timeZoneName")?.value;
  const offset = part?.replace(/^GMT/, "") ?? "";
  return offset === "" ? "+00:00" : offset;
}

/** The [start, end) datetimes covering whole days start..end in the time zone. */
export function dayWindow(start: string, end: string, timeZone: string): { start_datetime: string; end_datetime: string } {
  const after = addDays(end, 1);
  return {
    start_datetime: `${start}T00:00:00${utcOffset(start, timeZone)}`,
    end_datetime: `${after}T00:00:00${utcOffset(after, timeZone)}`,
  };
}
