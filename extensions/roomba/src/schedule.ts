import { z } from "@agx-ext/core";
import type { ClassicSchedule, ReportedState, ScheduleEntry } from "./robot-state.js";

/** Sunday first, as the robot indexes its schedule. */
export const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

/** One weekly run: what "Schedule Cleaning" sets, and each entry of the schedule it answers. */
export const scheduledRun = z.strictObject({
  day: z.enum(DAYS),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
});
/** One weekly cleaning time (day, hour, minute), typed from its schema. */
export type ScheduledRun = z.output<typeof scheduledRun>;

/**
 * The schedule change to send for one day. Robots with the older firmware keep a fixed weekly
 * table (`cleanSchedule`: one start time or "none" per day); newer ones keep a list of entries
 * (`cleanSchedule2`). The change keeps the other days as they are.
 */
export function scheduleDelta(state: ReportedState, run: ScheduledRun): Pick<ReportedState, "cleanSchedule" | "cleanSchedule2"> | undefined {
  const index = DAYS.indexOf(run.day);
  if (Array.isArray(state.cleanSchedule2)) {
    const others = state.cleanSchedule2
      .map((entry) => ({ ...entry, start: { ...entry.start, day: (entry.start?.day ?? []).filter((d) => d !== index) } }))
      .filter((entry) => entry.start.day.length > 0);
    const entry: ScheduleEntry = { enabled: true, type: 0, start: { day: [index], hour: run.hour, min: run.minute }, cmd: { command: "start" } };
    return { cleanSchedule2: [...others, entry] };
  }
  if (state.cleanSchedule && Array.isArray(state.cleanSchedule.cycle)) {
    const current = state.cleanSchedule;
    const table: ClassicSchedule = {
      cycle: DAYS.map((_, i) => current.cycle[i] ?? "none"),
      h: DAYS.map((_, i) => current.h[i] ?? 0),
      m: DAYS.map((_, i) => current.m[i] ?? 0),
    };
    table.cycle[index] = "start";
    table.h[index] = run.hour;
    table.m[index] = run.minute;
    return { cleanSchedule: table };
  }
  return undefined;
}

/** The weekly runs the robot reports, in a form people read. */
export function readSchedule(state: ReportedState): ScheduledRun[] {
  const runs: ScheduledRun[] = [];
  if (Array.isArray(state.cleanSchedule2)) {
    for (const entry of state.cleanSchedule2) {
      if (entry.enabled === false) continue;
      for (const d of entry.start?.day ?? []) {
        const day = DAYS[d];
        if (day) runs.push({ day, hour: entry.start?.hour ?? 0, minute: entry.start?.min ?? 0 });
      }
    }
  } else if (state.cleanSchedule) {
    DAYS.forEach((day, i) => {
      if (state.cleanSchedule?.cycle[i] === "start") runs.push({ day, hour: state.cleanSchedule.h[i] ?? 0, minute: state.cleanSchedule.m[i] ?? 0 });
    });
  }
  return runs.sort((a, b) => DAYS.indexOf(a.day) - DAYS.indexOf(b.day) || a.hour - b.hour || a.minute - b.minute);
}

/** A time of day as HH:MM. */
export function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
