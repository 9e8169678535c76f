import { CommandError } from "@agx-ext/core";

/** A vehicle as `GET /api/1/vehicles` lists it (the fields these commands use). */
export interface Vehicle {
  id: number;
  id_s: string;
  vehicle_id?: number;
  vin: string;
  display_name?: string | null;
  /** "online", "asleep" or "offline". */
  state: string;
  command_signing?: string;
}

export function vehicleLabel(vehicle: Vehicle): string {
  return vehicle.display_name ? `${vehicle.display_name} (${vehicle.vin})` : vehicle.vin;
}

/** What results say about the vehicle a command acted on. */
export function vehicleRef(vehicle: Vehicle) {
  return { id: vehicle.id_s, vin: vehicle.vin, name: vehicle.display_name ?? null };
}

/**
 * The vehicle a caller means: by id, VIN (any case) or display name (any case). Without a tag the
 * account's only vehicle is used; with several, the caller must say which.
 */
export function pickVehicle(vehicles: readonly Vehicle[], tag: string | undefined): Vehicle {
  if (vehicles.length === 0) throw new CommandError("NOT_FOUND", "This Tesla account has no vehicles.");
  const choices = vehicles.map(vehicleLabel).join(", ");
  if (tag === undefined) {
    if (vehicles.length === 1) return vehicles[0]!;
    throw new CommandError("INVALID_INPUT", `This account has ${vehicles.length} vehicles; say which with vehicle_tag (id, VIN or name): ${choices}.`, {
      details: { fields: ["vehicle_tag"] },
    });
  }
  const wanted = tag.trim().toLowerCase();
  const match =
    vehicles.find((v) => v.id_s === tag.trim() || String(v.id) === tag.trim()) ??
    vehicles.find((v) => v.vin.toLowerCase() === wanted) ??
    vehicles.find((v) => (v.display_name ?? "").trim().toLowerCase() === wanted);
  if (!match) throw new CommandError("NOT_FOUND", `No vehicle "${tag}" on this account. Vehicles: ${choices}.`, { details: { vehicle_tag: tag } });
  return match;
}
