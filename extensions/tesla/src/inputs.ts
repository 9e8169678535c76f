import { z } from "@agx-ext/core";

const vehicleTag = z.string().trim().min(1).max(200).optional().describe("vehicle id, VIN or display name; may be left out when the account has one vehicle");

/** Input of the "Tesla - Lock Doors", "Tesla - Unlock Doors", "Tesla - Flash Lights", "Tesla - Honk Horn", "Tesla - Remote Start", "Tesla - Open Charge Port", "Tesla - Close Charge Port", "Tesla - Start Charging", "Tesla - Stop Charging", "Tesla - Start Climate", "Tesla - Stop Climate", "Tesla - Toggle Playback", "Tesla - Next Track", "Tesla - Previous Track", "Tesla - Next Favorite", "Tesla - Previous Favorite", "Tesla - Fart", "Tesla - Wake Vehicle", "Tesla - Check Vehicle Online", "Tesla - Get Vehicle State", "Tesla - Get Charge State" and "Tesla - Get Climate State" commands. */
export const withVehicle = z.object({ vehicle_tag: vehicleTag });

/** Cabin temperatures the vehicles accept, in °C. */
const cabinTemp = z.number().min(15).max(28).describe("°C, 15 to 28");
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const order = z.number().int().min(0).max(100).default(0).describe("position of the destination in the trip (0 replaces the route)");

/** The names of a lookup table, as a zod enum in the table's order. */
const namesOf = <T extends Record<string, number>>(table: T) => z.enum(Object.keys(table) as [keyof T & string, ...(keyof T & string)[]]);

/** Fleet API seat heater indexes. */
export const SEATS = { driver: 0, passenger: 1, rear_left: 2, rear_center: 4, rear_right: 5, third_row_left: 7, third_row_right: 8 } as const;
const seat = z.union([namesOf(SEATS), z.number().int().min(0).max(8)]);

/** Climate Keeper modes and the numbers the Fleet API takes for them. */
export const CLIMATE_KEEPER_MODES = { off: 0, keep: 1, dog: 2, camp: 3 } as const;

/** Input schemas of the commands that take more than a vehicle, by command. */
export const inputs = {
  trunk: withVehicle.extend({ which_trunk: z.enum(["front", "rear"]) }),
  temperature: withVehicle.extend({
    driver_temp: cabinTemp,
    passenger_temp: cabinTemp.optional().describe("°C, 15 to 28; defaults to the driver's temperature"),
  }),
  seatHeater: withVehicle.extend({
    seat_position: seat.describe("driver, passenger, rear_left, rear_center, rear_right, third_row_left, third_row_right, or the Fleet API index 0-8"),
    level: z.number().int().min(0).max(3).describe("0 off to 3 high"),
  }),
  steeringWheelHeat: withVehicle.extend({ enabled: z.boolean() }),
  climateKeeper: withVehicle.extend({
    mode: z.union([namesOf(CLIMATE_KEEPER_MODES), z.number().int().min(0).max(3)]).describe("off, keep (keep climate on), dog, camp; or 0-3"),
  }),
  chargeLimit: withVehicle.extend({ percent: z.number().int().min(50).max(100).describe("50 to 100 %") }),
  chargingAmps: withVehicle.extend({ amps: z.number().int().min(1).max(48).describe("1 to 48 A; the car caps it at what the charger offers") }),
  volume: withVehicle.extend({ volume: z.number().min(0).max(11).describe("0 to 11") }),
  windows: withVehicle
    .extend({
      command: z.enum(["vent", "close"]),
      lat: latitude.optional().describe("your latitude; closing needs you near the car on most models"),
      lon: longitude.optional().describe("your longitude"),
    })
    .refine((v) => (v.lat === undefined) === (v.lon === undefined), { message: "give both lat and lon, or neither", path: ["lon"] }),
  sunroof: withVehicle.extend({ state: z.enum(["vent", "close", "stop"]) }),
  navigate: withVehicle.extend({ lat: latitude, lon: longitude, order }),
  supercharger: withVehicle.extend({
    supercharger_id: z.number().int().positive().describe("Supercharger id from the Tesla app or nearby_charging_sites"),
    order,
  }),
};
