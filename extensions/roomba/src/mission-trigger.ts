import { z, type PollInput, type PollResult, type TriggerEvent } from "@agx-ext/core";
import { robotErrorName } from "./robot-errors.js";
import { isCleaningCycle, type ReportedState } from "./robot-state.js";

/** One event per cleaning mission that ended. */
export const missionFinishedOutput = z.strictObject({
  robot_name: z.string().nullable().describe("the robot's name in the iRobot app; null when it did not report one"),
  mission_number: z.number().nullable().describe("the robot's mission counter for this mission (cleanMissionStatus.nMssn)"),
  cycle: z.string().nullable().describe('the kind of mission, e.g. "clean", "spot", "quick"; null when no poll saw it running'),
  initiator: z.string().nullable().describe('who started it, e.g. "schedule", "rmtApp" (iRobot app), "localApp", "manual" (the button)'),
  started_at: z.iso.datetime().nullable().describe("ISO 8601 start of the mission, as the robot reports it"),
  finished_at: z.iso.datetime().describe("ISO 8601 time of the poll that found the mission over (within one poll interval of its end)"),
  minutes: z.number().nullable().describe("length of the mission in minutes, as the robot reports it"),
  area_sqft: z.number().nullable().describe("area cleaned, square feet"),
  area_m2: z.number().nullable().describe("area cleaned, square metres (one decimal)"),
  docked: z.boolean().nullable().describe("the robot was on its dock when the mission was found over; null when the poll saw a later mission instead"),
  end_phase: z
    .string()
    .nullable()
    .describe('the phase the robot reported once the mission was over, e.g. "charge" (docked), "stop" (cancelled where it stood)'),
  error_code: z.number().nullable().describe("the robot's error code when the mission ended in an error, else null"),
  error_name: z.string().nullable().describe('a short name for error_code, e.g. "Main brushes stuck"; null when there is none or the code is not known'),
});
/** An event of "Mission Finished", typed from its output schema. */
export type MissionFinished = z.output<typeof missionFinishedOutput>;

const text = z.string().max(200).nullable();
const count = z.number().nullable();

/** The mission a poll saw running, with the figures last reported for it. */
const trackedMission = z.object({
  number: count,
  start: count,
  cycle: text,
  initiator: text,
  minutes: count,
  sqft: count,
  phase: text,
  error: z.number(),
  /** When a poll first saw it: its id when the robot reports neither a mission number nor a start time. */
  seen: z.string().max(40),
});
type TrackedMission = z.output<typeof trackedMission>;

/** What the host keeps between polls: the robot's mission counter, and the mission in progress with its phase and cycle. */
const cursorSchema = z.object({ number: count, mission: trackedMission.nullable() });
type Cursor = z.output<typeof cursorSchema>;

/** Phases in which the robot is out on a mission even when its cycle already reads "none". */
const MOVING = new Set(["run", "hmUsrDock", "hmPostMsn", "hmMidMsn"]);
/** Phases in which the robot sits on its dock. */
const DOCKED = new Set(["charge", "evac"]);

/** The part of the reported mission status the trigger reads. */
interface Observed {
  phase: string | null;
  cycle: string | null;
  number: number | null;
  start: number | null;
  initiator: string | null;
  minutes: number | null;
  sqft: number | null;
  error: number;
}

function observe(state: ReportedState): Observed {
  const m = state.cleanMissionStatus ?? {};
  return {
    phase: m.phase ?? null,
    cycle: m.cycle ?? null,
    number: m.nMssn ?? null,
    start: m.mssnStrtTm || null, // 0: no mission has started
    initiator: m.initiator ?? null,
    minutes: m.mssnM ?? null,
    sqft: m.sqft ?? null,
    error: m.error ?? 0,
  };
}

const isCleaning = (o: Observed) => isCleaningCycle(o.cycle);
const isBusy = (o: Observed) => (o.cycle !== null && o.cycle !== "none") || (o.phase !== null && MOVING.has(o.phase));

/** The robot still reports the tracked mission (same counter, or same start time when it reports no counter). */
function isSame(mission: TrackedMission, o: Observed): boolean {
  if (mission.number !== null && o.number !== null) return mission.number === o.number;
  if (mission.start !== null && o.start !== null) return mission.start === o.start;
  return true;
}

/** The larger of two reported figures: they only grow during a mission, and some firmware resets them at its end. */
function latest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function track(o: Observed, mission: TrackedMission | null, now: Date): TrackedMission {
  return {
    number: o.number ?? mission?.number ?? null,
    start: o.start ?? mission?.start ?? null,
    cycle: isCleaning(o) ? o.cycle : (mission?.cycle ?? null),
    initiator: o.initiator ?? mission?.initiator ?? null,
    minutes: latest(mission?.minutes ?? null, o.minutes),
    sqft: latest(mission?.sqft ?? null, o.sqft),
    phase: o.phase,
    error: o.error,
    seen: mission?.seen ?? now.toISOString(),
  };
}

/**
 * The event for a mission that is over. `end` is the state that shows it over (undefined when a later mission was
 * seen instead). It ended in an error when the robot still reports one, or when the last poll saw it stuck.
 */
function finished(mission: TrackedMission, end: Observed | undefined, robotName: string | null, now: Date): TriggerEvent<MissionFinished> {
  const error = end?.error ? end.error : mission.phase === "stuck" && mission.error ? mission.error : null;
  const sqft = end ? latest(mission.sqft, end.sqft) : mission.sqft;
  return {
    id: `mission:${mission.number ?? "?"}:${mission.start ?? mission.seen}`,
    data: {
      robot_name: robotName,
      mission_number: mission.number,
      cycle: mission.cycle,
      initiator: mission.initiator,
      started_at: isoFromUnixSeconds(mission.start),
      finished_at: now.toISOString(),
      minutes: end ? latest(mission.minutes, end.minutes) : mission.minutes,
      area_sqft: sqft,
      area_m2: sqft === null ? null : Math.round(sqft * 0.09290304 * 10) / 10,
      docked: end ? end.phase !== null && DOCKED.has(end.phase) : null,
      end_phase: end?.phase ?? null,
      error_code: error,
      error_name: error === null ? null : robotErrorName(error),
    },
  };
}

/**
 * "Mission Finished", from the robot's reported state at this poll and the cursor of the last one. A mission runs
 * while the robot reports a cleaning cycle (or drives home from one); it is over once the robot is idle again
 * (cycle "none", on its dock or stopped where it stood). A mission that started and ended between two polls shows
 * as a grown mission counter and is reported from the last mission the robot keeps. The first poll only records the
 * state. Event ids are the mission counter and start time, so a repeated poll reports a mission once.
 */
export function pollMissionFinished(state: ReportedState, input: PollInput, now: Date): PollResult<MissionFinished> {
  const o = observe(state);
  const parsed = cursorSchema.safeParse(input.cursor);
  if (!parsed.success) return { events: [], cursor: { number: o.number, mission: isCleaning(o) ? track(o, null, now) : null } satisfies Cursor };
  const previous = parsed.data;
  // A poll in which the counter came unreadable keeps the last one, so the next poll still sees it grow.
  const cursor = (mission: TrackedMission | null): Cursor => ({ number: o.number ?? previous.number, mission });
  const robotName = state.name ?? null;
  const events: TriggerEvent<MissionFinished>[] = [];
  let mission = previous.mission;
  if (mission && !isSame(mission, o)) {
    // The robot reports another mission than the tracked one: that one ended between polls.
    events.push(finished(mission, undefined, robotName, now));
    mission = null;
  }
  if (isCleaning(o) || (mission && isBusy(o))) {
    mission = track(o, mission, now);
  } else if (mission) {
    events.push(finished(mission, o, robotName, now));
    mission = null;
  } else if (!isBusy(o) && o.number !== null && previous.number !== null && o.number > previous.number) {
    // A whole mission ran between polls (another local client held the robot, or polls failed): the robot keeps its figures.
    events.push(finished(track(o, null, now), o, robotName, now));
  }
  return { events, cursor: cursor(mission) };
}

/** A robot timestamp (Unix seconds) as ISO 8601; null when absent or not a representable date. */
function isoFromUnixSeconds(seconds: number | null): string | null {
  if (!seconds) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
