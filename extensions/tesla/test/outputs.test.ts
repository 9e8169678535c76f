/**
 * Every command declares a title, deliberate hints and an output schema, and what it returns against the
 * fake Fleet API is exactly what that schema says (strict objects: no field more, none missing or mistyped).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readExtension, type z } from "@agx-ext/core";
import { Tesla } from "../src/index.js";
import { fakeVehicle } from "./fake-fleet-api.js";
import { MODEL_3, MODEL_Y, startTeslaHarness, type TeslaHarness } from "./harness.js";

const declared = readExtension(Tesla)!.commands;

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

/** A valid input for every command; the test below checks that none is missing. */
const VALID_INPUT: Record<string, Record<string, unknown>> = {
  "Tesla - Lock Doors": {},
  "Tesla - Unlock Doors": { vehicle_tag: "Kool Beans" },
  "Tesla - Flash Lights": {},
  "Tesla - Honk Horn": {},
  "Tesla - Remote Start": {},
  "Tesla - Actuate Trunk": { which_trunk: "front" },
  "Tesla - Open Charge Port": {},
  "Tesla - Close Charge Port": {},
  "Tesla - Start Charging": {},
  "Tesla - Stop Charging": {},
  "Tesla - Set Charge Limit": { percent: 80 },
  "Tesla - Set Charging Amps": { amps: 32 },
  "Tesla - Set Temperature": { driver_temp: 20, passenger_temp: 22.5 },
  "Tesla - Start Climate": {},
  "Tesla - Stop Climate": {},
  "Tesla - Set Seat Heater": { seat_position: "driver", level: 3 },
  "Tesla - Set Steering Wheel Heat": { enabled: false },
  "Tesla - Set Climate Keeper": { mode: 3 },
  "Tesla - Adjust Volume": { volume: 11 },
  "Tesla - Toggle Playback": {},
  "Tesla - Next Track": {},
  "Tesla - Previous Track": {},
  "Tesla - Next Favorite": {},
  "Tesla - Previous Favorite": {},
  "Tesla - Control Windows": { command: "close", lat: -33.86, lon: 151.21 },
  "Tesla - Control Sunroof": { state: "stop" },
  "Tesla - Navigate To": { lat: 0, lon: -180, order: 2 },
  "Tesla - Navigate To Supercharger": { supercharger_id: 1215 },
  "Tesla - Fart": {},
  "Tesla - Wake Vehicle": {},
  "Tesla - Check Vehicle Online": {},
  "Tesla - Get Vehicles": {},
  "Tesla - Get Vehicle State": {},
  "Tesla - Get Charge State": {},
  "Tesla - Get Climate State": {},
  "Tesla - TVCP Vehicle Pairing Guide": {},
};

/** Commands a client should confirm first: they unlock, start, open or can switch off what keeps a cabin safe. */
const DESTRUCTIVE = [
  "Tesla - Unlock Doors",
  "Tesla - Remote Start",
  "Tesla - Actuate Trunk",
  "Tesla - Open Charge Port",
  "Tesla - Control Windows",
  "Tesla - Control Sunroof",
  "Tesla - Stop Climate",
  "Tesla - Set Climate Keeper",
];

const READS = [
  "Tesla - Check Vehicle Online",
  "Tesla - Get Vehicles",
  "Tesla - Get Vehicle State",
  "Tesla - Get Charge State",
  "Tesla - Get Climate State",
  "Tesla - TVCP Vehicle Pairing Guide",
];

let h: TeslaHarness;

beforeAll(async () => {
  h = await startTeslaHarness();
  await h.connect();
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.setVehicles([fakeVehicle(MODEL_3)]);
  h.fleet.api.hostile();
});

describe("declarations", () => {
  it("every registered command has a title and an output schema, and the registry publishes them", () => {
    const entries = h.host.runtime.registry.list().filter((e) => e.extensionId === "tesla");
    expect(entries.map((e) => e.name).sort()).toEqual(declared.map((c) => c.name).sort());
    for (const entry of entries) {
      const command = declared.find((c) => c.name === entry.name)!;
      expect(command.title, entry.name).toMatch(/\S/);
      expect(entry.title, entry.name).toBe(command.title);
      expect(command.output, entry.name).toBeDefined();
      expect(entry.outputSchema, entry.name).toMatchObject({ type: "object", additionalProperties: false });
    }
  });

  it("marks exactly the unlocking, starting and opening commands destructive, and only reads as read-only", () => {
    const entries = h.host.runtime.registry.list().filter((e) => e.extensionId === "tesla");
    expect(
      entries
        .filter((e) => e.destructive)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...DESTRUCTIVE].sort());
    expect(
      entries
        .filter((e) => !e.mutates)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...READS].sort());
    // Only the pairing guide stays on the host; everything else talks to Tesla.
    expect(entries.filter((e) => !e.openWorld).map((e) => e.name)).toEqual(["Tesla - TVCP Vehicle Pairing Guide"]);
    for (const name of ["Tesla - Lock Doors", "Tesla - Set Charge Limit", "Tesla - Wake Vehicle"])
      expect(
        entries.find((e) => e.name === name),
        name,
      ).toMatchObject({ mutates: true, destructive: false, idempotent: true });
    for (const name of ["Tesla - Honk Horn", "Tesla - Actuate Trunk", "Tesla - Toggle Playback"])
      expect(entries.find((e) => e.name === name)?.idempotent, name).toBe(false);
  });

  it("has a valid input below for every command", () => {
    expect(Object.keys(VALID_INPUT).sort()).toEqual(declared.map((c) => c.name).sort());
  });
});

describe("what each command returns matches its output schema", () => {
  it.each(Object.entries(VALID_INPUT))("%s %j", async (name, input) => {
    const result = await h.host.execute(name, input);
    expect(mismatches(name, result.data)).toEqual([]);
  });

  it("a vehicle command's schema names its own Fleet API command and body, nothing else", async () => {
    const { data } = await h.host.execute("Tesla - Set Charge Limit", { percent: 75 });
    expect(mismatches("Tesla - Set Charge Limit", data)).toEqual([]);
    const record = data as Record<string, unknown>;
    expect(mismatches("Tesla - Set Charge Limit", { ...record, command: "set_charging_amps" })).not.toEqual([]);
    expect(mismatches("Tesla - Set Charge Limit", { ...record, parameters: { percent: 75, extra: 1 } })).not.toEqual([]);
    expect(mismatches("Tesla - Set Charge Limit", { ...record, surprise: true })).not.toEqual([]);
    expect(mismatches("Tesla - Lock Doors", data)).not.toEqual([]);
  });

  it("a woken vehicle's reads and commands still match (woke: true)", async () => {
    h.setVehicles([fakeVehicle({ ...MODEL_3, state: "asleep", pollsToWake: 1 })]);
    const read = await h.host.execute("Tesla - Get Climate State", {});
    expect(read.data).toMatchObject({ woke: true });
    expect(mismatches("Tesla - Get Climate State", read.data)).toEqual([]);
    h.fleet.vehicles[0]!.state = "asleep";
    h.fleet.vehicles[0]!.pollsToWake = 1;
    const command = await h.host.execute("Tesla - Navigate To Supercharger", { supercharger_id: 7, order: 0 });
    expect(command.data).toMatchObject({ woke: true });
    expect(mismatches("Tesla - Navigate To Supercharger", command.data)).toEqual([]);
  });

  it("Get Vehicles with a sleeping car, a car reporting nothing and an unreadable entry matches (nulls, skipped)", async () => {
    const silent = fakeVehicle(MODEL_Y);
    silent.data = { charge_state: {}, climate_state: {}, vehicle_state: {} };
    h.setVehicles([fakeVehicle({ ...MODEL_3, state: "asleep" }), silent]);
    h.fleet.api.hostile({ path: "/api/1/vehicles", malformedItems: "response" });
    const { data } = await h.host.execute("Tesla - Get Vehicles", {});
    h.fleet.api.hostile();
    expect(data).toMatchObject({
      skipped: expect.any(Number),
      vehicles: [
        { vin: MODEL_3.vin, charge: null, climate: null, vehicleState: null },
        { vin: MODEL_Y.vin, charge: { batteryLevelPercent: null }, climate: { insideTempC: null }, vehicleState: { locked: null } },
      ],
    });
    expect((data as { skipped: number }).skipped).toBeGreaterThan(0);
    expect(mismatches("Tesla - Get Vehicles", data)).toEqual([]);
  });
});

describe("through the command proxy", () => {
  let proxied: TeslaHarness;

  beforeAll(async () => {
    proxied = await startTeslaHarness({ withProxy: true });
    await proxied.connect();
    proxied.fleet.pairedVins.add(MODEL_3.vin);
  });

  afterEach(() => proxied.fleet.api.hostile());

  afterAll(async () => {
    await proxied?.close();
  });

  it("a signed command's answer matches (via: command proxy)", async () => {
    const { data } = await proxied.host.execute("Tesla - Unlock Doors", {});
    expect(data).toMatchObject({ via: "command proxy" });
    expect(mismatches("Tesla - Unlock Doors", data)).toEqual([]);
  });

  it("the pairing guide with a proxy configured matches", async () => {
    const { data } = await proxied.host.execute("Tesla - TVCP Vehicle Pairing Guide", {});
    expect(data).toMatchObject({ commandProxyConfigured: true });
    expect(mismatches("Tesla - TVCP Vehicle Pairing Guide", data)).toEqual([]);
  });
});
