import { credentials } from "@agx-ext/auth";
import { Command, CommandError, Extension, inject, SETTINGS, z, type CommandResult } from "@agx-ext/core";
import { deltaApplied, preferenceDelta, readPreferences, type CleaningPreferences } from "./preferences.js";
import { batteryReport, historyReport, robotLabel, robotRef, statusReport } from "./reports.js";
import { RobotConnection } from "./robot-connection.js";
import { describePhase, type ReportedState } from "./robot-state.js";
import { DAYS, hhmm, readSchedule, scheduleDelta, type Day } from "./schedule.js";
import { roombaSettings, type RoombaSettings } from "./settings.js";

const hasMission = (s: ReportedState) => s.cleanMissionStatus !== undefined;
const hasName = (s: ReportedState) => s.name !== undefined;
const hasPreferences = (s: ReportedState) => s.openOnly !== undefined || s.noAutoPasses !== undefined || s.vacHigh !== undefined;
const hasStatus = (s: ReportedState) => s.batPct !== undefined && s.cleanMissionStatus !== undefined;
const hasSchedule = (s: ReportedState) => s.cleanSchedule !== undefined || s.cleanSchedule2 !== undefined;

const cleaningMode = z
  .enum(["auto"])
  .default("auto")
  .describe('"auto": a whole-home clean the robot plans itself. Spot and edge modes are buttons on the robot; its local interface has no command for them.');

@Extension({
  id: "roomba",
  name: "Roomba",
  category: "Smart Home & IoT",
  description: "Control an iRobot Roomba over its local MQTT interface: clean, stop, dock, schedule, status, battery, history, preferences.",
  settings: roombaSettings,
  // Each user's own robot: its address and login live in that user's encrypted vault
  // (`agx connect roomba`); host-wide values are the fallback for a single-household host.
  // The robot's address is not a secret: errors name it so a person can check it.
  auth: credentials({ fields: [{ name: "ROOMBA_HOST", secret: false }, "ROOMBA_BLID", "ROOMBA_PASSWORD"] }),
})
export class Roomba {
  constructor(@inject(SETTINGS) private readonly settings: RoombaSettings) {}

  @Command({
    name: "Start Cleaning",
    description: "Starts a cleaning mission, or resumes a paused one.",
    input: z.object({ cleaning_mode: cleaningMode }),
    mutates: true,
  })
  async startCleaning(_input: { cleaning_mode: "auto" }): Promise<CommandResult> {
    return this.withRobot(async (robot) => {
      const state = await robot.gather(hasMission, hasName, "its mission status");
      const mission = state.cleanMissionStatus ?? {};
      const paused = mission.cycle !== undefined && mission.cycle !== "none" && (mission.phase === "stop" || mission.phase === "pause");
      const command = paused ? "resume" : "start";
      const after = await this.runCommand(robot, command);
      const label = robotLabel(after, this.settings.ROOMBA_HOST);
      return {
        data: { robot: robotRef(after, this.settings.ROOMBA_HOST), command, confirmed: true, phase: after.cleanMissionStatus?.phase ?? null },
        markdown: paused ? `Resumed the paused cleaning mission on ${label}.` : `Started a whole-home cleaning mission on ${label}.`,
      };
    });
  }

  @Command({ name: "Stop Cleaning", description: "Stops the current cleaning mission where the robot is.", mutates: true })
  async stopCleaning(): Promise<CommandResult> {
    return this.simpleCommand("stop", (label) => `Stopped the cleaning mission on ${label}; it stays where it is until you dock or restart it.`);
  }

  @Command({ name: "Dock Roomba", description: "Sends the robot back to its dock to charge.", mutates: true })
  async dock(): Promise<CommandResult> {
    return this.simpleCommand("dock", (label) => `Sent ${label} back to its dock.`);
  }

  @Command({
    name: "Schedule Cleaning",
    description: "Sets the weekly cleaning time for one day in the robot's own schedule (other days are kept).",
    input: z.object({
      day_of_week: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(DAYS)),
      hour: z.number().int().min(0).max(23).default(9),
      minute: z.number().int().min(0).max(59).default(0),
      cleaning_mode: cleaningMode,
    }),
    mutates: true,
  })
  async scheduleCleaning(input: { day_of_week: Day; hour: number; minute: number }): Promise<CommandResult> {
    return this.withRobot(async (robot) => {
      const state = await robot.gather(hasSchedule, hasName, "its cleaning schedule");
      const run = { day: input.day_of_week, hour: input.hour, minute: input.minute };
      if (state.cleanSchedule2 && robot.skippedScheduleEntries > 0)
        throw new CommandError(
          "PROVIDER_ERROR",
          `The robot reported ${robot.skippedScheduleEntries} schedule ${robot.skippedScheduleEntries === 1 ? "entry" : "entries"} this extension cannot read; writing the schedule would lose ${robot.skippedScheduleEntries === 1 ? "it" : "them"}, so nothing was changed. Set the schedule in the iRobot app.`,
          { details: { skippedScheduleEntries: robot.skippedScheduleEntries } },
        );
      const delta = scheduleDelta(state, run);
      if (!delta)
        throw new CommandError("PROVIDER_ERROR", "The robot reported a schedule in a format this extension does not know; set it in the iRobot app.");
      await robot.sendDelta(delta);
      const after = await robot.waitFor((s) => deltaApplied(delta, s), "the new schedule");
      const label = robotLabel(after, this.settings.ROOMBA_HOST);
      const format = "cleanSchedule2" in delta ? "cleanSchedule2" : "cleanSchedule";
      const schedule = readSchedule(after);
      return {
        data: { robot: robotRef(after, this.settings.ROOMBA_HOST), scheduled: run, scheduleFormat: format, schedule },
        markdown: [
          `Scheduled ${label} to clean every ${capitalize(run.day)} at ${hhmm(run.hour, run.minute)} (whole home).`,
          `Weekly schedule now: ${schedule.map((r) => `${capitalize(r.day)} ${hhmm(r.hour, r.minute)}`).join(", ")}.`,
        ].join("\n"),
      };
    });
  }

  @Command({ name: "Check Roomba Status", description: "What the robot is doing, its battery, bin and errors." })
  async checkStatus(): Promise<CommandResult> {
    const wanted = (s: ReportedState) => s.bin !== undefined && s.name !== undefined;
    return this.withRobot(async (robot) => statusReport(await robot.gather(hasStatus, wanted, "its status"), this.settings.ROOMBA_HOST));
  }

  @Command({
    name: "Get Cleaning History",
    description:
      "Lifetime cleaning totals and the last mission, as the robot keeps them (the local interface has no per-day log, so there is no date range).",
  })
  async cleaningHistory(): Promise<CommandResult> {
    const ready = (s: ReportedState) => s.bbrun !== undefined && s.bbmssn !== undefined && hasMission(s);
    return this.withRobot(async (robot) => historyReport(await robot.waitFor(ready, "its mission statistics"), this.settings.ROOMBA_HOST));
  }

  @Command({ name: "Get Battery Status", description: "Battery level, whether it is charging, and battery health figures." })
  async batteryStatus(): Promise<CommandResult> {
    const wanted = (s: ReportedState) => s.bbchg3 !== undefined && s.batteryType !== undefined;
    return this.withRobot(async (robot) => batteryReport(await robot.gather(hasStatus, wanted, "its battery"), this.settings.ROOMBA_HOST));
  }

  @Command({
    name: "Set Cleaning Preferences",
    description: "Changes the robot's cleaning passes, edge sweep and suction power; only the preferences given are changed.",
    input: z
      .object({
        cleaning_passes: z.union([z.literal("auto"), z.literal(1), z.literal(2)]).optional().describe('"auto", 1 or 2 passes'),
        edge_sweep: z.boolean().optional().describe("clean along walls and edges after the open areas"),
        cleaning_power: z.enum(["eco", "auto", "performance"]).optional().describe('"auto" boosts suction on carpet'),
      })
      .refine((v) => v.cleaning_passes !== undefined || v.edge_sweep !== undefined || v.cleaning_power !== undefined, {
        message: "give at least one of cleaning_passes, edge_sweep, cleaning_power",
      }),
    mutates: true,
  })
  async setPreferences(input: CleaningPreferences): Promise<CommandResult> {
    const delta = preferenceDelta(input);
    return this.withRobot(async (robot) => {
      await robot.gather(hasPreferences, hasName, "its preferences");
      await robot.sendDelta(delta);
      const after = await robot.waitFor((s) => deltaApplied(delta, s), "the new preferences");
      const prefs = readPreferences(after);
      const changed = [
        input.cleaning_passes !== undefined ? `passes ${input.cleaning_passes}` : undefined,
        input.edge_sweep !== undefined ? `edge sweep ${input.edge_sweep ? "on" : "off"}` : undefined,
        input.cleaning_power !== undefined ? `power ${input.cleaning_power}` : undefined,
      ].filter(Boolean);
      return {
        data: { robot: robotRef(after, this.settings.ROOMBA_HOST), changed: delta, preferences: prefs },
        markdown: `Set cleaning preferences on ${robotLabel(after, this.settings.ROOMBA_HOST)}: ${changed.join(", ")}.`,
      };
    });
  }

  private async simpleCommand(command: "stop" | "dock", describe: (label: string) => string): Promise<CommandResult> {
    return this.withRobot(async (robot) => {
      await robot.gather(hasMission, hasName, "its mission status");
      const after = await this.runCommand(robot, command);
      const phase = after.cleanMissionStatus?.phase;
      return {
        data: { robot: robotRef(after, this.settings.ROOMBA_HOST), command, confirmed: true, phase: phase ?? null },
        markdown: `${describe(robotLabel(after, this.settings.ROOMBA_HOST))} It is now ${describePhase(phase)}.`,
      };
    });
  }

  /** Publishes a command and waits for the robot to report it as its last command (after its mission status was gathered). */
  private async runCommand(robot: RobotConnection, command: string): Promise<ReportedState> {
    const time = await robot.sendCommand(command);
    return robot.waitFor((s) => s.lastCommand?.command === command && (s.lastCommand.time ?? 0) >= time, `that it took the ${command} command`);
  }

  private async withRobot(work: (robot: RobotConnection) => Promise<CommandResult>): Promise<CommandResult> {
    const robot = await RobotConnection.open({
      host: this.settings.ROOMBA_HOST,
      port: this.settings.ROOMBA_PORT,
      blid: this.settings.ROOMBA_BLID,
      password: this.settings.ROOMBA_PASSWORD,
      timeoutMs: this.settings.ROOMBA_TIMEOUT_SECONDS * 1000,
      tlsCiphers: this.settings.ROOMBA_TLS_CIPHERS,
    });
    try {
      return withUnreadableNote(await work(robot), robot.unreadable);
    } finally {
      await robot.close();
    }
  }
}

/** An answer built while the robot reported some fields in a form that cannot be read says which were left out. */
function withUnreadableNote(result: CommandResult, unreadable: string[]): CommandResult {
  if (unreadable.length === 0) return result;
  const data = typeof result.data === "object" && result.data !== null && !Array.isArray(result.data) ? { ...result.data, unreadableFields: unreadable } : result.data;
  const note = `(The robot reported ${unreadable.join(", ")} in a form this extension cannot read; ${unreadable.length === 1 ? "it is" : "they are"} left out.)`;
  return { ...result, data, markdown: result.markdown ? `${result.markdown}\n\n${note}` : note };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
