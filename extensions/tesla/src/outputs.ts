import { z } from "@agx-ext/core";

/*
 * What every command returns as `data`, as zod schemas: the host publishes them (MCP outputSchema,
 * OpenAPI), and the views are typed from them so the two cannot drift apart. Objects are strict: the
 * published JSON Schema says no other properties, so none may appear.
 */

const nullableNumber = z.number().nullable();
const nullableBoolean = z.boolean().nullable();
const nullableText = z.string().nullable();

/** The vehicle a command acted on or read. */
const vehicleRefOutput = z.strictObject({
  id: z.string().describe("Tesla's vehicle id (exact, as a string)"),
  vin: z.string(),
  name: nullableText.describe("the display name, if the owner set one"),
});

/** Live `vehicle_state`; null where the vehicle did not report a field. */
const vehicleStateView = z.strictObject({
  locked: nullableBoolean,
  doorsOpen: z.strictObject({ driverFront: nullableBoolean, driverRear: nullableBoolean, passengerFront: nullableBoolean, passengerRear: nullableBoolean }),
  windowsOpen: z.strictObject({ driverFront: nullableBoolean, driverRear: nullableBoolean, passengerFront: nullableBoolean, passengerRear: nullableBoolean }),
  trunkOpen: z.strictObject({ front: nullableBoolean, rear: nullableBoolean }),
  odometerMiles: nullableNumber,
  sentryMode: nullableBoolean,
  valetMode: nullableBoolean,
  userPresent: nullableBoolean,
  softwareVersion: nullableText,
  softwareUpdate: z.strictObject({ status: nullableText, version: nullableText }),
  vehicleName: nullableText,
});
/** The vehicle state "Tesla - Get Vehicle State" reports, typed from its schema. */
export type VehicleStateView = z.output<typeof vehicleStateView>;

/** Live `charge_state` (miles, kW, A, V as Tesla reports them); null where the vehicle did not report a field. */
const chargeStateView = z.strictObject({
  batteryLevelPercent: nullableNumber,
  usableBatteryLevelPercent: nullableNumber,
  chargeLimitPercent: nullableNumber,
  chargingState: nullableText.describe('e.g. "Charging", "Complete", "Disconnected", "Stopped"'),
  minutesToFullCharge: nullableNumber,
  chargeRateMilesPerHour: nullableNumber,
  chargerPowerKw: nullableNumber,
  chargerVoltage: nullableNumber,
  chargerActualCurrentAmps: nullableNumber,
  chargeCurrentRequestAmps: nullableNumber,
  chargeCurrentRequestMaxAmps: nullableNumber,
  chargePortDoorOpen: nullableBoolean,
  chargePortLatch: nullableText,
  ratedRangeMiles: nullableNumber,
  estimatedRangeMiles: nullableNumber,
  idealRangeMiles: nullableNumber,
  energyAddedKwh: nullableNumber,
});
/** The charge state "Tesla - Get Charge State" reports, typed from its schema. */
export type ChargeStateView = z.output<typeof chargeStateView>;

/** Live `climate_state` in °C (°F beside the temperatures); null where the vehicle did not report a field. */
const climateStateView = z.strictObject({
  insideTempC: nullableNumber,
  insideTempF: nullableNumber,
  outsideTempC: nullableNumber,
  outsideTempF: nullableNumber,
  driverTempSettingC: nullableNumber,
  passengerTempSettingC: nullableNumber,
  minAvailableTempC: nullableNumber,
  maxAvailableTempC: nullableNumber,
  climateOn: nullableBoolean,
  autoConditioningOn: nullableBoolean,
  preconditioning: nullableBoolean,
  fanStatus: nullableNumber,
  seatHeaters: z.strictObject({
    driver: nullableNumber,
    passenger: nullableNumber,
    rearLeft: nullableNumber,
    rearCenter: nullableNumber,
    rearRight: nullableNumber,
  }),
  steeringWheelHeater: nullableBoolean,
  climateKeeperMode: nullableText,
  cabinOverheatProtection: nullableText,
});
/** The climate state "Tesla - Get Climate State" reports, typed from its schema. */
export type ClimateStateView = z.output<typeof climateStateView>;

/** One vehicle of "Get Vehicles": the list entry, plus live data when the vehicle was awake (else null). */
const vehicleSummaryView = vehicleRefOutput.extend({
  model: nullableText.describe("decoded from the VIN"),
  modelYear: z.number().int().nullable().describe("decoded from the VIN"),
  state: z.string().describe('"online", "asleep" or "offline"'),
  commandSigning: nullableText,
  charge: chargeStateView.nullable(),
  climate: climateStateView.nullable(),
  vehicleState: vehicleStateView.nullable(),
});
/** One vehicle as "Tesla - Get Vehicles" reports it, typed from its schema. */
export type VehicleSummaryView = z.output<typeof vehicleSummaryView>;

/** Whether a read or command had to wake the vehicle first. */
const woke = z.boolean().describe("true when the vehicle was asleep or offline and was woken first");

/** What every vehicle command answers; each command narrows `command` and `parameters`. */
const vehicleCommandOutput = z.strictObject({
  vehicle: vehicleRefOutput,
  command: z.string().describe("the Fleet API command sent"),
  parameters: z.record(z.string(), z.unknown()).describe("the body sent with it"),
  result: z.literal(true).describe("the vehicle accepted the command (a refusal is a CONFLICT error instead)"),
  reason: nullableText.describe("what the vehicle added, if anything"),
  woke,
  via: z.enum(["command proxy", "Fleet API"]),
});
/** What every vehicle command answers, typed from its schema (each command narrows command and parameters). */
export type VehicleCommandOutput = z.output<typeof vehicleCommandOutput>;

/** A vehicle command's output: `command` is the Fleet API command's name, `parameters` exactly its body. */
function commandOutput<P extends z.ZodRawShape>(command: string, parameters: P) {
  return vehicleCommandOutput.extend({
    command: z.literal(command).describe("the Fleet API command sent"),
    parameters: z.strictObject(parameters).describe("the body sent with it"),
  });
}

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const order = z.number().int().min(0);

/** Every command's output schema, by command; the extension's methods return their data. */
export const outputs = {
  doorLock: commandOutput("door_lock", {}),
  doorUnlock: commandOutput("door_unlock", {}),
  flashLights: commandOutput("flash_lights", {}),
  honkHorn: commandOutput("honk_horn", {}),
  remoteStart: commandOutput("remote_start_drive", {}),
  actuateTrunk: commandOutput("actuate_trunk", { which_trunk: z.enum(["front", "rear"]) }),
  chargePortOpen: commandOutput("charge_port_door_open", {}),
  chargePortClose: commandOutput("charge_port_door_close", {}),
  chargeStart: commandOutput("charge_start", {}),
  chargeStop: commandOutput("charge_stop", {}),
  chargeLimit: commandOutput("set_charge_limit", { percent: z.number().int().min(50).max(100) }),
  chargingAmps: commandOutput("set_charging_amps", { charging_amps: z.number().int().min(1).max(48) }),
  temperature: commandOutput("set_temps", { driver_temp: z.number(), passenger_temp: z.number() }),
  climateStart: commandOutput("auto_conditioning_start", {}),
  climateStop: commandOutput("auto_conditioning_stop", {}),
  seatHeater: commandOutput("remote_seat_heater_request", { heater: z.number().int().min(0).max(8), level: z.number().int().min(0).max(3) }),
  steeringWheelHeat: commandOutput("remote_steering_wheel_heater_request", { on: z.boolean() }),
  climateKeeper: commandOutput("set_climate_keeper_mode", { climate_keeper_mode: z.number().int().min(0).max(3) }),
  volume: commandOutput("adjust_volume", { volume: z.number().min(0).max(11) }),
  togglePlayback: commandOutput("media_toggle_playback", {}),
  nextTrack: commandOutput("media_next_track", {}),
  previousTrack: commandOutput("media_prev_track", {}),
  nextFavorite: commandOutput("media_next_fav", {}),
  previousFavorite: commandOutput("media_prev_fav", {}),
  windows: commandOutput("window_control", { command: z.enum(["vent", "close"]), lat: latitude.optional(), lon: longitude.optional() }),
  sunroof: commandOutput("sun_roof_control", { state: z.enum(["vent", "close", "stop"]) }),
  navigate: commandOutput("navigation_gps_request", { lat: latitude, lon: longitude, order }),
  supercharger: commandOutput("navigation_sc_request", { id: z.number().int().positive(), order }),
  fart: commandOutput("remote_boombox", { sound: z.literal(0) }),

  wake: z.strictObject({ vehicle: vehicleRefOutput, state: z.string().describe("the state it reached: online"), woke }),
  online: z.strictObject({
    vehicle: vehicleRefOutput,
    online: z.boolean(),
    state: z.string().describe('"online", "asleep" or "offline", as the vehicle list says'),
  }),
  vehicles: z.strictObject({
    count: z.number().int().min(0),
    vehicles: z.array(vehicleSummaryView),
    skipped: z.number().int().min(0).describe("vehicle list entries that could not be read and were left out"),
    truncated: z.boolean().describe("true when the vehicle list had more pages than are read"),
  }),
  vehicleState: vehicleStateView.extend({ vehicle: vehicleRefOutput, woke }),
  chargeState: chargeStateView.extend({ vehicle: vehicleRefOutput, woke }),
  climateState: climateStateView.extend({ vehicle: vehicleRefOutput, woke }),
  pairingGuide: z.strictObject({
    domain: z.string(),
    publicKeyUrl: z.string(),
    pairingUrl: z.string(),
    commandProxyConfigured: z.boolean(),
    steps: z.array(z.string()),
  }),
};
