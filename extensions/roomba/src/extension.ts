import { credentials } from "@agx-ext/auth";
import {
  Command,
  CommandError,
  CONTEXT,
  Extension,
  inject,
  SETTINGS,
  Trigger,
  z,
  type CommandContext,
  type CommandResult,
  type PollInput,
} from "@agx-ext/core";
import { binFullOutput, pollBinFull } from "./bin-trigger.js";
import { preferencesInput, scheduleInput, startInput } from "./inputs.js";
import { outputs, type RobotRef } from "./outputs.js";
import { deltaApplied, preferenceDelta, readPreferences } from "./preferences.js";
import { batteryReport, historyReport, robotLabel, robotRef, statusReport } from "./format.js";
import { missionFinishedOutput, pollMissionFinished } from "./mission-trigger.js";
import type { RobotAddress, RobotConnection } from "./robot-connection.js";
import { withRobotSession } from "./robot-session.js";
import { describePhase, type ReportedState } from "./robot-state.js";
import { hhmm, readSchedule, scheduleDelta } from "./schedule.js";
import { roombaSettings, type RoombaSettings } from "./settings.js";

/** What a command returns, typed from its declared output schema so the two cannot drift. */
type Out<K extends keyof typeof outputs> = CommandResult<z.output<(typeof outputs)[K]>>;
/** The answer of "Stop Cleaning" or "Dock Roomba" (same shape, their own command). */
type MovedBy<C extends "stop" | "dock"> = Omit<z.output<typeof outputs.stop>, "command"> & { command: C };

const hasMission = (s: ReportedState) => s.cleanMissionStatus !== undefined;
const hasName = (s: ReportedState) => s.name !== undefined;
const hasPreferences = (s: ReportedState) => s.openOnly !== undefined || s.noAutoPasses !== undefined || s.vacHigh !== undefined;
const hasStatus = (s: ReportedState) => s.batPct !== undefined && s.cleanMissionStatus !== undefined;
const hasSchedule = (s: ReportedState) => s.cleanSchedule !== undefined || s.cleanSchedule2 !== undefined;

/** The Roomba extension: cleans, stops, docks, schedules and reads a Roomba over its local MQTT interface. */
@Extension({
  id: "roomba",
  name: "Roomba",
  category: "Smart Home & IoT",
  description:
    "Control an iRobot Roomba over its local MQTT interface: clean, stop, dock, schedule, status, battery, history, preferences; events when a mission finishes or the bin fills.",
  settings: roombaSettings,
  // Each user's own robot: its address and login live in that user's encrypted vault
  // (`agx connect roomba`); host-wide values are the fallback for a single-household host.
  // The robot's address is not a secret: errors name it so a person can check it.
  auth: credentials({ fields: [{ name: "ROOMBA_HOST", secret: false }, "ROOMBA_BLID", "ROOMBA_PASSWORD"] }),
})
export class Roomba {
  constructor(
    @inject(SETTINGS) private readonly settings: RoombaSettings,
    @inject(CONTEXT) private readonly context: CommandContext,
  ) {}

  /** A cleaning mission ended: polls the robot's mission status every minute (it is on the local network). */
  @Trigger({
    name: "Mission Finished",
    description:
      "A cleaning mission ended (the robot is back on its dock, or stopped where it stood): its number, length, area, and the error it ended in, if any.",
    kind: "poll",
    every: "1m",
    output: missionFinishedOutput,
  })
  missionFinished(input: PollInput) {
    return withRobotSession(this.address(), async (robot) =>
      pollMissionFinished(await robot.gather(hasMission, hasName, "its mission status"), input, this.context.now()),
    );
  }

  /** The bin filled up: polls the robot's bin sensor every minute. */
  @Trigger({
    name: "Bin Full",
    description: "The robot's bin became full (one event each time it fills), with the mission it was on.",
    kind: "poll",
    every: "1m",
    output: binFullOutput,
  })
  binFull(input: PollInput) {
    const wanted = (s: ReportedState) => s.bin !== undefined && hasName(s);
    return withRobotSession(this.address(), async (robot) =>
      pollBinFull(await robot.gather(hasMission, wanted, "its bin and mission status"), input, this.context.now()),
    );
  }

  @Command({
    name: "Start Cleaning",
    description: "Starts a cleaning mission, or resumes a paused one.",
    input: startInput,
    title: "Start Roomba Cleaning",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.start,
  })
  async startCleaning(_input: z.output<typeof startInput>): Promise<Out<"start">> {
    return this.withRobot(async (robot) => {
      const state = await robot.gather(hasMission, hasName, "its mission status");
      const mission = state.cleanMissionStatus ?? {};
      const paused = mission.cycle !== undefined && mission.cycle !== "none" && (mission.phase === "stop" || mission.phase === "pause");
      const command = paused ? "resume" : "start";
      const after = await this.runCommand(robot, command);
      const label = robotLabel(after, this.settings.ROOMBA_HOST);
      return {
        data: { robot: robotRef(after, this.settings.ROOMBA_HOST), command, confirmed: true as const, phase: after.cleanMissionStatus?.phase ?? null },
        markdown: paused ? `Resumed the paused cleaning mission on ${label}.` : `Started a whole-home cleaning mission on ${label}.`,
      };
    });
  }

  @Command({
    name: "Stop Cleaning",
    description: "Stops the current cleaning mission where the robot is.",
    title: "Stop Roomba Cleaning",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.stop,
  })
  async stopCleaning(): Promise<Out<"stop">> {
    return this.simpleCommand("stop", (label) => `Stopped the cleaning mission on ${label}; it stays where it is until you dock or restart it.`);
  }

  @Command({
    name: "Dock Roomba",
    description: "Sends the robot back to its dock to charge.",
    title: "Send Roomba to Its Dock",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.dock,
  })
  async dock(): Promise<Out<"dock">> {
    return this.simpleCommand("dock", (label) => `Sent ${label} back to its dock.`);
  }

  @Command({
    name: "Schedule Cleaning",
    description: "Sets the weekly cleaning time for one day in the robot's own schedule (other days are kept).",
    input: scheduleInput,
    title: "Schedule Weekly Roomba Cleaning",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.schedule,
  })
  async scheduleCleaning(input: z.output<typeof scheduleInput>): Promise<Out<"schedule">> {
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
      if (!delta) throw new CommandError("PROVIDER_ERROR", "The robot reported a schedule in a format this extension does not know; set it in the iRobot app.");
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

  @Command({
    name: "Check Roomba Status",
    description: "What the robot is doing, its battery, bin and errors.",
    title: "Check Roomba Status",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.status,
  })
  async checkStatus(): Promise<Out<"status">> {
    const wanted = (s: ReportedState) => s.bin !== undefined && s.name !== undefined;
    return this.withRobot(async (robot) => statusReport(await robot.gather(hasStatus, wanted, "its status"), this.settings.ROOMBA_HOST));
  }

  @Command({
    name: "Get Cleaning History",
    description: "Lifetime cleaning totals and the last mission, as the robot keeps them (the local interface has no per-day log, so there is no date range).",
    title: "Get Roomba Cleaning History",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.history,
  })
  async cleaningHistory(): Promise<Out<"history">> {
    const ready = (s: ReportedState) => s.bbrun !== undefined && s.bbmssn !== undefined && hasMission(s);
    return this.withRobot(async (robot) => historyReport(await robot.waitFor(ready, "its mission statistics"), this.settings.ROOMBA_HOST));
  }

  @Command({
    name: "Get Battery Status",
    description: "Battery level, whether it is charging, and battery health figures.",
    title: "Get Roomba Battery Status",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.battery,
  })
  async batteryStatus(): Promise<Out<"battery">> {
    const wanted = (s: ReportedState) => s.bbchg3 !== undefined && s.batteryType !== undefined;
    return this.withRobot(async (robot) => batteryReport(await robot.gather(hasStatus, wanted, "its battery"), this.settings.ROOMBA_HOST));
  }

  @Command({
    name: "Set Cleaning Preferences",
    description: "Changes the robot's cleaning passes, edge sweep and suction power; only the preferences given are changed.",
    input: preferencesInput,
    title: "Set Roomba Cleaning Preferences",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.preferences,
  })
  async setPreferences(input: z.output<typeof preferencesInput>): Promise<Out<"preferences">> {
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

  private async simpleCommand<C extends "stop" | "dock">(command: C, describe: (label: string) => string): Promise<CommandResult<MovedBy<C>>> {
    return this.withRobot(async (robot) => {
      await robot.gather(hasMission, hasName, "its mission status");
      const after = await this.runCommand(robot, command);
      const phase = after.cleanMissionStatus?.phase;
      return {
        data: { robot: robotRef(after, this.settings.ROOMBA_HOST), command, confirmed: true as const, phase: phase ?? null },
        markdown: `${describe(robotLabel(after, this.settings.ROOMBA_HOST))} It is now ${describePhase(phase)}.`,
      };
    });
  }

  /** Publishes a command and waits for the robot to report it as its last command (after its mission status was gathered). */
  private async runCommand(robot: RobotConnection, command: string): Promise<ReportedState> {
    const time = await robot.sendCommand(command);
    return robot.waitFor((s) => s.lastCommand?.command === command && (s.lastCommand.time ?? 0) >= time, `that it took the ${command} command`);
  }

  private withRobot<T extends Answer>(work: (robot: RobotConnection) => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
    return withRobotSession(this.address(), async (robot) => withUnreadableNote(await work(robot), robot.unreadable));
  }

  private address(): RobotAddress {
    return {
      host: this.settings.ROOMBA_HOST,
      port: this.settings.ROOMBA_PORT,
      blid: this.settings.ROOMBA_BLID,
      password: this.settings.ROOMBA_PASSWORD,
      timeoutMs: this.settings.ROOMBA_TIMEOUT_SECONDS * 1000,
      tlsCiphers: this.settings.ROOMBA_TLS_CIPHERS,
    };
  }
}

/** Every answer's data: about a robot, and it may name the fields the robot reported unreadably. */
type Answer = { robot: RobotRef; unreadableFields?: string[] };

/** An answer built while the robot reported some fields in a form that cannot be read says which were left out. */
function withUnreadableNote<T extends Answer>(result: CommandResult<T>, unreadable: string[]): CommandResult<T> {
  if (unreadable.length === 0) return result;
  const data = { ...result.data, unreadableFields: unreadable };
  const note = `(The robot reported ${unreadable.join(", ")} in a form this extension cannot read; ${unreadable.length === 1 ? "it is" : "they are"} left out.)`;
  return { ...result, data, markdown: result.markdown ? `${result.markdown}\n\n${note}` : note };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
