/**
 * A robot (or something on its port) that misbehaves over MQTT: malformed state documents, fields of
 * the wrong shape, silence, dropped connections. Each case ends in a correct answer or a clear
 * PROVIDER_ERROR within the configured timeout, never INTERNAL.
 */
import { describe, expect, it } from "vitest";
import { failure, robotHostPerTest } from "./harness.js";

const startHost = robotHostPerTest();
const robotHost = (settings: Record<string, string> = {}) => startHost({ settings });

describe("malformed state documents", () => {
  it("ignores messages that are not shadow updates, or whose fields have the wrong shape, when good ones follow", async () => {
    const { host, robot } = await robotHost();
    robot.noise = [
      "not json at all",
      "null",
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ state: { reported: "garbage" } }),
      JSON.stringify({ state: { reported: { batPct: "full", cleanMissionStatus: "garbage", bin: 7, name: { first: "R" } } } }),
      '{"state":{"reported":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}}',
      JSON.stringify({ state: { reported: { junk: "x".repeat(2_000_000) } } }),
    ];
    const result = await host.execute("Check Roomba Status");
    expect(result.data).toMatchObject({ robot: { name: "Rosie" }, batteryPercent: 87, phase: "charge", binFull: false });
    expect(result.data).not.toHaveProperty("unreadableFields");
    expect(JSON.stringify(result).length).toBeLessThan(5_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("leaves out fields the robot reports in the wrong shape, and says which", async () => {
    const { host, robot } = await robotHost();
    robot.state.bin = "garbage";
    robot.state.sku = 42;
    const result = await host.execute("Check Roomba Status");
    expect(result.data).toMatchObject({ batteryPercent: 87, binFull: null, robot: { sku: null }, unreadableFields: ["bin", "sku"] });
    expect(result.markdown).toContain("(The robot reported bin, sku in a form this extension cannot read; they are left out.)");
  });

  it.each([
    ["too far in the future", 1e20],
    ["not a number", "yesterday"],
    ["negative", -5],
  ])("a mission start time %s reads as unknown", async (_case, mssnStrtTm) => {
    const { host, robot } = await robotHost();
    robot.state.cleanMissionStatus = { ...(robot.state.cleanMissionStatus as object), mssnStrtTm };
    const result = await host.execute("Get Cleaning History");
    expect(result.data).toMatchObject({ lastMission: { startedAt: null, number: 211 }, lifetime: { missions: 211 } });
  });

  it("wrongly typed counters read as unknown instead of failing the report", async () => {
    const { host, robot } = await robotHost();
    robot.state.bbrun = { hr: "many", min: 41, sqft: null };
    robot.state.bbchg3 = { estCap: "big", nLithChrg: 240 };
    const history = await host.execute("Get Cleaning History");
    expect(history.data).toMatchObject({ lifetime: { cleaningHours: null, cleaningMinutes: 41, areaSqFt: null } });
    const battery = await host.execute("Get Battery Status");
    expect(battery.data).toMatchObject({ estimatedCapacityMah: null, chargeCycles: 240 });
  });

  it("a field a command needs that only ever comes malformed: a clear PROVIDER_ERROR naming it, after the timeout", async () => {
    const { host, robot } = await robotHost({ ROOMBA_TIMEOUT_SECONDS: "0.3" });
    robot.state.batPct = "full";
    const error = await failure(host.execute("Get Battery Status"));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { unreadableFields: ["batPct"] } });
    expect(error?.message).toContain("did not report its battery within 0.3 s. It reported batPct in a form this extension cannot read.");
  });

  it("does not rewrite a schedule it cannot read whole (that would lose entries)", async () => {
    const { host, robot } = await robotHost();
    delete robot.state.cleanSchedule;
    robot.state.cleanSchedule2 = [
      { enabled: true, type: 0, start: { day: [1], hour: 10, min: 0 }, cmd: { command: "start" } },
      { enabled: true, start: { day: ["monday"], hour: 25 } },
    ];
    const error = await failure(host.execute("Schedule Cleaning", { day_of_week: "friday", hour: 8 }));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { skippedScheduleEntries: 1 } });
    expect(error?.message).toContain("nothing was changed");
    expect(robot.received).toEqual([]);
  });

  it("keeps keys of schedule entries it does not know when it rewrites the schedule", async () => {
    const { host, robot } = await robotHost();
    delete robot.state.cleanSchedule;
    const entry = {
      enabled: true,
      type: 0,
      start: { day: [2], hour: 7, min: 5, tz: "Europe/Berlin" },
      cmd: { command: "start", regions: [{ id: "3" }] },
      rid: "a1",
    };
    robot.state.cleanSchedule2 = [entry];
    await host.execute("Schedule Cleaning", { day_of_week: "friday", hour: 8 });
    expect((robot.received[0]?.payload as { state: { cleanSchedule2: unknown[] } }).state.cleanSchedule2[0]).toEqual(entry);
  });
});

describe("silence and dropped connections", () => {
  it("a robot that logs the client in but never reports: PROVIDER_ERROR after the timeout", async () => {
    const { host, robot } = await robotHost({ ROOMBA_TIMEOUT_SECONDS: "0.3" });
    robot.silent = true;
    const started = Date.now();
    const error = await failure(host.execute("Check Roomba Status"));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toContain("did not report its status within 0.3 s");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a robot that drops the connection right after the login: PROVIDER_ERROR", async () => {
    const { host, robot } = await robotHost();
    robot.dropOnSubscribe = true;
    const error = await failure(host.execute("Dock Roomba"));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(error?.message).toMatch(/closed the connection|Could not reach/);
    expect(robot.received).toEqual([]);
  });
});
