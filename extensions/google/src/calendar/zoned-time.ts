import { startOfDayIn, zonedToInstant } from "@agx-ext/core";

/** Time inputs of the calendar commands: a date, a wall-clock time in the calendar's zone, or an instant. */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A time a user gave: a whole day, a local time in the calendar's zone, or an instant with an offset. */
export type TimeInput = { kind: "date"; date: string } | { kind: "local"; local: string } | { kind: "absolute"; instant: Date; text: string };

/** True when a string is a date, a local date-time or an instant with an offset. */
export function isTimeInput(value: string): boolean {
  return DATE.test(value) || LOCAL.test(value) || (ABSOLUTE.test(value) && !Number.isNaN(Date.parse(value)));
}

/** Which kind of time a string gives (see TimeInput). */
export function parseTimeInput(value: string): TimeInput {
  if (DATE.test(value)) return { kind: "date", date: value };
  if (LOCAL.test(value)) return { kind: "local", local: value };
  return { kind: "absolute", instant: new Date(value), text: value };
}

/** The instant a time input names; a bare date means its midnight in the zone. */
export function instantOf(input: TimeInput, timeZone: string): Date {
  if (input.kind === "absolute") return input.instant;
  return input.kind === "date" ? startOfDayIn(input.date, timeZone) : zonedToInstant(input.local, timeZone);
}
