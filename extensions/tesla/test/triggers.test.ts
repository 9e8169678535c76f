import { runPollTrigger } from "@agx-ext/testing";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeVehicle } from "./fake-fleet-api.js";
import { MODEL_3, MODEL_Y, startTeslaHarness, type TeslaHarness } from "./harness.js";

const TRIGGER = "tesla/Charging Complete";

describe.each(DATABASES)("the Charging Complete trigger on %s", (dialect) => {
  let database: TestDatabase;
  let t: TeslaHarness;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTeslaHarness({ databaseUrl: database.url });
    await t.connect("alice");
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it("reports Charging -> Complete once per session, and never wakes a sleeping car", async () => {
    const model3 = fakeVehicle(MODEL_3);
    const modelY = fakeVehicle({ ...MODEL_Y, state: "asleep" });
    model3.data.charge_state = { ...model3.data.charge_state, charging_state: "Charging", battery_level: 62, charge_limit_soc: 80, charge_energy_added: 9.5 };
    t.setVehicles([model3, modelY]);
    const first = await runPollTrigger(t.host, TRIGGER);
    expect(first.events).toEqual([]);
    expect(first.cursor).toEqual({ [MODEL_3.vin]: { state: "Charging", since: expect.any(String) }, [MODEL_Y.vin]: { state: null, since: null } });
    const still = await runPollTrigger(t.host, TRIGGER, { cursor: first.cursor });
    expect(still.cursor).toEqual(first.cursor); // the session keeps the time it was first seen

    model3.data.charge_state = { ...model3.data.charge_state, charging_state: "Complete", battery_level: 80, charge_energy_added: 14.2 };
    const done = await runPollTrigger(t.host, TRIGGER, { cursor: still.cursor });
    const since = (first.cursor as Record<string, { since: string }>)[MODEL_3.vin]!.since;
    expect(done.events).toEqual([
      {
        id: `${MODEL_3.vin}:${since}`,
        data: {
          vin: MODEL_3.vin,
          display_name: "Kool Beans",
          battery_level_percent: 80,
          charge_limit_percent: 80,
          energy_added_kwh: 14.2,
          completed_at: expect.any(String),
        },
      },
    ]);
    // The same poll again (a host that died before storing the cursor): the same event id.
    expect((await runPollTrigger(t.host, TRIGGER, { cursor: still.cursor })).events.map((e) => e.id)).toEqual([`${MODEL_3.vin}:${since}`]);
    expect((await runPollTrigger(t.host, TRIGGER, { cursor: done.cursor })).events).toEqual([]);

    const asked = t.fleet.api.requests.map((r) => `${r.method} ${r.path}`);
    expect(asked.filter((r) => r.includes(String(MODEL_Y.vin)) || r.includes(String(MODEL_Y.id)))).toEqual([]); // asleep: not read, not woken
    expect(asked.filter((r) => r.includes("wake_up"))).toEqual([]);
    expect(t.fleet.api.requests.find((r) => r.path.endsWith("/vehicle_data"))!.query.get("endpoints")).toBe("charge_state");
  });

  it("a car that falls asleep mid-charge keeps its state; a malformed cursor starts over; Tesla's errors surface", async () => {
    const model3 = fakeVehicle(MODEL_3);
    model3.data.charge_state = { ...model3.data.charge_state, charging_state: "Charging" };
    t.setVehicles([model3]);
    const charging = await runPollTrigger(t.host, TRIGGER, { cursor: "garbage" });
    model3.state = "asleep";
    const asleep = await runPollTrigger(t.host, TRIGGER, { cursor: charging.cursor });
    expect(asleep).toEqual({ events: [], cursor: charging.cursor });
    t.fleet.api.fault({ path: "/api/1/vehicles", status: 500, times: 20 }); // more than the client retries
    await expect(runPollTrigger(t.host, TRIGGER, { cursor: asleep.cursor })).rejects.toMatchObject({
      code: expect.stringMatching(/PROVIDER_ERROR|UNAVAILABLE/),
    });
  });
});
