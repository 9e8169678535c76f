import { z } from "@agx-ext/core";
import { cleaningPreferences, preferenceFlags } from "./preferences.js";
import { scheduledRun } from "./schedule.js";

/*
 * What every command returns as `data`, as zod schemas: the host publishes them (MCP outputSchema,
 * OpenAPI), and the reports are typed from them so the two cannot drift apart. Objects are strict: the
 * published JSON Schema says no other properties, so none may appear. Null means the robot did not report it.
 */

const nullableNumber = z.number().nullable();
const nullableText = z.string().nullable();

/** The robot an answer is about. */
const robotRefOutput = z.strictObject({
  name: nullableText.describe("the name set in the iRobot app"),
  host: z.string().describe("the address the robot was reached at (ROOMBA_HOST)"),
});
/** Which robot answered (name and address), typed from its schema. */
export type RobotRef = z.output<typeof robotRefOutput>;

/** Every answer may add this: reported fields left out because they could not be read. */
const unreadableFields = z.array(z.string()).optional().describe("fields the robot reported in a form that cannot be read; the answer was built without them");

const phase = nullableText.describe('the mission phase the robot reports, e.g. "run", "stop", "charge", "hmUsrDock"');

/** What a cleaning command answers once the robot reported that it took the command. */
const commandOutput = <C extends [string, ...string[]]>(...commands: C) =>
  z.strictObject({
    robot: robotRefOutput,
    command: z.enum(commands).describe("the command published on `cmd`"),
    confirmed: z.literal(true).describe("the robot reported the command as its last one"),
    phase,
    unreadableFields,
  });

/** `data` of the "Check Roomba Status" command. */
const statusOutput = z.strictObject({
  robot: robotRefOutput.extend({ sku: nullableText, softwareVersion: nullableText }),
  phase,
  phaseDescription: z.string().describe('the phase in words, "unknown" when not reported'),
  cycle: nullableText.describe('"none" when idle, else the mission kind, e.g. "clean"'),
  batteryPercent: z.number().min(0).max(100).nullable(),
  docked: z.boolean(),
  binPresent: z.boolean().nullable(),
  binFull: z.boolean().nullable(),
  errorCode: z.number().describe("0 when there is no error"),
  notReadyCode: z.number().describe("0 when the robot is ready"),
  missionMinutes: nullableNumber,
  unreadableFields,
});
/** `data` of "Check Roomba Status", typed from its output schema. */
export type StatusOutput = z.output<typeof statusOutput>;

/** `data` of the "Get Battery Status" command. */
const batteryOutput = z.strictObject({
  robot: robotRefOutput,
  batteryPercent: z.number().min(0).max(100).nullable(),
  charging: z.boolean(),
  batteryType: nullableText,
  estimatedCapacityMah: nullableNumber,
  chargeCycles: nullableNumber,
  minutesUntilResume: nullableNumber.describe("while recharging mid-mission: minutes until cleaning resumes"),
  unreadableFields,
});
/** `data` of "Get Battery Status", typed from its output schema. */
export type BatteryOutput = z.output<typeof batteryOutput>;

/** `data` of the "Get Cleaning History" command. */
const historyOutput = z.strictObject({
  robot: robotRefOutput,
  source: z.string().describe("where the figures come from (the robot keeps no per-day log)"),
  lifetime: z.strictObject({
    cleaningHours: nullableNumber,
    cleaningMinutes: nullableNumber,
    areaSqFt: nullableNumber,
    areaSquareMeters: nullableNumber,
    missions: nullableNumber,
    missionsCompleted: nullableNumber,
    missionsCancelled: nullableNumber,
    missionsFailed: nullableNumber,
    averageMissionMinutes: nullableNumber,
    timesStuck: nullableNumber,
  }),
  lastMission: z.strictObject({
    number: nullableNumber,
    startedAt: z.iso.datetime().nullable().describe("ISO 8601"),
    minutes: nullableNumber,
    areaSqFt: nullableNumber,
    cycle: nullableText,
    phase,
    initiator: nullableText,
  }),
  unreadableFields,
});
/** `data` of "Get Cleaning History", typed from its output schema. */
export type HistoryOutput = z.output<typeof historyOutput>;

/** Every command's output schema, by command; the extension's methods return their data. */
export const outputs = {
  start: commandOutput("start", "resume"),
  stop: commandOutput("stop"),
  dock: commandOutput("dock"),
  schedule: z.strictObject({
    robot: robotRefOutput,
    scheduled: scheduledRun,
    scheduleFormat: z.enum(["cleanSchedule", "cleanSchedule2"]).describe("the robot's schedule format: a weekly table (older firmware) or a list of entries"),
    schedule: z.array(scheduledRun).describe("the weekly runs the robot now reports"),
    unreadableFields,
  }),
  status: statusOutput,
  history: historyOutput,
  battery: batteryOutput,
  preferences: z.strictObject({
    robot: robotRefOutput,
    changed: preferenceFlags.describe("the robot's own flags that were sent"),
    preferences: cleaningPreferences.describe("the preferences the robot reports now"),
    unreadableFields,
  }),
};
