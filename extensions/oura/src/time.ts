import { addDays, formatInZone, startOfDayIn } from "@agx-ext/core";

/** The [start, end) datetimes covering whole days start..end in the time zone, with each midnight's own offset. */
export function dayWindow(start: string, end: string, timeZone: string): { start_datetime: string; end_datetime: string } {
  return {
    start_datetime: formatInZone(startOfDayIn(start, timeZone), timeZone),
    end_datetime: formatInZone(startOfDayIn(addDays(end, 1), timeZone), timeZone),
  };
}
