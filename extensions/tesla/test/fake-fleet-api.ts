/**
 * A fake Tesla Fleet API (and a fake tesla-http-proxy in front of it) following the published REST
 * shapes: `{ response, error, error_description }` bodies, 401 without a valid bearer token, 408 for
 * a vehicle that is asleep, 403 "Tesla Vehicle Command Protocol required" for unsigned commands to
 * vehicles that need signed ones, 404 for unknown vehicles and commands, and 400 for bad parameters.
 * Vehicles wake a few polls after `wake_up`.
 */
import { readFileSync } from "node:fs";
import { startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";

export interface FakeVehicle {
  id: number;
  vin: string;
  display_name: string;
  state: "online" | "asleep" | "offline";
  /** "required": unsigned REST commands are refused (Vehicle Command Protocol). */
  command_signing: "off" | "allowed" | "required";
  /** GET /vehicles/{id} polls after wake_up until the car is online; Infinity never wakes. */
  pollsToWake: number;
  /** Live state served by vehicle_data. */
  data: Record<string, Record<string, unknown>>;
  /** Commands the vehicle executed, in order. */
  executed: Array<{ name: string; body: Record<string, unknown>; signed: boolean }>;
  wakeRequested?: boolean;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/vehicle_data_gak_2023_11_11.json", import.meta.url), "utf8")).response;
const SECTIONS = ["charge_state", "climate_state", "drive_state", "gui_settings", "vehicle_config", "vehicle_state", "location_data", "closures_state"];

export function fakeVehicle(overrides: Partial<FakeVehicle> & Pick<FakeVehicle, "id" | "vin" | "display_name">): FakeVehicle {
  const data = Object.fromEntries(SECTIONS.filter((s) => fixture[s]).map((s) => [s, structuredClone(fixture[s])]));
  return { state: "online", command_signing: "off", pollsToWake: 2, data, executed: [], ...overrides };
}

const error = (status: number, message: string, headers?: Record<string, string>): FakeReply => ({
  status,
  ...(headers ? { headers } : {}),
  json: { response: null, error: message, error_description: "" },
});

const isNumber = (v: unknown, min: number, max: number) => typeof v === "number" && v >= min && v <= max;
const oneOf = (v: unknown, values: unknown[]) => values.includes(v);

/** Parameter checks per command, and what the command changes on the car. Absent key: no body. */
const COMMANDS: Record<string, { check?: (b: Record<string, unknown>) => string | undefined; apply?: (v: FakeVehicle, b: Record<string, unknown>) => void }> = {
  door_lock: { apply: (v) => (v.data.vehicle_state!.locked = true) },
  door_unlock: { apply: (v) => (v.data.vehicle_state!.locked = false) },
  flash_lights: {},
  honk_horn: {},
  remote_start_drive: {},
  actuate_trunk: { check: (b) => (oneOf(b.which_trunk, ["front", "rear"]) ? undefined : "which_trunk") },
  charge_port_door_open: { apply: (v) => (v.data.charge_state!.charge_port_door_open = true) },
  charge_port_door_close: { apply: (v) => (v.data.charge_state!.charge_port_door_open = false) },
  charge_start: { apply: (v) => (v.data.charge_state!.charging_state = "Charging") },
  charge_stop: { apply: (v) => (v.data.charge_state!.charging_state = "Stopped") },
  set_charge_limit: {
    check: (b) => (Number.isInteger(b.percent) && isNumber(b.percent, 50, 100) ? undefined : "percent"),
    apply: (v, b) => (v.data.charge_state!.charge_limit_soc = b.percent),
  },
  set_charging_amps: {
    check: (b) => (Number.isInteger(b.charging_amps) && isNumber(b.charging_amps, 0, 48) ? undefined : "charging_amps"),
    apply: (v, b) => (v.data.charge_state!.charge_current_request = b.charging_amps),
  },
  set_temps: {
    check: (b) => (isNumber(b.driver_temp, 15, 28) && isNumber(b.passenger_temp, 15, 28) ? undefined : "driver_temp/passenger_temp"),
    apply: (v, b) => Object.assign(v.data.climate_state!, { driver_temp_setting: b.driver_temp, passenger_temp_setting: b.passenger_temp }),
  },
  auto_conditioning_start: { apply: (v) => (v.data.climate_state!.is_climate_on = true) },
  auto_conditioning_stop: { apply: (v) => (v.data.climate_state!.is_climate_on = false) },
  remote_seat_heater_request: {
    check: (b) => (Number.isInteger(b.heater) && isNumber(b.heater, 0, 8) && Number.isInteger(b.level) && isNumber(b.level, 0, 3) ? undefined : "heater/level"),
  },
  remote_steering_wheel_heater_request: { check: (b) => (typeof b.on === "boolean" ? undefined : "on") },
  set_climate_keeper_mode: { check: (b) => (oneOf(b.climate_keeper_mode, [0, 1, 2, 3]) ? undefined : "climate_keeper_mode") },
  adjust_volume: { check: (b) => (isNumber(b.volume, 0, 11) ? undefined : "volume") },
  media_toggle_playback: {},
  media_next_track: {},
  media_prev_track: {},
  media_next_fav: {},
  media_prev_fav: {},
  window_control: {
    check: (b) => (!oneOf(b.command, ["vent", "close"]) ? "command" : (b.lat === undefined) !== (b.lon === undefined) ? "lat/lon" : undefined),
  },
  sun_roof_control: { check: (b) => (oneOf(b.state, ["vent", "close", "stop"]) ? undefined : "state") },
  navigation_gps_request: { check: (b) => (isNumber(b.lat, -90, 90) && isNumber(b.lon, -180, 180) && Number.isInteger(b.order) ? undefined : "lat/lon/order") },
  navigation_sc_request: { check: (b) => (Number.isInteger(b.id) && Number.isInteger(b.order) ? undefined : "id/order") },
  remote_boombox: { check: (b) => (oneOf(b.sound, [0, 2000]) ? undefined : "sound") },
};

export interface FakeFleet {
  api: FakeProvider;
  proxy: FakeProvider;
  vehicles: FakeVehicle[];
  /** VINs whose vehicle has the proxy's key paired. */
  pairedVins: Set<string>;
  /** Vehicles per page of the vehicle list when the request names no per_page; default 100. */
  pageSize: number;
  close(): Promise<void>;
}

export async function startFakeFleet(options: { isValidToken: (token: string) => boolean; vehicles: FakeVehicle[] }): Promise<FakeFleet> {
  const vehicles = options.vehicles;
  const pairedVins = new Set<string>();
  const paging = { pageSize: 100 };
  // Fleet API vehicle_tag: the id or the VIN.
  const find = (tag: string | undefined) => vehicles.find((v) => String(v.id) === tag || v.vin === tag);
  const listing = (v: FakeVehicle) => ({
    id: v.id,
    id_s: String(v.id),
    vehicle_id: v.id + 1000,
    vin: v.vin,
    color: null,
    access_type: "OWNER",
    display_name: v.display_name,
    option_codes: null,
    granular_access: { hide_private: false },
    tokens: [],
    state: v.state,
    in_service: false,
    calendar_enabled: true,
    api_version: 73,
    command_signing: v.command_signing,
  });

  const execute = (vehicle: FakeVehicle, request: FakeRequest, signed: boolean): FakeReply => {
    if (vehicle.state !== "online") return error(408, "vehicle unavailable: vehicle is offline or asleep");
    const name = request.params.name!;
    const spec = COMMANDS[name];
    if (!spec) return error(404, `invalid command: ${name}`);
    if (request.body !== undefined && (typeof request.body !== "object" || !String(request.headers["content-type"]).includes("application/json")))
      return error(400, "invalid_json");
    const body = (request.body ?? {}) as Record<string, unknown>;
    const bad = spec.check?.(body);
    if (bad) return error(400, `invalid_field: ${bad}`);
    spec.apply?.(vehicle, body);
    vehicle.executed.push({ name, body, signed });
    return { json: { response: { result: true, reason: "" } } };
  };

  const unauthorizedBody = { response: null, error: "invalid bearer token", error_description: "" };
  const api = await startFakeProvider({
    bearer: options.isValidToken,
    unauthorizedBody,
    routes: {
      // Paged like Tesla's: `page` (from 1) and `per_page`; `pagination.next` is the next page number or null.
      // A page that is not a number reads as the first page.
      "GET /api/1/vehicles": (request) => {
        const perPage = Math.max(1, Number(request.query.get("per_page")) || paging.pageSize);
        const current = Math.max(1, Math.floor(Number(request.query.get("page"))) || 1);
        const pages = Math.max(1, Math.ceil(vehicles.length / perPage));
        const response = vehicles.slice((current - 1) * perPage, current * perPage).map(listing);
        return {
          json: {
            response,
            pagination: {
              previous: current > 1 ? current - 1 : null,
              next: current < pages ? current + 1 : null,
              current,
              per_page: perPage,
              count: vehicles.length,
              pages,
            },
            count: vehicles.length,
          },
        };
      },
      "GET /api/1/vehicles/:tag": (request) => {
        const vehicle = find(request.params.tag);
        if (!vehicle) return error(404, "not_found");
        if (vehicle.wakeRequested && vehicle.state !== "online") {
          vehicle.pollsToWake -= 1;
          if (vehicle.pollsToWake <= 0) vehicle.state = "online";
        }
        return { json: { response: listing(vehicle) } };
      },
      "GET /api/1/vehicles/:tag/vehicle_data": (request) => {
        const vehicle = find(request.params.tag);
        if (!vehicle) return error(404, "not_found");
        if (vehicle.state !== "online") return error(408, "vehicle unavailable: vehicle is offline or asleep");
        const wanted = request.query.get("endpoints")?.split(";") ?? SECTIONS;
        const unknown = wanted.filter((e) => !SECTIONS.includes(e));
        if (unknown.length) return error(400, `invalid endpoints: ${unknown.join(",")}`);
        const sections = Object.fromEntries(Object.entries(vehicle.data).filter(([k]) => wanted.includes(k)));
        return { json: { response: { ...listing(vehicle), ...sections } } };
      },
      "POST /api/1/vehicles/:tag/wake_up": (request) => {
        const vehicle = find(request.params.tag);
        if (!vehicle) return error(404, "not_found");
        if (vehicle.state !== "online") vehicle.wakeRequested = true;
        return { json: { response: listing(vehicle) } };
      },
      "POST /api/1/vehicles/:tag/command/:name": (request) => {
        const vehicle = find(request.params.tag);
        if (!vehicle) return error(404, "not_found");
        if (vehicle.command_signing === "required")
          return error(
            403,
            "Tesla Vehicle Command Protocol required, please refer to the documentation here: https://developer.tesla.com/docs/fleet-api#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning",
          );
        return execute(vehicle, request, false);
      },
    },
  });

  // tesla-http-proxy: same REST paths, VIN only; signs with its key, which the vehicle must have paired.
  const proxy = await startFakeProvider({
    bearer: options.isValidToken,
    unauthorizedBody,
    routes: {
      "POST /api/1/vehicles/:vin/command/:name": (request) => {
        const vehicle = vehicles.find((v) => v.vin === request.params.vin);
        if (!vehicle) return error(404, "vehicle not found (the proxy needs the VIN)");
        if (!pairedVins.has(vehicle.vin)) return error(500, "vehicle rejected request: your public key has not been paired with the vehicle");
        return execute(vehicle, request, true);
      },
    },
  });

  return {
    api,
    proxy,
    vehicles,
    pairedVins,
    get pageSize() {
      return paging.pageSize;
    },
    set pageSize(size: number) {
      paging.pageSize = size;
    },
    async close() {
      await api.close();
      await proxy.close();
    },
  };
}
