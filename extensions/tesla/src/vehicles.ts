import { CommandError, z } from "@agx-ext/core";

/** "online", "asleep" or "offline" (a short word; messages repeat it). */
export const vehicleStateName = z.string().min(1).max(40);

/**
 * A vehicle as `GET /api/1/vehicles` lists it: the fields these commands use, checked, because a list
 * entry without a usable VIN, id or state cannot be addressed. Optional fields of the wrong type are
 * dropped rather than costing the whole vehicle.
 */
export const vehicleSchema = z.object({
  // Not .int(): Tesla's numeric ids can exceed 2^53; `id_s` carries them exactly.
  id: z.number(),
  id_s: z.string().min(1),
  vehicle_id: z.number().optional().catch(undefined),
  /** 17 letters and digits: it goes into request paths, so nothing else is accepted. */
  vin: z.string().regex(/^[A-Z0-9]{17}$/i),
  display_name: z.string().nullish().catch(null),
  state: vehicleStateName,
  command_signing: z.string().optional().catch(undefined),
});

/** A vehicle of the account as the Fleet API lists it, typed from its schema. */
export type Vehicle = z.output<typeof vehicleSchema>;

/**
 * Pages of `GET /api/1/vehicles` read at most. Tesla pages the list; an account has few vehicles, so this
 * only stops a provider whose pages never end.
 */
export const VEHICLE_LIST_MAX_PAGES = 5;

/** Vehicles a message names at most; the rest are counted. */
const NAMED_AT_MOST = 20;

/** The account's vehicles as far as they could be read. */
export interface VehicleList {
  vehicles: Vehicle[];
  /** Entries Tesla sent that were not a usable vehicle and were left out. */
  skipped: number;
  /** True when the list had more pages than are read (see VEHICLE_LIST_MAX_PAGES). */
  truncated: boolean;
}

/** What a list answer adds when it was not read whole: entries left out, pages not read. */
export function listNotes(list: Pick<VehicleList, "skipped" | "truncated">): string[] {
  const maxPages = VEHICLE_LIST_MAX_PAGES;
  const notes: string[] = [];
  if (list.skipped > 0)
    notes.push(
      `${list.skipped} vehicle ${list.skipped === 1 ? "entry" : "entries"} from Tesla could not be read and ${list.skipped === 1 ? "was" : "were"} left out.`,
    );
  if (list.truncated) notes.push(`Tesla's vehicle list has more than ${maxPages} pages; only the first ${maxPages} were read.`);
  return notes;
}

/** How messages name a vehicle: its display name, or its VIN. */
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
export function pickVehicle(list: VehicleList, tag: string | undefined): Vehicle {
  const { vehicles } = list;
  const notes = listNotes(list);
  const noted = notes.length ? ` ${notes.join(" ")}` : "";
  if (vehicles.length === 0)
    throw new CommandError("NOT_FOUND", `This Tesla account has no vehicles.${noted}`, { details: { skipped: list.skipped, truncated: list.truncated } });
  const more = vehicles.length - NAMED_AT_MOST;
  const choices = vehicles.slice(0, NAMED_AT_MOST).map(vehicleLabel).join(", ") + (more > 0 ? ` and ${more} more` : "");
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
  if (!match)
    throw new CommandError("NOT_FOUND", `No vehicle "${tag}" on this account. Vehicles: ${choices}.${noted}`, {
      details: { vehicle_tag: tag, skipped: list.skipped, truncated: list.truncated },
    });
  return match;
}
