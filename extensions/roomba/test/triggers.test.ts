/**
 * The "Mission Finished" and "Bin Full" poll triggers against the fake robot: each poll logs in, reads the reported
 * state and logs out; the first poll only records, a change between polls gives one event with a stable id, and a
 * robot that misbehaves gives a clear error or no event.
 */
import { readExtension, z, type PollResult, type TriggerJson } from "@agx-ext/core";
import { createTestHost, runPollTrigger } from "@agx-ext/testing";
import { describe, expect, it } from "vitest";
import { Roomba } from "../src/index.js";
import { robotState } from "./fake-robot.js";
import { failure, PASSWORD, robotHostPerTest, type RobotHost } from "./harness.js";

const MISSION = "roomba/Mission Finished";
const BIN = "roomba/Bin Full";

const robotHost = robotHostPerTest();

/** Polls a trigger with the cursor of the previous poll (null: the first poll). */
const poll = (r: RobotHost, trigger: string, cursor: TriggerJson | null = null): Promise<PollResult> => runPollTrigger(r.host, trigger, { cursor });

/** The fake robot's mission status with some fields changed (the rest as the robot last reported them). */
function mission(r: RobotHost, changes: Record<string, unknown>) {
  r.robot.update({ cleanMissionStatus: { ...(r.robot.state.cleanMissionStatus as object), ...changes } });
}

const RUNNING = { cycle: "clean", phase: "run", nMssn: 212, mssnStrtTm: 1764070000, mssnM: 12, sqft: 150, error: 0, initiator: "schedule" };

describe("Mission Finished", () => {
  it("records the first poll without events, then reports a mission that ended once, with the robot's figures", async () => {
    const r = await robotHost();
    const first = await poll(r, MISSION);
    expect(first.events).toEqual([]);
    expect(first.cursor).toEqual({ number: 211, mission: null });
    expect((await poll(r, MISSION, first.cursor)).events).toEqual([]); // idle, nothing changed

    mission(r, RUNNING);
    const running = await poll(r, MISSION, first.cursor);
    expect(running.events).toEqual([]);
    mission(r, { mssnM: 47, sqft: 612 });
    const later = await poll(r, MISSION, running.cursor);
    expect(later.events).toEqual([]);

    mission(r, { cycle: "none", phase: "charge" });
    const done = await poll(r, MISSION, later.cursor);
    expect(done.events).toEqual([
      {
        id: "mission:212:1764070000",
        data: {
          robot_name: "Rosie",
          mission_number: 212,
          cycle: "clean",
          initiator: "schedule",
          started_at: "2025-11-25T11:26:40.000Z",
          finished_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          minutes: 47,
          area_sqft: 612,
          area_m2: 56.9,
          docked: true,
          end_phase: "charge",
          error_code: null,
          error_name: null,
        },
      },
    ]);
    // A host that died before storing the cursor polls again with the old one: the same event id.
    expect((await poll(r, MISSION, later.cursor)).events.map((e) => e.id)).toEqual(["mission:212:1764070000"]);
    expect((await poll(r, MISSION, done.cursor)).events).toEqual([]);
    // Each poll is one login, and a poll sends the robot nothing.
    expect(r.robot.logins).toHaveLength(7);
    expect(r.robot.received).toEqual([]);
  });

  it("waits while the robot drives home after Dock Roomba, and reports the mission once it is on the dock", async () => {
    const r = await robotHost();
    const idle = await poll(r, MISSION);
    await r.host.execute("Start Cleaning");
    const running = await poll(r, MISSION, idle.cursor);
    expect(running.events).toEqual([]);
    expect(running.cursor).toMatchObject({ number: 212, mission: { number: 212, cycle: "clean", phase: "run" } });

    await r.host.execute("Dock Roomba"); // the robot reports cycle "none" and phase "hmUsrDock" while it drives home
    const homing = await poll(r, MISSION, running.cursor);
    expect(homing.events).toEqual([]);

    mission(r, { phase: "charge", mssnM: 9, sqft: 80 });
    const docked = await poll(r, MISSION, homing.cursor);
    expect(docked.events).toHaveLength(1);
    const started = (running.cursor as { mission: { start: number } }).mission.start;
    expect(docked.events[0]).toEqual({
      id: `mission:212:${started}`,
      data: expect.objectContaining({
        mission_number: 212,
        cycle: "clean",
        initiator: "localApp",
        minutes: 9,
        area_sqft: 80,
        docked: true,
        end_phase: "charge",
      }),
    });
  });

  it("a mission that ended stuck reports its error; one cancelled where it stood is not docked", async () => {
    const r = await robotHost();
    const idle = await poll(r, MISSION);
    mission(r, RUNNING);
    const running = await poll(r, MISSION, idle.cursor);
    mission(r, { phase: "stuck", error: 17 });
    const stuck = await poll(r, MISSION, running.cursor);
    expect(stuck.events).toEqual([]);
    mission(r, { cycle: "none", phase: "stop", error: 0 }); // cancelled from the app; the robot clears the error
    const over = await poll(r, MISSION, stuck.cursor);
    expect(over.events.map((e) => e.data)).toEqual([
      expect.objectContaining({ mission_number: 212, docked: false, end_phase: "stop", error_code: 17, error_name: "Path blocked" }),
    ]);
  });

  it("an error the robot still reports at the end is the mission's error, by number when it has no known name", async () => {
    const r = await robotHost();
    const idle = await poll(r, MISSION);
    mission(r, RUNNING);
    const running = await poll(r, MISSION, idle.cursor);
    mission(r, { cycle: "none", phase: "stop", error: 9999 });
    const over = await poll(r, MISSION, running.cursor);
    expect(over.events.map((e) => e.data)).toEqual([expect.objectContaining({ error_code: 9999, error_name: null })]);
  });

  it("a mission that started and ended between two polls is reported from the counter and the last mission the robot keeps", async () => {
    const r = await robotHost();
    const idle = await poll(r, MISSION);
    mission(r, { ...RUNNING, cycle: "none", phase: "charge", mssnM: 38, sqft: 500 });
    const after = await poll(r, MISSION, idle.cursor);
    expect(after.events).toEqual([
      {
        id: "mission:212:1764070000",
        data: expect.objectContaining({ mission_number: 212, cycle: null, minutes: 38, area_sqft: 500, docked: true, started_at: "2025-11-25T11:26:40.000Z" }),
      },
    ]);
    expect((await poll(r, MISSION, after.cursor)).events).toEqual([]);
  });

  it("a mission that ended while the next one had already started is still reported, and the new one is tracked", async () => {
    const r = await robotHost();
    const idle = await poll(r, MISSION);
    mission(r, RUNNING);
    const first = await poll(r, MISSION, idle.cursor);
    mission(r, { ...RUNNING, nMssn: 213, mssnStrtTm: 1764080000, mssnM: 3, sqft: 20 });
    const second = await poll(r, MISSION, first.cursor);
    expect(second.events).toEqual([
      { id: "mission:212:1764070000", data: expect.objectContaining({ mission_number: 212, minutes: 12, docked: null, end_phase: null }) },
    ]);
    expect(second.cursor).toMatchObject({ mission: { number: 213 } });
  });

  it("a robot that reports neither a mission number nor a start time: the mission is identified by when a poll first saw it", async () => {
    const r = await robotHost();
    mission(r, { nMssn: undefined, mssnStrtTm: undefined });
    const idle = await poll(r, MISSION);
    mission(r, { cycle: "clean", phase: "run" });
    const running = await poll(r, MISSION, idle.cursor);
    mission(r, { cycle: "none", phase: "charge" });
    const done = await poll(r, MISSION, running.cursor);
    const seen = (running.cursor as { mission: { seen: string } }).mission.seen;
    expect(done.events.map((e) => e.id)).toEqual([`mission:?:${seen}`]);
    expect((await poll(r, MISSION, running.cursor)).events.map((e) => e.id)).toEqual([`mission:?:${seen}`]);
  });

  it("a malformed cursor counts as the first poll", async () => {
    const r = await robotHost();
    const cursors: TriggerJson[] = ["garbage", 42, [1, 2], { number: "x", mission: {} }, { number: 1, mission: { number: 1 } }];
    for (const cursor of cursors) expect(await poll(r, MISSION, cursor)).toEqual({ events: [], cursor: { number: 211, mission: null } });
  });
});

describe("Bin Full", () => {
  it("reports the bin filling once; an emptied bin that fills again is a new event", async () => {
    const r = await robotHost();
    const first = await poll(r, BIN);
    expect(first).toEqual({ events: [], cursor: { full: false, mission: 211, fills: 0 } });
    expect((await poll(r, BIN, first.cursor)).events).toEqual([]);

    mission(r, RUNNING);
    r.robot.update({ bin: { present: true, full: true } });
    const filled = await poll(r, BIN, first.cursor);
    expect(filled.events).toEqual([
      {
        id: "bin-full:212:1",
        data: { robot_name: "Rosie", mission_number: 212, phase: "run", cleaning: true, detected_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      },
    ]);
    expect((await poll(r, BIN, first.cursor)).events.map((e) => e.id)).toEqual(["bin-full:212:1"]); // repeated poll: same id
    const still = await poll(r, BIN, filled.cursor);
    expect(still.events).toEqual([]);

    r.robot.update({ bin: { present: true, full: false } });
    const emptied = await poll(r, BIN, still.cursor);
    expect(emptied.events).toEqual([]);
    r.robot.update({ bin: { present: true, full: true } });
    const again = await poll(r, BIN, emptied.cursor);
    expect(again.events.map((e) => e.id)).toEqual(["bin-full:212:2"]);
  });

  it("a bin already full at the first poll is no event; nor is a bin the robot does not report", async () => {
    const r = await robotHost();
    r.robot.update({ bin: { present: true, full: true } });
    const first = await poll(r, BIN);
    expect(first.events).toEqual([]);
    expect((await poll(r, BIN, first.cursor)).events).toEqual([]);

    delete r.robot.state.bin; // a Braava mop has no bin
    const none = await poll(r, BIN, { full: false, mission: 211, fills: 0 });
    expect(none).toEqual({ events: [], cursor: { full: false, mission: 211, fills: 0 } });
  });

  it("a bin reported in the wrong shape reads as unknown: no event, and the last known value is kept", async () => {
    const r = await robotHost();
    const first = await poll(r, BIN);
    r.robot.update({ bin: "full" });
    const garbled = await poll(r, BIN, first.cursor);
    expect(garbled).toEqual({ events: [], cursor: first.cursor });
    r.robot.update({ bin: { present: true, full: "yes" } });
    expect(await poll(r, BIN, first.cursor)).toEqual({ events: [], cursor: first.cursor });
  });
});

describe("an unreachable or hostile robot", () => {
  it("a user without a robot set up gets NOT_CONFIGURED naming the setting, before any connection", async () => {
    const host = await createTestHost({ extensions: [Roomba] });
    try {
      const error = await failure(runPollTrigger(host, MISSION));
      expect(error).toMatchObject({ code: "NOT_CONFIGURED" });
      expect(error?.message).toContain("ROOMBA_HOST");
    } finally {
      await host.close();
    }
  });

  it.each([MISSION, BIN])("%s: a robot off the network is the commands' PROVIDER_ERROR", async (trigger) => {
    const r = await robotHost();
    const first = await poll(r, trigger);
    await r.robot.goOffline();
    const error = await failure(poll(r, trigger, first.cursor));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain(`Could not reach the Roomba at 127.0.0.1:${r.robot.port}`);
  });

  it.each([MISSION, BIN])("%s: a wrong password is UNAUTHORIZED, and the password is in neither the message nor the details", async (trigger) => {
    const r = await robotHost({ settings: { ROOMBA_PASSWORD: "wrong-password" } });
    const error = await failure(poll(r, trigger));
    expect(error).toMatchObject({ code: "UNAUTHORIZED" });
    expect(JSON.stringify({ message: error?.message, details: error?.details })).not.toContain("wrong-password");
    expect(error?.message).not.toContain(PASSWORD);
  });

  it.each([MISSION, BIN])("%s: a robot that goes silent after the login: PROVIDER_ERROR after the timeout", async (trigger) => {
    const r = await robotHost({ settings: { ROOMBA_TIMEOUT_SECONDS: "0.3" } });
    r.robot.silent = true;
    const error = await failure(poll(r, trigger));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain("within 0.3 s");
  });

  it.each([MISSION, BIN])("%s: a robot that drops the connection after the login: PROVIDER_ERROR", async (trigger) => {
    const r = await robotHost();
    r.robot.dropOnSubscribe = true;
    const error = await failure(poll(r, trigger));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toMatch(/closed the connection|Could not reach/);
  });

  it("a mission status that only ever comes malformed: PROVIDER_ERROR naming the field, no event", async () => {
    const r = await robotHost({ settings: { ROOMBA_TIMEOUT_SECONDS: "0.3" } });
    r.robot.state.cleanMissionStatus = "garbage";
    const error = await failure(poll(r, MISSION, { number: 211, mission: null }));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { unreadableFields: ["cleanMissionStatus"] } });
  });

  it("garbage before the state and wrongly typed mission fields: read as unknown, no crash and no made-up event", async () => {
    const r = await robotHost();
    r.robot.noise = ["not json", "null", JSON.stringify({ state: { reported: { cleanMissionStatus: "garbage", bin: 7 } } })];
    const first = await poll(r, MISSION);
    expect(first.events).toEqual([]);
    mission(r, { cycle: 7, phase: ["run"], nMssn: "many", mssnM: "long", error: "bad" });
    const odd = await poll(r, MISSION, first.cursor);
    expect(odd).toEqual({ events: [], cursor: { number: 211, mission: null } }); // the last readable counter is kept
    const bin = await poll(r, BIN);
    expect(bin.events).toEqual([]);
  });

  it("the two triggers and a command falling due together each get their own session with the robot", async () => {
    const r = await robotHost();
    const [missionPoll, binPoll, status] = await Promise.all([poll(r, MISSION), poll(r, BIN), r.host.execute("Check Roomba Status")]);
    expect(missionPoll.cursor).toEqual({ number: 211, mission: null });
    expect(binPoll.cursor).toEqual({ full: false, mission: 211, fills: 0 });
    expect(status.data).toMatchObject({ phase: "charge" });
    expect(r.robot.logins).toHaveLength(3);
  });
});

describe("declarations", () => {
  it("declares both triggers as one-minute polls whose every output field is described", () => {
    const triggers = readExtension(Roomba)!.triggers ?? [];
    expect(triggers.map((t) => [t.name, t.kind, t.every])).toEqual([
      ["Mission Finished", "poll", "1m"],
      ["Bin Full", "poll", "1m"],
    ]);
    for (const trigger of triggers) {
      const schema = z.toJSONSchema(trigger.output) as { properties: Record<string, { description?: string }>; additionalProperties?: boolean };
      expect(schema.additionalProperties, trigger.name).toBe(false);
      for (const [field, property] of Object.entries(schema.properties)) expect(property.description, `${trigger.name}.${field}`).toMatch(/\S/);
    }
  });

  it("the fake robot's recorded state is idle on its dock, as these tests assume", () => {
    expect(robotState()).toMatchObject({ cleanMissionStatus: { cycle: "none", phase: "charge", nMssn: 211 }, bin: { full: false } });
  });
});
