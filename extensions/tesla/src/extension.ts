import { oauth2, type HttpClient } from "@agx-ext/auth";
import { Command, CONTEXT, Extension, HTTP, inject, SETTINGS, Trigger, z, type CommandContext, type CommandResult, type PollInput } from "@agx-ext/core";
import { chargingCompleteOutput, pollChargingComplete } from "./charging-trigger.js";
import { FleetApi, isVehicleUnavailable } from "./fleet-api.js";
import { outputs, type VehicleCommandOutput } from "./outputs.js";
import { CLIMATE_KEEPER_MODES, inputs, SEATS, withVehicle } from "./inputs.js";
import { pairingMarkdown, pairingSteps, pairingUrl, publicKeyUrl } from "./pairing.js";
import { FLEET_API_REGIONS, teslaSettings, type TeslaSettings } from "./settings.js";
import { VehicleAccess } from "./vehicle-access.js";
import { listNotes, VEHICLE_LIST_MAX_PAGES, vehicleLabel, vehicleRef } from "./vehicles.js";
import {
  chargeState,
  chargeStateMarkdown,
  climateState,
  climateStateMarkdown,
  vehicleState,
  vehicleStateMarkdown,
  vehicleSummary,
  vehiclesMarkdown,
} from "./format.js";

/** What a command returns, typed from its declared output schema so the two cannot drift. */
type Out<K extends keyof typeof outputs> = CommandResult<z.output<(typeof outputs)[K]>>;

/** Awake vehicles whose live data "Get Vehicles" reads (one billed request each); the rest are listed without it. */
const LIVE_DATA_AT_MOST = 10;

const SCOPES = ["openid", "offline_access", "user_data", "vehicle_device_data", "vehicle_cmds", "vehicle_charging_cmds"];

/** The Tesla extension: locks, climate, charging, media, windows, navigation and live state over the Fleet API. */
@Extension({
  id: "tesla",
  name: "Tesla",
  category: "Smart Home & IoT",
  description: "Tesla vehicles over the Fleet API: locks, climate, charging, media, windows, navigation and live state.",
  settings: teslaSettings,
  auth: oauth2({
    provider: "tesla",
    authorizeUrl: "https://auth.tesla.com/oauth2/v3/authorize",
    tokenUrl: "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token",
    scopes: SCOPES,
    pkce: false,
    clientAuth: "body",
    clientIdSetting: "TESLA_CLIENT_ID",
    clientSecretSetting: "TESLA_CLIENT_SECRET",
    extraAuthorizeParams: { prompt_missing_scopes: "true" },
    // Tesla issues tokens for one region's Fleet API: the code exchange names it as the audience.
    extraTokenParams: { audience: { setting: "TESLA_FLEET_API_URL", default: FLEET_API_REGIONS["North America, Asia-Pacific"] } },
    // Tesla's refresh tokens lapse after three months unused: the host refreshes idle connections before that.
    keepAliveDays: 80,
  }),
})
export class Tesla {
  private readonly api: FleetApi;
  private readonly vehicles: VehicleAccess;

  constructor(
    @inject(HTTP) http: HttpClient,
    @inject(SETTINGS) private readonly settings: TeslaSettings,
    @inject(CONTEXT) private readonly context: CommandContext,
  ) {
    this.api = new FleetApi(http, settings.TESLA_FLEET_API_URL, settings.TESLA_COMMAND_PROXY_URL);
    this.vehicles = new VehicleAccess(
      this.api,
      { timeoutMs: settings.TESLA_WAKE_TIMEOUT_SECONDS * 1000, intervalMs: settings.TESLA_WAKE_POLL_SECONDS * 1000, signal: this.context.signal },
      settings.TESLA_DOMAIN,
    );
  }

  @Trigger({
    name: "Charging Complete",
    description: "A vehicle finished charging (charge_state went from Charging to Complete). Read only while the car is awake: a sleeping car is never woken.",
    kind: "poll",
    every: "5m",
    output: chargingCompleteOutput,
  })
  chargingComplete(input: PollInput) {
    return pollChargingComplete(this.api, this.context.now(), input);
  }

  // --- doors, lights, horn -------------------------------------------------------------

  @Command({
    name: "Tesla - Lock Doors",
    description: "Locks the vehicle.",
    input: withVehicle,
    title: "Lock Tesla Doors",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.doorLock,
  })
  lockDoors(input: z.output<typeof withVehicle>) {
    return this.act(input, "door_lock", {}, "Locked the doors");
  }

  @Command({
    name: "Tesla - Unlock Doors",
    description: "Unlocks the vehicle.",
    input: withVehicle,
    title: "Unlock Tesla Doors",
    mutates: true,
    destructive: true,
    idempotent: true,
    openWorld: true,
    output: outputs.doorUnlock,
  })
  unlockDoors(input: z.output<typeof withVehicle>) {
    return this.act(input, "door_unlock", {}, "Unlocked the doors");
  }

  @Command({
    name: "Tesla - Flash Lights",
    description: "Flashes the headlights once.",
    input: withVehicle,
    title: "Flash Tesla Headlights",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.flashLights,
  })
  flashLights(input: z.output<typeof withVehicle>) {
    return this.act(input, "flash_lights", {}, "Flashed the lights");
  }

  @Command({
    name: "Tesla - Honk Horn",
    description: "Honks the horn once.",
    input: withVehicle,
    title: "Honk Tesla Horn",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.honkHorn,
  })
  honkHorn(input: z.output<typeof withVehicle>) {
    return this.act(input, "honk_horn", {}, "Honked the horn");
  }

  @Command({
    name: "Tesla - Remote Start",
    description: "Enables keyless driving for two minutes.",
    input: withVehicle,
    title: "Enable Tesla Keyless Driving",
    mutates: true,
    destructive: true,
    idempotent: false,
    openWorld: true,
    output: outputs.remoteStart,
  })
  remoteStart(input: z.output<typeof withVehicle>) {
    return this.act(input, "remote_start_drive", {}, "Enabled keyless driving (start within 2 minutes)");
  }

  @Command({
    name: "Tesla - Actuate Trunk",
    description: "Opens the front trunk, or opens/closes the rear trunk.",
    input: inputs.trunk,
    title: "Open or Close Tesla Trunk",
    mutates: true,
    destructive: true,
    idempotent: false,
    openWorld: true,
    output: outputs.actuateTrunk,
  })
  actuateTrunk(input: z.output<typeof inputs.trunk>) {
    return this.act(input, "actuate_trunk", { which_trunk: input.which_trunk }, `Actuated the ${input.which_trunk} trunk`);
  }

  // --- charging --------------------------------------------------------------------------

  @Command({
    name: "Tesla - Open Charge Port",
    description: "Opens the charge port door.",
    input: withVehicle,
    title: "Open Tesla Charge Port",
    mutates: true,
    destructive: true,
    idempotent: true,
    openWorld: true,
    output: outputs.chargePortOpen,
  })
  openChargePort(input: z.output<typeof withVehicle>) {
    return this.act(input, "charge_port_door_open", {}, "Opened the charge port");
  }

  @Command({
    name: "Tesla - Close Charge Port",
    description: "Closes the charge port door.",
    input: withVehicle,
    title: "Close Tesla Charge Port",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.chargePortClose,
  })
  closeChargePort(input: z.output<typeof withVehicle>) {
    return this.act(input, "charge_port_door_close", {}, "Closed the charge port");
  }

  @Command({
    name: "Tesla - Start Charging",
    description: "Starts charging when plugged in.",
    input: withVehicle,
    title: "Start Tesla Charging",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.chargeStart,
  })
  startCharging(input: z.output<typeof withVehicle>) {
    return this.act(input, "charge_start", {}, "Started charging");
  }

  @Command({
    name: "Tesla - Stop Charging",
    description: "Stops charging.",
    input: withVehicle,
    title: "Stop Tesla Charging",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.chargeStop,
  })
  stopCharging(input: z.output<typeof withVehicle>) {
    return this.act(input, "charge_stop", {}, "Stopped charging");
  }

  @Command({
    name: "Tesla - Set Charge Limit",
    description: "Sets the charge limit (50-100 %).",
    input: inputs.chargeLimit,
    title: "Set Tesla Charge Limit",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.chargeLimit,
  })
  setChargeLimit(input: z.output<typeof inputs.chargeLimit>) {
    return this.act(input, "set_charge_limit", { percent: input.percent }, `Set the charge limit to ${input.percent}%`);
  }

  @Command({
    name: "Tesla - Set Charging Amps",
    description: "Sets the charging current (1-48 A).",
    input: inputs.chargingAmps,
    title: "Set Tesla Charging Current",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.chargingAmps,
  })
  setChargingAmps(input: z.output<typeof inputs.chargingAmps>) {
    return this.act(input, "set_charging_amps", { charging_amps: input.amps }, `Set the charging current to ${input.amps} A`);
  }

  // --- climate ---------------------------------------------------------------------------

  @Command({
    name: "Tesla - Set Temperature",
    description: "Sets the driver and passenger cabin temperatures in °C (15-28).",
    input: inputs.temperature,
    title: "Set Tesla Cabin Temperature",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.temperature,
  })
  setTemperature(input: z.output<typeof inputs.temperature>) {
    const passenger = input.passenger_temp ?? input.driver_temp;
    return this.act(
      input,
      "set_temps",
      { driver_temp: input.driver_temp, passenger_temp: passenger },
      `Set the cabin to ${input.driver_temp} °C driver / ${passenger} °C passenger`,
    );
  }

  @Command({
    name: "Tesla - Start Climate",
    description: "Turns climate control on.",
    input: withVehicle,
    title: "Start Tesla Climate Control",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.climateStart,
  })
  startClimate(input: z.output<typeof withVehicle>) {
    return this.act(input, "auto_conditioning_start", {}, "Turned climate control on");
  }

  @Command({
    name: "Tesla - Stop Climate",
    description: "Turns climate control off.",
    input: withVehicle,
    title: "Stop Tesla Climate Control",
    mutates: true,
    destructive: true,
    idempotent: true,
    openWorld: true,
    output: outputs.climateStop,
  })
  stopClimate(input: z.output<typeof withVehicle>) {
    return this.act(input, "auto_conditioning_stop", {}, "Turned climate control off");
  }

  @Command({
    name: "Tesla - Set Seat Heater",
    description: "Sets one seat heater to a level from 0 (off) to 3.",
    input: inputs.seatHeater,
    title: "Set Tesla Seat Heater",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.seatHeater,
  })
  setSeatHeater(input: z.output<typeof inputs.seatHeater>) {
    const heater = typeof input.seat_position === "number" ? input.seat_position : SEATS[input.seat_position];
    return this.act(
      input,
      "remote_seat_heater_request",
      { heater, level: input.level },
      `Set the ${input.seat_position} seat heater (index ${heater}) to level ${input.level}`,
    );
  }

  @Command({
    name: "Tesla - Set Steering Wheel Heat",
    description: "Turns the steering wheel heater on or off.",
    input: inputs.steeringWheelHeat,
    title: "Set Tesla Steering Wheel Heater",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.steeringWheelHeat,
  })
  setSteeringWheelHeat(input: z.output<typeof inputs.steeringWheelHeat>) {
    return this.act(input, "remote_steering_wheel_heater_request", { on: input.enabled }, `Turned the steering wheel heater ${input.enabled ? "on" : "off"}`);
  }

  @Command({
    name: "Tesla - Set Climate Keeper",
    description: "Sets climate keeper: off, keep, dog or camp mode.",
    input: inputs.climateKeeper,
    title: "Set Tesla Climate Keeper Mode",
    mutates: true,
    destructive: true,
    idempotent: true,
    openWorld: true,
    output: outputs.climateKeeper,
  })
  setClimateKeeper(input: z.output<typeof inputs.climateKeeper>) {
    const mode = typeof input.mode === "number" ? input.mode : CLIMATE_KEEPER_MODES[input.mode];
    const name = Object.entries(CLIMATE_KEEPER_MODES).find(([, value]) => value === mode)?.[0] ?? String(mode);
    return this.act(input, "set_climate_keeper_mode", { climate_keeper_mode: mode }, `Set climate keeper to ${name} mode`);
  }

  // --- media -------------------------------------------------------------------------------

  @Command({
    name: "Tesla - Adjust Volume",
    description: "Sets the media volume (0-11).",
    input: inputs.volume,
    title: "Set Tesla Media Volume",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.volume,
  })
  adjustVolume(input: z.output<typeof inputs.volume>) {
    return this.act(input, "adjust_volume", { volume: input.volume }, `Set the volume to ${input.volume}`);
  }

  @Command({
    name: "Tesla - Toggle Playback",
    description: "Plays or pauses media.",
    input: withVehicle,
    title: "Play or Pause Tesla Media",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.togglePlayback,
  })
  togglePlayback(input: z.output<typeof withVehicle>) {
    return this.act(input, "media_toggle_playback", {}, "Toggled media playback");
  }

  @Command({
    name: "Tesla - Next Track",
    description: "Skips to the next track.",
    input: withVehicle,
    title: "Next Track on Tesla",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.nextTrack,
  })
  nextTrack(input: z.output<typeof withVehicle>) {
    return this.act(input, "media_next_track", {}, "Skipped to the next track");
  }

  @Command({
    name: "Tesla - Previous Track",
    description: "Goes back to the previous track.",
    input: withVehicle,
    title: "Previous Track on Tesla",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.previousTrack,
  })
  previousTrack(input: z.output<typeof withVehicle>) {
    return this.act(input, "media_prev_track", {}, "Went back to the previous track");
  }

  @Command({
    name: "Tesla - Next Favorite",
    description: "Plays the next favorite.",
    input: withVehicle,
    title: "Next Favorite on Tesla",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.nextFavorite,
  })
  nextFavorite(input: z.output<typeof withVehicle>) {
    return this.act(input, "media_next_fav", {}, "Switched to the next favorite");
  }

  @Command({
    name: "Tesla - Previous Favorite",
    description: "Plays the previous favorite.",
    input: withVehicle,
    title: "Previous Favorite on Tesla",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.previousFavorite,
  })
  previousFavorite(input: z.output<typeof withVehicle>) {
    return this.act(input, "media_prev_fav", {}, "Switched to the previous favorite");
  }

  // --- windows, sunroof, navigation, fun ------------------------------------------------------

  @Command({
    name: "Tesla - Control Windows",
    description: "Vents or closes all windows; closing needs your lat/lon near the car on most models.",
    input: inputs.windows,
    title: "Vent or Close Tesla Windows",
    mutates: true,
    destructive: true,
    idempotent: true,
    openWorld: true,
    output: outputs.windows,
  })
  controlWindows(input: z.output<typeof inputs.windows>) {
    const location = input.lat !== undefined && input.lon !== undefined ? { lat: input.lat, lon: input.lon } : {};
    return this.act(input, "window_control", { command: input.command, ...location }, input.command === "vent" ? "Vented the windows" : "Closed the windows");
  }

  @Command({
    name: "Tesla - Control Sunroof",
    description: "Vents, closes or stops the sunroof (vehicles with a motorised sunroof).",
    input: inputs.sunroof,
    title: "Vent, Close or Stop Tesla Sunroof",
    mutates: true,
    destructive: true,
    idempotent: true,
    openWorld: true,
    output: outputs.sunroof,
  })
  controlSunroof(input: z.output<typeof inputs.sunroof>) {
    const did = { vent: "Vented the sunroof", close: "Closed the sunroof", stop: "Stopped the sunroof" }[input.state];
    return this.act(input, "sun_roof_control", { state: input.state }, did);
  }

  @Command({
    name: "Tesla - Navigate To",
    description: "Sends a destination (latitude/longitude) to the vehicle's navigation.",
    input: inputs.navigate,
    title: "Send Destination to Tesla Navigation",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.navigate,
  })
  navigateTo(input: z.output<typeof inputs.navigate>) {
    return this.act(
      input,
      "navigation_gps_request",
      { lat: input.lat, lon: input.lon, order: input.order },
      `Sent the destination ${input.lat}, ${input.lon} to navigation`,
    );
  }

  @Command({
    name: "Tesla - Navigate To Supercharger",
    description: "Sends a Supercharger as the navigation destination.",
    input: inputs.supercharger,
    title: "Send Supercharger to Tesla Navigation",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.supercharger,
  })
  navigateToSupercharger(input: z.output<typeof inputs.supercharger>) {
    return this.act(
      input,
      "navigation_sc_request",
      { id: input.supercharger_id, order: input.order },
      `Sent Supercharger ${input.supercharger_id} to navigation`,
    );
  }

  @Command({
    name: "Tesla - Fart",
    description: "Plays a fart sound from the external speaker (Boombox; parked, on vehicles that have it).",
    input: withVehicle,
    title: "Play Fart Sound on Tesla",
    mutates: true,
    destructive: false,
    idempotent: false,
    openWorld: true,
    output: outputs.fart,
  })
  fart(input: z.output<typeof withVehicle>) {
    return this.act(input, "remote_boombox", { sound: 0 as const }, "Played a fart sound through the external speaker");
  }

  // --- wake and state reads -----------------------------------------------------------------

  @Command({
    name: "Tesla - Wake Vehicle",
    description: "Wakes the vehicle and waits until it is online.",
    input: withVehicle,
    title: "Wake Tesla",
    mutates: true,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.wake,
  })
  async wakeVehicle(input: z.output<typeof withVehicle>): Promise<Out<"wake">> {
    const found = await this.vehicles.find(input.vehicle_tag);
    const { vehicle, woke } = await this.vehicles.awake(found);
    return {
      data: { vehicle: vehicleRef(vehicle), state: vehicle.state, woke },
      markdown: woke ? `Woke ${vehicleLabel(vehicle)}; it is online.` : `${vehicleLabel(vehicle)} was already awake; nothing sent.`,
    };
  }

  @Command({
    name: "Tesla - Check Vehicle Online",
    description: "Whether the vehicle is online, asleep or offline (does not wake it).",
    input: withVehicle,
    title: "Check Whether Tesla Is Online",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.online,
  })
  async checkOnline(input: z.output<typeof withVehicle>): Promise<Out<"online">> {
    const vehicle = await this.vehicles.find(input.vehicle_tag);
    return {
      data: { vehicle: vehicleRef(vehicle), online: vehicle.state === "online", state: vehicle.state },
      markdown: `${vehicleLabel(vehicle)} is ${vehicle.state}.`,
    };
  }

  @Command({
    name: "Tesla - Get Vehicles",
    description: `Lists the account's vehicles, with live data for the first ${LIVE_DATA_AT_MOST} that are awake (sleeping ones are not woken). Reads at most ${VEHICLE_LIST_MAX_PAGES} pages of Tesla's vehicle list.`,
    title: "List Tesla Vehicles",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.vehicles,
  })
  async getVehicles(): Promise<Out<"vehicles">> {
    const list = await this.api.listVehicles();
    const summaries = [];
    let liveReads = 0;
    for (const vehicle of list.vehicles) {
      // A car that fell asleep since the list was read (408) is shown without live data, like the sleeping ones.
      const data =
        vehicle.state === "online" && liveReads++ < LIVE_DATA_AT_MOST
          ? await this.api.vehicleData(vehicle.vin).catch((error: unknown) => {
              if (isVehicleUnavailable(error)) return undefined;
              throw error;
            })
          : undefined;
      summaries.push(vehicleSummary(vehicle, data));
    }
    const notes = listNotes(list);
    if (liveReads > LIVE_DATA_AT_MOST) notes.push(`Live data is read for the first ${LIVE_DATA_AT_MOST} awake vehicles only.`);
    return {
      data: { count: list.vehicles.length, vehicles: summaries, skipped: list.skipped, truncated: list.truncated },
      markdown: [vehiclesMarkdown(summaries, list.vehicles), ...notes].join("\n\n"),
    };
  }

  @Command({
    name: "Tesla - Get Vehicle State",
    description: "Locks, doors, windows, trunks, odometer, sentry mode and software (wakes the car if needed).",
    input: withVehicle,
    title: "Get Tesla Vehicle State",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.vehicleState,
  })
  async getVehicleState(input: z.output<typeof withVehicle>): Promise<Out<"vehicleState">> {
    const { vehicle, woke, data } = await this.vehicles.data(input.vehicle_tag, ["vehicle_state"]);
    const state = vehicleState(data);
    return { data: { vehicle: vehicleRef(vehicle), woke, ...state }, markdown: withWake(vehicleStateMarkdown(vehicleLabel(vehicle), state), woke) };
  }

  @Command({
    name: "Tesla - Get Charge State",
    description: "Battery level, range, charge limit and charging progress (wakes the car if needed).",
    input: withVehicle,
    title: "Get Tesla Charge State",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.chargeState,
  })
  async getChargeState(input: z.output<typeof withVehicle>): Promise<Out<"chargeState">> {
    const { vehicle, woke, data } = await this.vehicles.data(input.vehicle_tag, ["charge_state"]);
    const state = chargeState(data);
    return { data: { vehicle: vehicleRef(vehicle), woke, ...state }, markdown: withWake(chargeStateMarkdown(vehicleLabel(vehicle), state), woke) };
  }

  @Command({
    name: "Tesla - Get Climate State",
    description: "Cabin and outside temperatures, climate settings and heaters (wakes the car if needed).",
    input: withVehicle,
    title: "Get Tesla Climate State",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: true,
    output: outputs.climateState,
  })
  async getClimateState(input: z.output<typeof withVehicle>): Promise<Out<"climateState">> {
    const { vehicle, woke, data } = await this.vehicles.data(input.vehicle_tag, ["climate_state"]);
    const state = climateState(data);
    return { data: { vehicle: vehicleRef(vehicle), woke, ...state }, markdown: withWake(climateStateMarkdown(vehicleLabel(vehicle), state), woke) };
  }

  @Command({
    name: "Tesla - TVCP Vehicle Pairing Guide",
    description: "How to set up Tesla's command proxy and pair its key with your vehicles (Vehicle Command Protocol).",
    requires: ["TESLA_DOMAIN"],
    title: "Tesla Vehicle Command Pairing Guide",
    mutates: false,
    destructive: false,
    idempotent: true,
    openWorld: false,
    output: outputs.pairingGuide,
  })
  async pairingGuide(): Promise<Out<"pairingGuide">> {
    // `requires` refuses the call before it gets here when TESLA_DOMAIN is not set.
    const domain = this.settings.TESLA_DOMAIN!;
    const proxy = this.settings.TESLA_COMMAND_PROXY_URL !== undefined;
    return {
      data: {
        domain,
        publicKeyUrl: publicKeyUrl(domain),
        pairingUrl: pairingUrl(domain),
        commandProxyConfigured: proxy,
        steps: pairingSteps(domain, proxy),
      },
      markdown: `## Pairing your key with a Tesla (Vehicle Command Protocol)\n${pairingMarkdown(domain, proxy)}`,
    };
  }

  /**
   * Runs one vehicle command and says what was done to which vehicle. Generic in the body so each
   * command's result carries its exact `parameters`, as its output schema declares them.
   */
  private async act<P extends Record<string, unknown>>(
    input: z.output<typeof withVehicle>,
    command: string,
    parameters: P,
    did: string,
  ): Promise<CommandResult<Omit<VehicleCommandOutput, "parameters"> & { parameters: P }>> {
    const { vehicle, woke, outcome } = await this.vehicles.command(input.vehicle_tag, command, parameters);
    return {
      data: {
        vehicle: vehicleRef(vehicle),
        command,
        parameters,
        // VehicleAccess.command throws CONFLICT for a command the vehicle declined, so the outcome here is an accepted one.
        result: true as const,
        reason: outcome.reason || null,
        woke,
        via: this.api.commandsViaProxy ? "command proxy" : "Fleet API",
      },
      markdown: withWake(`${did} on ${vehicleLabel(vehicle)}.`, woke),
    };
  }
}

function withWake(text: string, woke: boolean): string {
  return woke ? `${text}\n\n(The vehicle was asleep, so it was woken first.)` : text;
}
