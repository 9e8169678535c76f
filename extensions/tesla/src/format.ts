import { roundTo } from "@agx-ext/core";
import type { VehicleData } from "./fleet-api.js";
import { vehicleLabel, vehicleRef, type Vehicle } from "./vehicles.js";
import { decodeVin } from "./vin.js";
import type { ChargeStateView, ClimateStateView, VehicleStateView, VehicleSummaryView } from "./outputs.js";

type Section = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
/** Door, trunk and window fields are 0 when closed and a non-zero code when open or partly open. */
const open = (v: unknown): boolean | null => (typeof v === "number" ? v !== 0 : null);
const fahrenheit = (c: number | null): number | null => (c === null ? null : Math.round(((c * 9) / 5) * 10 + 320) / 10);
/** A section of vehicle_data as an object; anything else Tesla might send there reads as empty. */
const section = (v: unknown): Section => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Section) : {});
const show = (v: unknown, unit = ""): string => (v === null || v === undefined ? "unknown" : `${String(v)}${unit}`);

/** The vehicle state view of a vehicle_data answer. */
export function vehicleState(data: VehicleData): VehicleStateView {
  const s = section(data.vehicle_state);
  const update = section(s.software_update);
  const odometer = num(s.odometer);
  return {
    locked: bool(s.locked),
    doorsOpen: { driverFront: open(s.df), driverRear: open(s.dr), passengerFront: open(s.pf), passengerRear: open(s.pr) },
    windowsOpen: { driverFront: open(s.fd_window), driverRear: open(s.rd_window), passengerFront: open(s.fp_window), passengerRear: open(s.rp_window) },
    trunkOpen: { front: open(s.ft), rear: open(s.rt) },
    odometerMiles: odometer === null ? null : roundTo(odometer, 1),
    sentryMode: bool(s.sentry_mode),
    valetMode: bool(s.valet_mode),
    userPresent: bool(s.is_user_present),
    softwareVersion: text(s.car_version),
    softwareUpdate: { status: text(update.status), version: text(update.version) },
    vehicleName: text(s.vehicle_name) ?? text(data.display_name),
  };
}

/** The vehicle state as markdown for people. */
export function vehicleStateMarkdown(label: string, v: VehicleStateView): string {
  const openOnes = (group: Record<string, boolean | null>) =>
    Object.entries(group)
      .filter(([, isOpen]) => isOpen)
      .map(([k]) => k);
  const doors = openOnes(v.doorsOpen);
  const windows = openOnes(v.windowsOpen);
  const trunks = openOnes(v.trunkOpen);
  return [
    `**${label}**: ${v.locked === null ? "lock state unknown" : v.locked ? "locked" : "unlocked"}`,
    `- Open doors: ${doors.length ? doors.join(", ") : "none"}; open windows: ${windows.length ? windows.join(", ") : "none"}; open trunks: ${trunks.length ? trunks.join(", ") : "none"}`,
    `- Odometer: ${show(v.odometerMiles, " mi")}; sentry mode: ${v.sentryMode ? "on" : "off"}`,
    `- Software: ${show(v.softwareVersion)}${v.softwareUpdate.status ? ` (update ${v.softwareUpdate.status}${v.softwareUpdate.version ? ` to ${v.softwareUpdate.version}` : ""})` : ""}`,
  ].join("\n");
}

/** The charge state view of a vehicle_data answer. */
export function chargeState(data: VehicleData): ChargeStateView {
  const c = section(data.charge_state);
  return {
    batteryLevelPercent: num(c.battery_level),
    usableBatteryLevelPercent: num(c.usable_battery_level),
    chargeLimitPercent: num(c.charge_limit_soc),
    chargingState: text(c.charging_state),
    minutesToFullCharge: num(c.minutes_to_full_charge),
    chargeRateMilesPerHour: num(c.charge_rate),
    chargerPowerKw: num(c.charger_power),
    chargerVoltage: num(c.charger_voltage),
    chargerActualCurrentAmps: num(c.charger_actual_current),
    chargeCurrentRequestAmps: num(c.charge_current_request),
    chargeCurrentRequestMaxAmps: num(c.charge_current_request_max),
    chargePortDoorOpen: bool(c.charge_port_door_open),
    chargePortLatch: text(c.charge_port_latch),
    ratedRangeMiles: num(c.battery_range),
    estimatedRangeMiles: num(c.est_battery_range),
    idealRangeMiles: num(c.ideal_battery_range),
    energyAddedKwh: num(c.charge_energy_added),
  };
}

/** The charge state as markdown for people. */
export function chargeStateMarkdown(label: string, c: ChargeStateView): string {
  const lines = [
    `**${label}**: battery ${show(c.batteryLevelPercent, "%")} (limit ${show(c.chargeLimitPercent, "%")}), ${show(c.ratedRangeMiles, " mi")} rated range`,
    `- Charging: ${show(c.chargingState)}; charge port door ${c.chargePortDoorOpen ? "open" : "closed"}`,
  ];
  if (c.chargingState === "Charging")
    lines.push(`- ${show(c.chargerPowerKw, " kW")} at ${show(c.chargerActualCurrentAmps, " A")}, full in ${show(c.minutesToFullCharge, " min")}`);
  return lines.join("\n");
}

/** The climate state view of a vehicle_data answer. */
export function climateState(data: VehicleData): ClimateStateView {
  const c = section(data.climate_state);
  const insideC = num(c.inside_temp);
  const outsideC = num(c.outside_temp);
  const driverC = num(c.driver_temp_setting);
  const passengerC = num(c.passenger_temp_setting);
  return {
    insideTempC: insideC,
    insideTempF: fahrenheit(insideC),
    outsideTempC: outsideC,
    outsideTempF: fahrenheit(outsideC),
    driverTempSettingC: driverC,
    passengerTempSettingC: passengerC,
    minAvailableTempC: num(c.min_avail_temp),
    maxAvailableTempC: num(c.max_avail_temp),
    climateOn: bool(c.is_climate_on),
    autoConditioningOn: bool(c.is_auto_conditioning_on),
    preconditioning: bool(c.is_preconditioning),
    fanStatus: num(c.fan_status),
    seatHeaters: {
      driver: num(c.seat_heater_left),
      passenger: num(c.seat_heater_right),
      rearLeft: num(c.seat_heater_rear_left),
      rearCenter: num(c.seat_heater_rear_center),
      rearRight: num(c.seat_heater_rear_right),
    },
    steeringWheelHeater: bool(c.steering_wheel_heater),
    climateKeeperMode: text(c.climate_keeper_mode),
    cabinOverheatProtection: text(c.cabin_overheat_protection),
  };
}

/** The climate state as markdown for people. */
export function climateStateMarkdown(label: string, c: ClimateStateView): string {
  return [
    `**${label}**: climate ${c.climateOn ? "on" : "off"}, inside ${show(c.insideTempC, " °C")}, outside ${show(c.outsideTempC, " °C")}`,
    `- Set to ${show(c.driverTempSettingC, " °C")} driver / ${show(c.passengerTempSettingC, " °C")} passenger; climate keeper: ${show(c.climateKeeperMode)}`,
    `- Seat heaters (0-3): driver ${show(c.seatHeaters.driver)}, passenger ${show(c.seatHeaters.passenger)}; steering wheel heater ${c.steeringWheelHeater ? "on" : "off"}`,
  ].join("\n");
}

/** One vehicle of "Get Vehicles": what the list says, plus live data for the ones that are awake. */
export function vehicleSummary(vehicle: Vehicle, data: VehicleData | undefined): VehicleSummaryView {
  const { model, year } = decodeVin(vehicle.vin);
  return {
    ...vehicleRef(vehicle),
    model,
    modelYear: year,
    state: vehicle.state,
    commandSigning: vehicle.command_signing ?? null,
    charge: data ? chargeState(data) : null,
    climate: data ? climateState(data) : null,
    vehicleState: data ? vehicleState(data) : null,
  };
}

/** The account's vehicles as a markdown table, then the live data of those that are awake. */
export function vehiclesMarkdown(summaries: VehicleSummaryView[], vehicles: Vehicle[]): string {
  if (summaries.length === 0) return "No Tesla vehicles found in your account.";
  const rows = summaries.map((s) => `| ${s.name ?? ""} | ${s.vin} | ${s.id} | ${s.model ?? "?"} | ${s.modelYear ?? "?"} | ${s.state} |`);
  const details = summaries.map((s, i) => {
    const label = vehicleLabel(vehicles[i]!);
    if (!s.charge || !s.climate || !s.vehicleState) return `#### ${label}\nVehicle is ${s.state}: live data is not read so as not to wake it.`;
    return [`#### ${label}`, chargeStateMarkdown(label, s.charge), climateStateMarkdown(label, s.climate), vehicleStateMarkdown(label, s.vehicleState)].join(
      "\n",
    );
  });
  return ["## Tesla vehicles", "| Name | VIN | ID | Model | Year | State |", "|---|---|---|---|---|---|", ...rows, "", ...details].join("\n");
}
