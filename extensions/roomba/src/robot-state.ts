import { keepValid, z } from "@agx-ext/core";

/*
 * The robot's reported shadow state, as far as these commands read it. The robot sends it in partial
 * updates (`{ state: { reported: {...} } }`); later keys replace earlier ones. Every field is checked on
 * arrival: a robot (or anything on its port) can send anything, and a field of the wrong shape is left
 * out and named rather than crashing a report.
 */

/** An optional part of a field: a value of the wrong type reads as absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const text = z.string().max(200);
const number = z.number();
const numbers = <K extends string>(...keys: K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, optional(number)])) as Record<K, ReturnType<typeof optional<typeof number>>>);

const missionStatus = z.object({
  cycle: optional(text),
  phase: optional(text),
  error: optional(number),
  notReady: optional(number),
  mssnM: optional(number),
  sqft: optional(number),
  nMssn: optional(number),
  /** Unix seconds; a value past the year 9999 is no start time. */
  mssnStrtTm: optional(number.min(0).max(253_402_300_799)),
  rechrgM: optional(number),
  expireM: optional(number),
  initiator: optional(text),
});

const classicSchedule = z.object({
  cycle: z.array(text).max(100),
  h: z.array(z.number().int().min(0).max(23)).max(100),
  m: z.array(z.number().int().min(0).max(59)).max(100),
});
/** The weekly schedule in the older cleanSchedule format, typed from its schema. */
export type ClassicSchedule = z.output<typeof classicSchedule>;

/** One entry of `cleanSchedule2`. Loose: keys this extension does not read are kept, so rewriting the schedule loses nothing. */
const scheduleEntry = z.looseObject({
  enabled: z.boolean().optional(),
  type: number.optional(),
  start: z.looseObject({ day: z.array(z.number().int().min(0).max(6)).max(7), hour: z.number().int().min(0).max(23), min: z.number().int().min(0).max(59) }),
  cmd: z.record(z.string(), z.unknown()).optional(),
});
/** One entry of the newer cleanSchedule2 format, typed from its schema. */
export type ScheduleEntry = z.output<typeof scheduleEntry>;

const FIELDS = {
  name: text,
  sku: text,
  softwareVer: text,
  batPct: number.min(0).max(100),
  batteryType: text,
  cleanMissionStatus: missionStatus,
  bin: z.object({ present: optional(z.boolean()), full: optional(z.boolean()) }),
  dock: z.object({ known: optional(z.boolean()) }),
  lastCommand: z.object({ command: optional(text), time: optional(number), initiator: optional(text) }),
  bbrun: numbers("hr", "min", "sqft", "nStuck", "nScrubs", "nEvacs"),
  bbmssn: numbers("nMssn", "nMssnOk", "nMssnC", "nMssnF", "aMssnM", "aCycleM"),
  bbchg3: numbers("estCap", "avgMin", "hOnDock", "nLithChrg", "nNimhChrg", "nDocks"),
  cleanSchedule: classicSchedule,
  noAutoPasses: z.boolean(),
  twoPass: z.boolean(),
  openOnly: z.boolean(),
  carpetBoost: z.boolean(),
  vacHigh: z.boolean(),
} as const;

type Fields = typeof FIELDS;
/** What the robot has reported so far: every field it may send, each only once it was read. */
export type ReportedState = { -readonly [K in keyof Fields]?: z.output<Fields[K]> } & { cleanSchedule2?: ScheduleEntry[] };

/** What one shadow update added: the fields that were readable, the ones that were not, and schedule entries left out. */
export interface ShadowUpdate {
  fields: ReportedState;
  unreadable: string[];
  /** Entries of `cleanSchedule2` that were not a readable schedule entry (undefined: no cleanSchedule2 in this update). */
  skippedScheduleEntries?: number;
}

/** Reads one shadow update message; anything that is not one adds nothing. Fields these commands do not use are not kept. */
export function readShadowUpdate(payload: unknown): ShadowUpdate {
  const reported = (payload as { state?: { reported?: unknown } } | null)?.state?.reported;
  const update: ShadowUpdate = { fields: {}, unreadable: [] };
  if (typeof reported !== "object" || reported === null || Array.isArray(reported)) return update;
  const fields = update.fields as Record<string, unknown>;
  for (const [key, value] of Object.entries(reported)) {
    if (key === "cleanSchedule2") {
      if (!Array.isArray(value)) {
        update.unreadable.push(key);
        continue;
      }
      const entries = keepValid(value, scheduleEntry);
      fields.cleanSchedule2 = entries.items;
      update.skippedScheduleEntries = entries.skipped;
      continue;
    }
    if (!Object.hasOwn(FIELDS, key)) continue;
    const parsed = FIELDS[key as keyof Fields].safeParse(value);
    if (parsed.success) fields[key] = parsed.data;
    else update.unreadable.push(key);
  }
  return update;
}

const PHASES: Record<string, string> = {
  charge: "charging on the dock",
  run: "cleaning",
  stop: "stopped",
  pause: "paused",
  stuck: "stuck and needs help",
  hmUsrDock: "returning to the dock (asked to)",
  hmMidMsn: "returning to the dock to recharge mid-mission",
  hmPostMsn: "returning to the dock after the mission",
  evac: "emptying its bin into the dock",
  chargingerror: "reporting a charging error",
  "charging error": "reporting a charging error",
};

/** A person's words for the mission phase. */
export function describePhase(phase: string | undefined): string {
  if (!phase) return "unknown";
  return PHASES[phase] ?? phase;
}

/** True when the robot reports that it is charging on its dock. */
export function isCharging(state: ReportedState): boolean {
  return state.cleanMissionStatus?.phase === "charge";
}

/** Cycles that are no cleaning mission: idle, driving home when sent there, emptying the bin into the dock. */
const NOT_CLEANING = new Set(["none", "dock", "evac"]);

/** True when the robot's reported cycle is a cleaning mission ("clean", "spot", "quick"...). */
export function isCleaningCycle(cycle: string | null | undefined): boolean {
  return cycle !== null && cycle !== undefined && !NOT_CLEANING.has(cycle);
}
