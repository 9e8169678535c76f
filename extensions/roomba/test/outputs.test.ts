/**
 * Every command declares a title, deliberate hints and an output schema, and what it returns against the
 * fake robot is exactly what that schema says (strict objects: no field more, none missing or mistyped).
 */
import { afterEach, describe, expect, it } from "vitest";
import { readExtension, type z } from "@agx-ext/core";
import { Roomba } from "../src/index.js";
import { startRobotHost, type RobotHost } from "./harness.js";

const declared = readExtension(Roomba)!.commands;

function outputOf(name: string): z.ZodType {
  const command = declared.find((c) => c.name === name);
  if (!command?.output) throw new Error(`${name} declares no output schema`);
  return command.output;
}

/** The schema's complaints about `data` (none when it matches). */
function mismatches(name: string, data: unknown) {
  const parsed = outputOf(name).safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

/** A valid input for every command; a test below checks that none is missing. */
const VALID_INPUT: Record<string, Record<string, unknown>> = {
  "Start Cleaning": {},
  "Stop Cleaning": {},
  "Dock Roomba": {},
  "Schedule Cleaning": { day_of_week: "sunday", hour: 0, minute: 59 },
  "Check Roomba Status": {},
  "Get Cleaning History": {},
  "Get Battery Status": {},
  "Set Cleaning Preferences": { cleaning_passes: "auto", edge_sweep: false, cleaning_power: "eco" },
};

let current: RobotHost | undefined;

async function robotHost(): Promise<RobotHost> {
  current = await startRobotHost();
  return current;
}

afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe("declarations", () => {
  it("every registered command has a title and an output schema, and the registry publishes them with deliberate hints", async () => {
    const { host } = await robotHost();
    const entries = host.runtime.registry.list().filter((e) => e.extensionId === "roomba");
    expect(entries.map((e) => e.name).sort()).toEqual(declared.map((c) => c.name).sort());
    expect(Object.keys(VALID_INPUT).sort()).toEqual(declared.map((c) => c.name).sort());
    for (const entry of entries) {
      const command = declared.find((c) => c.name === entry.name)!;
      expect(command.title, entry.name).toMatch(/\S/);
      expect(entry.title, entry.name).toBe(command.title);
      expect(command.output, entry.name).toBeDefined();
      expect(entry.outputSchema, entry.name).toMatchObject({ type: "object", additionalProperties: false });
      // The robot is a device outside the host, reached over the network.
      expect(entry.openWorld, entry.name).toBe(true);
      // Nothing here unlocks, deletes or sends: the worst is a robot that drives off or a changed schedule day.
      expect(entry.destructive, entry.name).toBe(false);
    }
    expect(
      entries
        .filter((e) => !e.mutates)
        .map((e) => e.name)
        .sort(),
    ).toEqual(["Check Roomba Status", "Get Battery Status", "Get Cleaning History"]);
    // Starting twice may start a new mission over a running one; every other change lands in the same state.
    expect(entries.filter((e) => e.mutates && !e.idempotent).map((e) => e.name)).toEqual(["Start Cleaning"]);
  });
});

describe("what each command returns matches its output schema", () => {
  it.each(Object.entries(VALID_INPUT))("%s %j", async (name, input) => {
    const { host } = await robotHost();
    const result = await host.execute(name, input);
    expect(mismatches(name, result.data)).toEqual([]);
  });

  it("the schema holds a command to its own answer, nothing else", async () => {
    const { host } = await robotHost();
    const { data } = await host.execute("Dock Roomba");
    expect(mismatches("Dock Roomba", data)).toEqual([]);
    expect(mismatches("Stop Cleaning", data)).not.toEqual([]);
    expect(mismatches("Dock Roomba", { ...(data as object), surprise: 1 })).not.toEqual([]);
    expect(mismatches("Dock Roomba", { ...(data as object), robot: { name: 7, host: "127.0.0.1" } })).not.toEqual([]);
  });

  it("a resumed mission, a cleanSchedule2 robot and changed preferences match", async () => {
    const { host, robot } = await robotHost();
    robot.state.cleanMissionStatus = { cycle: "clean", phase: "pause", mssnM: 3 };
    const resumed = await host.execute("Start Cleaning", {});
    expect(resumed.data).toMatchObject({ command: "resume" });
    expect(mismatches("Start Cleaning", resumed.data)).toEqual([]);

    delete robot.state.cleanSchedule;
    robot.state.cleanSchedule2 = [{ enabled: true, type: 0, start: { day: [2, 4], hour: 8, min: 5 }, cmd: { command: "start", ordered: 1 } }];
    const scheduled = await host.execute("Schedule Cleaning", { day_of_week: "tuesday", hour: 23 });
    expect(scheduled.data).toMatchObject({ scheduleFormat: "cleanSchedule2" });
    expect(mismatches("Schedule Cleaning", scheduled.data)).toEqual([]);

    const preferences = await host.execute("Set Cleaning Preferences", { cleaning_passes: 1 });
    expect(preferences.data).toMatchObject({ changed: { noAutoPasses: true, twoPass: false } });
    expect(mismatches("Set Cleaning Preferences", preferences.data)).toEqual([]);
  });

  it("answers with unreadable fields, missing counters and a mid-mission recharge match", async () => {
    const { host, robot } = await robotHost();
    robot.state.bin = "garbage";
    robot.state.sku = 42;
    robot.state.bbrun = {};
    robot.state.bbmssn = { nMssn: "many" };
    robot.state.cleanMissionStatus = { cycle: "clean", phase: "hmMidMsn", rechrgM: 17, mssnStrtTm: "yesterday" };
    const status = await host.execute("Check Roomba Status");
    expect(status.data).toMatchObject({ unreadableFields: ["bin", "sku"], binFull: null });
    expect(mismatches("Check Roomba Status", status.data)).toEqual([]);
    const history = await host.execute("Get Cleaning History");
    expect(history.data).toMatchObject({ lifetime: { cleaningHours: null, missions: null }, lastMission: { startedAt: null } });
    expect(mismatches("Get Cleaning History", history.data)).toEqual([]);
    const battery = await host.execute("Get Battery Status");
    expect(battery.data).toMatchObject({ minutesUntilResume: 17, charging: false });
    expect(mismatches("Get Battery Status", battery.data)).toEqual([]);
  });
});
