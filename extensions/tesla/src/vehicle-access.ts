import { setTimeout as sleep } from "node:timers/promises";
import { CommandError } from "@agx-ext/core";
import { isKeyNotPaired, isSignedCommandRequired, isVehicleUnavailable, type CommandOutcome, type FleetApi, type VehicleData } from "./fleet-api.js";
import { signedCommandsRequired } from "./pairing.js";
import { pickVehicle, vehicleLabel, type Vehicle } from "./vehicles.js";

/**
 * State checks of a waking vehicle at most: with a short poll interval the wait would otherwise be
 * thousands of requests (each one billed by Tesla). The interval is stretched to fit.
 */
export const MAX_WAKE_POLLS = 30;

/** How long to wait for a vehicle to wake, how often to ask, and the call's signal. */
export interface WakePolicy {
  timeoutMs: number;
  intervalMs: number;
  signal: AbortSignal;
}

/** A vehicle that is online, and whether it had to be woken first. */
export interface Awake {
  vehicle: Vehicle;
  /** True when the vehicle was asleep or offline and had to be woken first. */
  woke: boolean;
}

/**
 * Finds the vehicle a caller means and makes sure it is awake before anything that needs it:
 * wake_up, then polling the vehicle's state until it is online, within a bounded time.
 */
export class VehicleAccess {
  constructor(
    private readonly api: FleetApi,
    private readonly policy: WakePolicy,
    private readonly domain: string | undefined,
  ) {}

  async find(tag: string | undefined): Promise<Vehicle> {
    return pickVehicle(await this.api.listVehicles(), tag);
  }

  /** wake_up, then the vehicle's state every interval until it is online: at most MAX_WAKE_POLLS checks within the timeout. */
  async awake(vehicle: Vehicle): Promise<Awake> {
    if (vehicle.state === "online") return { vehicle, woke: false };
    const woken = await this.api.wakeUp(vehicle.vin);
    if (woken === "online") return { vehicle: { ...vehicle, state: woken }, woke: true };
    const { timeoutMs, signal } = this.policy;
    const intervalMs = Math.max(this.policy.intervalMs, timeoutMs / MAX_WAKE_POLLS);
    const deadline = Date.now() + timeoutMs;
    let last = woken;
    for (let polls = 0; polls < MAX_WAKE_POLLS && Date.now() < deadline; polls++) {
      await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())), undefined, { signal });
      last = await this.api.vehicleState(vehicle.vin);
      if (last === "online") return { vehicle: { ...vehicle, state: last }, woke: true };
    }
    throw new CommandError(
      "PROVIDER_ERROR",
      `${vehicleLabel(vehicle)} did not wake up within ${timeoutMs / 1000} s (it is ${last}). It may have no mobile signal; try again later or open the Tesla app near the car.`,
      { details: { vin: vehicle.vin, state: last } },
    );
  }

  /** Wakes the vehicle if needed and sends one command. */
  async command(tag: string | undefined, name: string, parameters: Record<string, unknown> = {}): Promise<Awake & { outcome: CommandOutcome }> {
    const { value: outcome, ...awake } = await this.whileAwake(tag, (vehicle) => this.send(vehicle, name, parameters));
    if (!outcome.result) {
      if (outcome.reason === "unsigned_cmds_hardlocked") throw signedCommandsRequired(vehicleLabel(awake.vehicle), this.domain, this.api.commandsViaProxy);
      // Tesla's reason goes in the message only: the host scrubs messages of echoed secrets, and the reason is provider text.
      throw new CommandError("CONFLICT", `${vehicleLabel(awake.vehicle)} declined ${name}: ${outcome.reason || "no reason given"}.`, {
        details: { vin: awake.vehicle.vin, command: name },
      });
    }
    return { ...awake, outcome };
  }

  /** Live data, waking the vehicle first when it sleeps. */
  async data(tag: string | undefined, endpoints?: readonly string[]): Promise<Awake & { data: VehicleData }> {
    const { value: data, ...awake } = await this.whileAwake(tag, (vehicle) => this.api.vehicleData(vehicle.vin, endpoints));
    return { ...awake, data };
  }

  /** Runs `use` on the awake vehicle; one that fell asleep meanwhile (408) is woken once more and `use` runs again. */
  private async whileAwake<T>(tag: string | undefined, use: (vehicle: Vehicle) => Promise<T>): Promise<Awake & { value: T }> {
    const awake = await this.awake(await this.find(tag));
    try {
      return { ...awake, value: await use(awake.vehicle) };
    } catch (error) {
      if (!isVehicleUnavailable(error)) throw error;
      const again = await this.awake({ ...awake.vehicle, state: "asleep" });
      return { vehicle: again.vehicle, woke: true, value: await use(again.vehicle) };
    }
  }

  private async send(vehicle: Vehicle, name: string, parameters: Record<string, unknown>): Promise<CommandOutcome> {
    try {
      return await this.api.command(vehicle.vin, name, parameters);
    } catch (error) {
      if (isSignedCommandRequired(error) || (this.api.commandsViaProxy && isKeyNotPaired(error)))
        throw signedCommandsRequired(vehicleLabel(vehicle), this.domain, this.api.commandsViaProxy);
      throw error;
    }
  }
}
