import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeVehicle } from "./fake-fleet-api.js";
import { MODEL_3, MODEL_Y, startTeslaHarness, type TeslaHarness } from "./harness.js";

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
  h.fleet.api.clearFaults();
  h.fleet.api.requests.splice(0); // each test counts its own requests
});

const car = () => h.fleet.vehicles[0]!;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// [command, input, Fleet API command, body it must carry, what the answer says]
const COMMANDS: Array<[string, Record<string, unknown>, string, Record<string, unknown>, string]> = [
  ["Tesla - Lock Doors", {}, "door_lock", {}, "Locked the doors"],
  ["Tesla - Unlock Doors", {}, "door_unlock", {}, "Unlocked the doors"],
  ["Tesla - Flash Lights", {}, "flash_lights", {}, "Flashed the lights"],
  ["Tesla - Honk Horn", {}, "honk_horn", {}, "Honked the horn"],
  ["Tesla - Remote Start", {}, "remote_start_drive", {}, "Enabled keyless driving"],
  ["Tesla - Actuate Trunk", { which_trunk: "rear" }, "actuate_trunk", { which_trunk: "rear" }, "Actuated the rear trunk"],
  ["Tesla - Open Charge Port", {}, "charge_port_door_open", {}, "Opened the charge port"],
  ["Tesla - Close Charge Port", {}, "charge_port_door_close", {}, "Closed the charge port"],
  [
    "Tesla - Set Temperature",
    { driver_temp: 21.5 },
    "set_temps",
    { driver_temp: 21.5, passenger_temp: 21.5 },
    "Set the cabin to 21.5 °C driver / 21.5 °C passenger",
  ],
  ["Tesla - Start Climate", {}, "auto_conditioning_start", {}, "Turned climate control on"],
  ["Tesla - Stop Climate", {}, "auto_conditioning_stop", {}, "Turned climate control off"],
  [
    "Tesla - Set Seat Heater",
    { seat_position: "rear_center", level: 2 },
    "remote_seat_heater_request",
    { heater: 4, level: 2 },
    "Set the rear_center seat heater (index 4) to level 2",
  ],
  [
    "Tesla - Set Seat Heater",
    { seat_position: 1, level: 0 },
    "remote_seat_heater_request",
    { heater: 1, level: 0 },
    "Set the 1 seat heater (index 1) to level 0",
  ],
  ["Tesla - Set Steering Wheel Heat", { enabled: true }, "remote_steering_wheel_heater_request", { on: true }, "Turned the steering wheel heater on"],
  ["Tesla - Set Climate Keeper", { mode: "dog" }, "set_climate_keeper_mode", { climate_keeper_mode: 2 }, "Set climate keeper to dog mode"],
  ["Tesla - Start Charging", {}, "charge_start", {}, "Started charging"],
  ["Tesla - Stop Charging", {}, "charge_stop", {}, "Stopped charging"],
  ["Tesla - Set Charge Limit", { percent: 90 }, "set_charge_limit", { percent: 90 }, "Set the charge limit to 90%"],
  ["Tesla - Set Charging Amps", { amps: 16 }, "set_charging_amps", { charging_amps: 16 }, "Set the charging current to 16 A"],
  ["Tesla - Adjust Volume", { volume: 4.5 }, "adjust_volume", { volume: 4.5 }, "Set the volume to 4.5"],
  ["Tesla - Toggle Playback", {}, "media_toggle_playback", {}, "Toggled media playback"],
  ["Tesla - Next Track", {}, "media_next_track", {}, "Skipped to the next track"],
  ["Tesla - Previous Track", {}, "media_prev_track", {}, "Went back to the previous track"],
  ["Tesla - Next Favorite", {}, "media_next_fav", {}, "Switched to the next favorite"],
  ["Tesla - Previous Favorite", {}, "media_prev_fav", {}, "Switched to the previous favorite"],
  ["Tesla - Control Windows", { command: "vent" }, "window_control", { command: "vent" }, "Vented the windows"],
  [
    "Tesla - Control Windows",
    { command: "close", lat: 37.49, lon: -121.94 },
    "window_control",
    { command: "close", lat: 37.49, lon: -121.94 },
    "Closed the windows",
  ],
  ["Tesla - Control Sunroof", { state: "vent" }, "sun_roof_control", { state: "vent" }, "Vented the sunroof"],
  [
    "Tesla - Navigate To",
    { lat: 52.52, lon: 13.405 },
    "navigation_gps_request",
    { lat: 52.52, lon: 13.405, order: 0 },
    "Sent the destination 52.52, 13.405 to navigation",
  ],
  [
    "Tesla - Navigate To Supercharger",
    { supercharger_id: 1215, order: 1 },
    "navigation_sc_request",
    { id: 1215, order: 1 },
    "Sent Supercharger 1215 to navigation",
  ],
  ["Tesla - Fart", {}, "remote_boombox", { sound: 0 }, "Played a fart sound"],
];

describe("vehicle commands", () => {
  it.each(COMMANDS)("%s %j sends %s", async (name, input, command, body, said) => {
    const result = await h.host.execute(name, input);
    const request = h.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/command/${command}`, "POST");
    expect(request).toHaveLength(1);
    expect(request[0]!.body ?? {}).toEqual(body);
    expect(car().executed).toEqual([{ name: command, body, signed: false }]);
    expect(result.data).toMatchObject({
      vehicle: { id: String(MODEL_3.id), vin: MODEL_3.vin, name: "Kool Beans" },
      command,
      parameters: body,
      result: true,
      woke: false,
      via: "Fleet API",
    });
    expect(result.markdown).toMatch(new RegExp(`^${escape(said)}.* on Kool Beans \\(${MODEL_3.vin}\\)\\.$`));
  });

  it("changes what the car reports: lock, then read the state back", async () => {
    car().data.vehicle_state!.locked = false;
    await h.host.execute("Tesla - Lock Doors", {});
    const state = await h.host.execute("Tesla - Get Vehicle State", {});
    expect(state.data).toMatchObject({ locked: true });
  });
});

describe("input validation happens before any request", () => {
  const INVALID: Array<[string, Record<string, unknown>, string]> = [
    ["Tesla - Set Temperature", { driver_temp: 35 }, "driver_temp"],
    ["Tesla - Set Temperature", { driver_temp: 20, passenger_temp: 10 }, "passenger_temp"],
    ["Tesla - Set Charge Limit", { percent: 49 }, "percent"],
    ["Tesla - Set Charge Limit", { percent: 101 }, "percent"],
    ["Tesla - Set Charge Limit", { percent: "80" }, "percent"],
    ["Tesla - Set Charging Amps", { amps: 0 }, "amps"],
    ["Tesla - Set Charging Amps", { amps: 49 }, "amps"],
    ["Tesla - Set Charging Amps", { amps: 12.5 }, "amps"],
    ["Tesla - Set Seat Heater", { seat_position: "roof", level: 1 }, "seat_position"],
    ["Tesla - Set Seat Heater", { seat_position: 9, level: 1 }, "seat_position"],
    ["Tesla - Set Seat Heater", { seat_position: "driver", level: 4 }, "level"],
    ["Tesla - Adjust Volume", { volume: 11.5 }, "volume"],
    ["Tesla - Adjust Volume", { volume: -1 }, "volume"],
    ["Tesla - Control Windows", { command: "open" }, "command"],
    ["Tesla - Control Windows", { command: "close", lat: 37.49 }, "lon"],
    ["Tesla - Control Windows", { command: "close", lat: 91, lon: 0 }, "lat"],
    ["Tesla - Control Sunroof", { state: "open" }, "state"],
    ["Tesla - Navigate To", { lat: 10 }, "lon"],
    ["Tesla - Navigate To", { lat: 10, lon: 181 }, "lon"],
    ["Tesla - Navigate To Supercharger", { supercharger_id: -3 }, "supercharger_id"],
    ["Tesla - Actuate Trunk", { which_trunk: "side" }, "which_trunk"],
    ["Tesla - Set Climate Keeper", { mode: "party" }, "mode"],
    ["Tesla - Set Steering Wheel Heat", { enabled: "yes" }, "enabled"],
    ["Tesla - Lock Doors", { vehicle_tag: "" }, "vehicle_tag"],
  ];

  it.each(INVALID)("%s %j names %s", async (name, input, field) => {
    const before = h.fleet.api.requests.length;
    await expect(h.host.execute(name, input)).rejects.toMatchObject({ code: "INVALID_INPUT", details: { fields: [field] } });
    expect(h.fleet.api.requests.length).toBe(before);
  });
});

describe("choosing the vehicle", () => {
  beforeEach(() => h.setVehicles([fakeVehicle(MODEL_3), fakeVehicle(MODEL_Y)]));

  it("asks which vehicle when the account has several", async () => {
    const error = await h.host.execute("Tesla - Honk Horn", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_INPUT", details: { fields: ["vehicle_tag"] } });
    expect((error as Error).message).toContain(`Kool Beans (${MODEL_3.vin}), Road Runner (${MODEL_Y.vin})`);
    expect(h.fleet.vehicles.flatMap((v) => v.executed)).toEqual([]);
  });

  it.each([
    ["VIN in any case", MODEL_Y.vin.toLowerCase()],
    ["id", String(MODEL_Y.id)],
    ["display name", "road runner"],
  ])("finds a vehicle by %s", async (_how, tag) => {
    const result = await h.host.execute("Tesla - Flash Lights", { vehicle_tag: tag });
    expect(result.data).toMatchObject({ vehicle: { vin: MODEL_Y.vin } });
    expect(h.fleet.vehicles[1]!.executed).toHaveLength(1);
    expect(h.fleet.vehicles[0]!.executed).toHaveLength(0);
  });

  it("says which vehicles exist for an unknown tag", async () => {
    await expect(h.host.execute("Tesla - Flash Lights", { vehicle_tag: "Herbie" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining('No vehicle "Herbie"'),
    });
  });
});

describe("state reads", () => {
  it("Get Charge State asks only for charge_state and shapes the numbers", async () => {
    const result = await h.host.execute("Tesla - Get Charge State", {});
    const call = h.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/vehicle_data`).at(-1)!;
    expect(call.query.get("endpoints")).toBe("charge_state");
    expect(result.data).toMatchObject({
      vehicle: { vin: MODEL_3.vin },
      woke: false,
      batteryLevelPercent: 80,
      usableBatteryLevelPercent: 80,
      chargeLimitPercent: 80,
      chargingState: "Complete",
      chargePortDoorOpen: true,
      ratedRangeMiles: 276.41,
      estimatedRangeMiles: 227.57,
      chargeCurrentRequestMaxAmps: 16,
    });
    expect(result.markdown).toContain("battery 80% (limit 80%), 276.41 mi rated range");
  });

  it("Get Climate State reports °C with °F beside", async () => {
    const result = await h.host.execute("Tesla - Get Climate State", {});
    expect(h.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/vehicle_data`).at(-1)!.query.get("endpoints")).toBe("climate_state");
    expect(result.data).toMatchObject({
      insideTempC: 24.2,
      insideTempF: 75.6,
      outsideTempC: 21.5,
      driverTempSettingC: 22,
      climateOn: false,
      climateKeeperMode: "off",
      seatHeaters: { driver: 0, passenger: 0 },
    });
  });

  it("Get Vehicle State reads locks, openings, odometer and software", async () => {
    car().data.vehicle_state!.rt = 1;
    const result = await h.host.execute("Tesla - Get Vehicle State", {});
    expect(result.data).toMatchObject({
      locked: true,
      doorsOpen: { driverFront: false, passengerRear: false },
      trunkOpen: { front: false, rear: true },
      odometerMiles: 11643,
      sentryMode: true,
      softwareVersion: "2023.38.6 c1f85ddb415f",
    });
    expect(result.markdown).toContain("open trunks: rear");
  });

  it("Get Vehicles lists every vehicle and reads live data only from awake ones", async () => {
    h.setVehicles([fakeVehicle(MODEL_3), fakeVehicle({ ...MODEL_Y, state: "asleep" })]);
    const result = await h.host.execute("Tesla - Get Vehicles", {});
    const data = result.data as { count: number; vehicles: Array<Record<string, any>> };
    expect(data.count).toBe(2);
    expect(data.vehicles[0]).toMatchObject({ vin: MODEL_3.vin, model: "Model 3", modelYear: 2019, state: "online", charge: { batteryLevelPercent: 80 } });
    expect(data.vehicles[1]).toMatchObject({ vin: MODEL_Y.vin, model: "Model Y", modelYear: 2023, state: "asleep", charge: null });
    expect(h.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_Y.vin}/wake_up`)).toHaveLength(0);
    expect(h.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_Y.vin}/vehicle_data`)).toHaveLength(0);
    expect(result.markdown).toContain("| Road Runner | 7SAYGDEE5PF123456 | 1492939999 | Model Y | 2023 | asleep |");
    expect(result.markdown).toContain("Vehicle is asleep: live data is not read so as not to wake it.");
  });

  it("Get Vehicles says when the account has none", async () => {
    h.setVehicles([]);
    const result = await h.host.execute("Tesla - Get Vehicles", {});
    expect(result).toEqual({ data: { count: 0, vehicles: [], skipped: 0, truncated: false }, markdown: "No Tesla vehicles found in your account." });
  });

  it("Check Vehicle Online answers from the vehicle list without waking the car", async () => {
    car().state = "asleep";
    const result = await h.host.execute("Tesla - Check Vehicle Online", {});
    expect(result.data).toMatchObject({ online: false, state: "asleep" });
    expect(h.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/wake_up`)).toHaveLength(0);
  });
});

describe("pairing guide", () => {
  it("gives the steps for the configured domain without calling Tesla", async () => {
    const before = h.fleet.api.requests.length;
    const result = await h.host.execute("Tesla - TVCP Vehicle Pairing Guide", {});
    expect(result.data).toMatchObject({
      domain: "agx.example.com",
      pairingUrl: "https://tesla.com/_ak/agx.example.com",
      publicKeyUrl: "https://agx.example.com/.well-known/appspecific/com.tesla.3p.public-key.pem",
      commandProxyConfigured: false,
    });
    expect(result.markdown).toContain("Set TESLA_COMMAND_PROXY_URL");
    expect(h.fleet.api.requests.length).toBe(before);
  });
});
