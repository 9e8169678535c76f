import { addDays, zonedToInstant } from "@agx-ext/core";

/** A span of time, start inclusive and end exclusive. */
export interface Interval {
  start: Date;
  end: Date;
}

/** What free slots to look for: the days, the working hours, the slot length and the time zone. */
export interface SlotSearch {
  startDate: string;
  numDays: number;
  workDayStart: string;
  workDayEnd: string;
  durationMinutes: number;
  bufferMinutes: number;
  includeWeekends: boolean;
  timeZone: string;
  /** Slots starting before this instant are not offered. */
  notBefore?: Date;
}

/**
 * Free slots inside each working day, around the busy intervals FreeBusy reported. Each busy
 * interval is padded by the buffer on both sides; consecutive slots are a buffer apart.
 */
export function freeSlots(search: SlotSearch, busy: Interval[]): Interval[] {
  const pad = search.bufferMinutes * 60_000;
  const duration = search.durationMinutes * 60_000;
  const blocked = busy.map((b) => ({ start: b.start.getTime() - pad, end: b.end.getTime() + pad })).sort((a, b) => a.start - b.start);
  const slots: Interval[] = [];
  for (let i = 0; i < search.numDays; i++) {
    const day = addDays(search.startDate, i);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (!search.includeWeekends && (weekday === 0 || weekday === 6)) continue;
    const dayEnd = zonedToInstant(`${day}T${search.workDayEnd}`, search.timeZone).getTime();
    let cursor = zonedToInstant(`${day}T${search.workDayStart}`, search.timeZone).getTime();
    if (search.notBefore && cursor < search.notBefore.getTime()) cursor = ceilToMinutes(search.notBefore.getTime(), 5);
    while (cursor + duration <= dayEnd) {
      const clash = blocked.find((b) => b.start < cursor + duration && b.end > cursor);
      if (clash) {
        cursor = clash.end;
        continue;
      }
      slots.push({ start: new Date(cursor), end: new Date(cursor + duration) });
      cursor += duration + pad;
    }
  }
  return slots;
}

function ceilToMinutes(ms: number, minutes: number): number {
  const step = minutes * 60_000;
  return Math.ceil(ms / step) * step;
}
