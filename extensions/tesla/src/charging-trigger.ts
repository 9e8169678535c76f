import { z, type PollInput, type PollResult } from "@agx-ext/core";
import { isVehicleUnavailable, type FleetApi } from "./fleet-api.js";
import { chargeState } from "./format.js";

/** One event per charging session that reached its limit. */
export const chargingCompleteOutput = z.strictObject({
  vin: z.string(),
  display_name: z.string().nullable(),
  battery_level_percent: z.number().nullable(),
  charge_limit_percent: z.number().nullable(),
  energy_added_kwh: z.number().nullable(),
  completed_at: z.string().describe("ISO 8601: the poll that saw the charge complete"),
});
/** One Charging Complete event: the vehicle, its battery level and limit, and the energy added. */
export type ChargingComplete = z.output<typeof chargingCompleteOutput>;

/** Per VIN, the charging state last read and, while charging, when that session was first seen (its id). */
const cursorSchema = z.record(z.string(), z.object({ state: z.string().max(40).nullable(), since: z.string().max(40).nullable() }));
type Cursor = z.output<typeof cursorSchema>;

/**
 * "Charging Complete": for each vehicle of the account, reads charge_state (vehicle_data?endpoints=charge_state)
 * only while the car is online: a sleeping or offline car is never woken, its last known state is kept. A vehicle
 * whose state went from Charging to Complete gives one event, identified by the VIN and when the session was first
 * seen, so repeating a poll cannot report the same session twice.
 */
export async function pollChargingComplete(api: FleetApi, now: Date, input: PollInput): Promise<PollResult<ChargingComplete>> {
  const parsed = cursorSchema.safeParse(input.cursor);
  const previous: Cursor = parsed.success ? parsed.data : {};
  const next: Cursor = {};
  const events: PollResult<ChargingComplete>["events"] = [];
  const { vehicles } = await api.listVehicles();
  for (const vehicle of vehicles) {
    const vin = vehicle.vin.toUpperCase();
    const before = previous[vin] ?? { state: null, since: null };
    next[vin] = before;
    if (vehicle.state !== "online") continue;
    let charge;
    try {
      charge = chargeState(await api.vehicleData(vehicle.vin, ["charge_state"]));
    } catch (error) {
      if (isVehicleUnavailable(error)) continue; // fell asleep since the list was read
      throw error;
    }
    const state = charge.chargingState ?? null;
    if (state === "Charging") {
      next[vin] = { state, since: before.state === "Charging" && before.since ? before.since : now.toISOString() };
      continue;
    }
    next[vin] = { state, since: null };
    if (state === "Complete" && before.state === "Charging")
      events.push({
        id: `${vin}:${before.since ?? now.toISOString()}`,
        data: {
          vin,
          display_name: vehicle.display_name ?? null,
          battery_level_percent: charge.batteryLevelPercent ?? null,
          charge_limit_percent: charge.chargeLimitPercent ?? null,
          energy_added_kwh: charge.energyAddedKwh ?? null,
          completed_at: now.toISOString(),
        },
      });
  }
  return { events, cursor: next };
}
