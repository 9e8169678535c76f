import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestHost, type TestHost } from "@agx-ext/testing";
import { Roomba } from "../src/index.js";
import { robotState, startFakeRobot, type FakeRobot } from "./fake-robot.js";

const BLID = "3135C61082324250";
const PASSWORD = ":1:1586356476:p4ssw0rdVal7e";

let robot: FakeRobot;
let host: TestHost;

function settings(overrides: Record<string, string> = {}) {
  return {
    ROOMBA_HOST: "127.0.0.1",
    ROOMBA_PORT: String(robot.port),
    ROOMBA_BLID: BLID,
    ROOMBA_PASSWORD: PASSWORD,
    ROOMBA_TIMEOUT_SECONDS: "2",
    ...overrides,
  };
}

beforeEach(async () => {
  robot = await startFakeRobot({ blid: BLID, password: PASSWORD, state: robotState() });
  host = await createTestHost({ extensions: [Roomba], settings: settings() });
});

afterEach(async () => {
  await host.close();
  await robot.close();
});

describe("cleaning commands", () => {
  it("starts a mission with a cmd message the robot confirms", async () => {
    const result = await host.execute("Start Cleaning", {});
    expect(robot.received).toEqual([{ topic: "cmd", payload: { command: "start", time: expect.any(Number), initiator: "localApp" } }]);
    expect(result.data).toMatchObject({ robot: { name: "Rosie", host: "127.0.0.1" }, command: "start", confirmed: true, phase: "run" });
    expect(result.markdown).toContain('Started a whole-home cleaning mission on "Rosie" (127.0.0.1)');
    expect(robot.logins).toEqual([BLID]);
  });

  it("resumes a paused mission instead of starting a new one", async () => {
    robot.state.cleanMissionStatus = { cycle: "clean", phase: "stop", mssnM: 12 };
    const result = await host.execute("Start Cleaning", { cleaning_mode: "auto" });
    expect(robot.received[0]?.payload.command).toBe("resume");
    expect(result.markdown).toContain("Resumed the paused cleaning mission");
  });

  it("refuses cleaning modes the local interface cannot run, before connecting", async () => {
    await expect(host.execute("Start Cleaning", { cleaning_mode: "spot" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fields: ["cleaning_mode"] },
    });
    expect(robot.logins).toEqual([]);
  });

  it("stops the mission", async () => {
    robot.state.cleanMissionStatus = { cycle: "clean", phase: "run" };
    const result = await host.execute("Stop Cleaning");
    expect(robot.received[0]?.payload).toMatchObject({ command: "stop", initiator: "localApp" });
    expect(result.data).toMatchObject({ command: "stop", phase: "stop" });
    expect(result.markdown).toMatch(/^Stopped the cleaning mission on "Rosie"/);
  });

  it("docks the robot", async () => {
    const result = await host.execute("Dock Roomba");
    expect(robot.received[0]?.payload.command).toBe("dock");
    expect(result.markdown).toContain('Sent "Rosie" (127.0.0.1) back to its dock. It is now returning to the dock (asked to).');
  });
});

describe("schedule", () => {
  it("sets one day in the classic weekly table and keeps the other days", async () => {
    const result = await host.execute("Schedule Cleaning", { day_of_week: "Friday", hour: 7, minute: 45 });
    expect(robot.received).toEqual([
      {
        topic: "delta",
        payload: {
          state: {
            cleanSchedule: {
              cycle: ["none", "start", "none", "start", "none", "start", "none"],
              h: [9, 9, 9, 18, 9, 7, 9],
              m: [0, 30, 0, 15, 0, 45, 0],
            },
          },
        },
      },
    ]);
    expect(result.data).toMatchObject({ scheduleFormat: "cleanSchedule", scheduled: { day: "friday", hour: 7, minute: 45 } });
    expect(result.markdown).toContain("every Friday at 07:45");
    expect(result.markdown).toContain("Monday 09:30, Wednesday 18:15, Friday 07:45");
  });

  it("edits the entry list of newer robots (cleanSchedule2)", async () => {
    delete robot.state.cleanSchedule;
    robot.state.cleanSchedule2 = [{ enabled: true, type: 0, start: { day: [1, 3], hour: 10, min: 0 }, cmd: { command: "start" } }];
    const result = await host.execute("Schedule Cleaning", { day_of_week: "wednesday", hour: 20 });
    expect(robot.received[0]?.payload).toEqual({
      state: {
        cleanSchedule2: [
          { enabled: true, type: 0, start: { day: [1], hour: 10, min: 0 }, cmd: { command: "start" } },
          { enabled: true, type: 0, start: { day: [3], hour: 20, min: 0 }, cmd: { command: "start" } },
        ],
      },
    });
    expect(result.data).toMatchObject({
      scheduleFormat: "cleanSchedule2",
      schedule: [
        { day: "monday", hour: 10 },
        { day: "wednesday", hour: 20 },
      ],
    });
  });

  it.each([
    [{ day_of_week: "funday" }, "day_of_week"],
    [{ day_of_week: "monday", hour: 24 }, "hour"],
    [{ day_of_week: "monday", minute: -1 }, "minute"],
    [{}, "day_of_week"],
  ])("rejects %j naming %s", async (input, field) => {
    await expect(host.execute("Schedule Cleaning", input)).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [field] } });
    expect(robot.logins).toEqual([]);
  });
});

describe("reading the robot", () => {
  it("reports status from the shadow state", async () => {
    robot.state.bin = { present: true, full: true };
    const result = await host.execute("Check Roomba Status");
    expect(result.data).toMatchObject({
      robot: { name: "Rosie", sku: "R960020" },
      phase: "charge",
      phaseDescription: "charging on the dock",
      batteryPercent: 87,
      docked: true,
      binFull: true,
      errorCode: 0,
    });
    expect(result.markdown).toContain("is charging on the dock");
    expect(result.markdown).toContain("Bin: full, empty it");
    expect(robot.received).toEqual([]);
  });

  it("reports battery figures", async () => {
    const result = await host.execute("Get Battery Status");
    expect(result.data).toMatchObject({ batteryPercent: 87, charging: true, estimatedCapacityMah: 12900, chargeCycles: 240, batteryType: "lith" });
    expect(result.markdown).toContain("battery: 87%, charging on the dock");
  });

  it("reports lifetime history and the last mission", async () => {
    const result = await host.execute("Get Cleaning History", { days: 7 });
    expect(result.data).toMatchObject({
      lifetime: { cleaningHours: 152, cleaningMinutes: 41, areaSqFt: 88100, areaSquareMeters: 8185, missions: 211, missionsCompleted: 180, missionsFailed: 6 },
      lastMission: { number: 211, minutes: 34, areaSqFt: 412, startedAt: "2025-11-25T08:40:00.000Z" },
    });
    expect(result.markdown).toContain("Missions: 211 (180 completed, 25 cancelled, 6 failed)");
  });
});

describe("preferences", () => {
  it("sends only the preferences given and reads them back", async () => {
    const result = await host.execute("Set Cleaning Preferences", { cleaning_passes: 2, cleaning_power: "performance" });
    expect(robot.received).toEqual([{ topic: "delta", payload: { state: { noAutoPasses: true, twoPass: true, carpetBoost: false, vacHigh: true } } }]);
    expect(result.data).toMatchObject({ preferences: { cleaning_passes: 2, edge_sweep: true, cleaning_power: "performance" } });
    expect(result.markdown).toBe('Set cleaning preferences on "Rosie" (127.0.0.1): passes 2, power performance.');
  });

  it("turns the edge sweep off through openOnly", async () => {
    await host.execute("Set Cleaning Preferences", { edge_sweep: false });
    expect(robot.received[0]?.payload).toEqual({ state: { openOnly: true } });
  });

  it.each([
    [{}, "(input)"],
    [{ cleaning_passes: 3 }, "cleaning_passes"],
    [{ cleaning_power: "turbo" }, "cleaning_power"],
  ])("rejects %j", async (input, field) => {
    await expect(host.execute("Set Cleaning Preferences", input)).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [field] } });
    expect(robot.logins).toEqual([]);
  });
});

describe("faults", () => {
  it("says the robot is unreachable when it is offline", async () => {
    await robot.goOffline();
    const error = await host.execute("Check Roomba Status").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { host: "127.0.0.1", port: robot.port } });
    // ROOMBA_HOST is a credentials field marked not secret: the message names the address to check.
    expect((error as Error).message).toMatch(/^Could not reach the Roomba at 127\.0\.0\.1:\d+ .*ROOMBA_HOST is its IP address/);
  });

  it("reports a refused login without showing the password", async () => {
    await host.close();
    host = await createTestHost({ extensions: [Roomba], settings: settings({ ROOMBA_PASSWORD: "wrong-password" }) });
    const error = await host.execute("Dock Roomba").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNAUTHORIZED" });
    expect((error as Error).message).toContain("ROOMBA_PASSWORD");
    expect(JSON.stringify(error)).not.toContain("wrong-password");
    expect(robot.received).toEqual([]);
  });

  it("times out when the robot takes a command but never confirms it", async () => {
    await host.close();
    host = await createTestHost({ extensions: [Roomba], settings: settings({ ROOMBA_TIMEOUT_SECONDS: "0.3" }) });
    robot.stopAnswering();
    const error = await host.execute("Start Cleaning").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect((error as Error).message).toMatch(/did not report that it took the start command within 0.3 s/);
    expect(robot.received).toHaveLength(1);
  });

  it("fails cleanly when the robot drops off the network mid-command", async () => {
    robot.stopAnswering();
    const pending = host.execute("Dock Roomba").catch((e: unknown) => e);
    await waitUntil(() => robot.received.length === 1);
    await robot.goOffline();
    const error = await pending;
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect((error as Error).message).toContain("closed the connection");
  });
});

describe("settings", () => {
  it("uses the robot login a user stored in the vault, and keeps it out of answers", async () => {
    await host.close();
    const { ROOMBA_PASSWORD: _password, ROOMBA_BLID: _blid, ...hostWide } = settings();
    host = await createTestHost({ extensions: [Roomba], settings: hostWide });
    const auth = host.services.auth;
    await auth.setSecret("bob", "roomba", "ROOMBA_BLID", BLID);
    await auth.setSecret("bob", "roomba", "ROOMBA_PASSWORD", PASSWORD);
    const result = await host.execute("Dock Roomba", {}, "bob");
    expect(result.data).toMatchObject({ command: "dock", robot: { name: "Rosie" } });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    await expect(host.execute("Dock Roomba", {}, "alice")).rejects.toMatchObject({
      code: "NOT_CONFIGURED",
      details: { missing: ["ROOMBA_BLID", "ROOMBA_PASSWORD"] },
    });
  });

  it("names the missing settings", async () => {
    await host.close();
    host = await createTestHost({ extensions: [Roomba], settings: { ROOMBA_HOST: "127.0.0.1" } });
    const error = await host.execute("Check Roomba Status").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["ROOMBA_BLID", "ROOMBA_PASSWORD"] } });
    // The BLID and password are the user's own: the advice is `agx connect`, never a host-wide variable.
    expect((error as Error).message).toContain("agx connect roomba");
    expect((error as Error).message).not.toContain("environment variables");
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
