/**
 * A Fleet API that misbehaves: page tokens that never end, malformed entries, echoed tokens, slow, huge
 * and dropped answers. Each case ends in a correct result or a clear PROVIDER_ERROR, with a bounded
 * number of requests.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MAX_WAKE_POLLS } from "../src/vehicle-access.js";
import { VEHICLE_LIST_MAX_PAGES } from "../src/vehicles.js";
import { fakeVehicle, type FakeVehicle } from "./fake-fleet-api.js";
import { MODEL_3, MODEL_Y, startTeslaHarness, type TeslaHarness } from "./harness.js";

let h: TeslaHarness | undefined;

async function harness(options: Parameters<typeof startTeslaHarness>[0] = {}): Promise<TeslaHarness> {
  h = await startTeslaHarness(options);
  await h.connect();
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const LIST = "/api/1/vehicles";
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { code?: string; details?: Record<string, unknown> },
  );

/** `count` vehicles with valid, distinct VINs (offline, so listing them reads no live data). */
function fleetOf(count: number): FakeVehicle[] {
  return Array.from({ length: count }, (_, i) =>
    fakeVehicle({ id: 1_000_000 + i, vin: `5YJ3E1EA7KF3${String(i).padStart(5, "0")}`, display_name: `Car ${i}`, state: "offline" }),
  );
}

describe("paging of the vehicle list", () => {
  it("reads every page", async () => {
    const t = await harness();
    t.setVehicles(fleetOf(3));
    t.fleet.pageSize = 1;
    const result = await t.host.execute("Tesla - Get Vehicles", {});
    expect(result.data).toMatchObject({ count: 3, truncated: false, skipped: 0 });
    expect(t.fleet.api.requestsTo(LIST).map((r) => r.query.get("page"))).toEqual([null, "2", "3"]);
  });

  it(`stops after ${VEHICLE_LIST_MAX_PAGES} pages and says the list was cut short`, async () => {
    const t = await harness();
    t.setVehicles(fleetOf(VEHICLE_LIST_MAX_PAGES + 3));
    t.fleet.pageSize = 1;
    const result = await t.host.execute("Tesla - Get Vehicles", {});
    expect(result.data).toMatchObject({ count: VEHICLE_LIST_MAX_PAGES, truncated: true });
    expect(result.markdown).toContain(`more than ${VEHICLE_LIST_MAX_PAGES} pages; only the first ${VEHICLE_LIST_MAX_PAGES} were read`);
    expect(t.fleet.api.requestsTo(LIST)).toHaveLength(VEHICLE_LIST_MAX_PAGES);
  });

  it("a page token Tesla repeats stops the listing with PROVIDER_ERROR", async () => {
    const t = await harness();
    t.fleet.api.hostile({ path: LIST, repeatPageToken: { field: "pagination.next" } });
    const error = await failure(t.host.execute("Tesla - Get Vehicles", {}));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "Tesla" } });
    expect(error?.message).toContain("same page token twice");
    expect(t.fleet.api.requestsTo(LIST)).toHaveLength(2);
  });

  it("a next page token that is not one (or far too long) is a PROVIDER_ERROR, not the end of the list", async () => {
    const t = await harness();
    for (const next of [{ page: 2 }, "x".repeat(5000)]) {
      t.fleet.api.route("GET /api/1/vehicles", () => ({ json: { response: [], pagination: { next } } }));
      await expect(t.host.execute("Tesla - Get Vehicles", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    }
    expect(t.fleet.api.requestsTo(LIST)).toHaveLength(2);
  });

  it("a vehicle command on such a list sends nothing to the car", async () => {
    const t = await harness();
    t.fleet.api.hostile({ path: LIST, repeatPageToken: { field: "pagination.next", token: "7" } });
    await expect(t.host.execute("Tesla - Lock Doors", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
    expect(t.fleet.api.requests.length).toBeLessThanOrEqual(2);
  });
});

describe("malformed provider data", () => {
  it("skips and counts vehicle entries that are not vehicles; the good one still works", async () => {
    const t = await harness();
    t.fleet.api.hostile({ path: LIST, malformedItems: "response" });
    const result = await t.host.execute("Tesla - Get Vehicles", {});
    // null, "garbage", {} and a copy of the real entry with every value of the wrong type.
    expect(result.data).toMatchObject({ count: 1, skipped: 4, vehicles: [{ vin: MODEL_3.vin }] });
    expect(result.markdown).toContain("4 vehicle entries from Tesla could not be read and were left out.");
    const locked = await t.host.execute("Tesla - Lock Doors", {});
    expect(locked.data).toMatchObject({ vehicle: { vin: MODEL_3.vin }, result: true });
  });

  it("a vehicle missing from a list with unreadable entries says so", async () => {
    const t = await harness();
    t.fleet.api.hostile({ path: LIST, malformedItems: "response" });
    const error = await failure(t.host.execute("Tesla - Get Charge State", { vehicle_tag: "Road Runner" }));
    expect(error).toMatchObject({ code: "NOT_FOUND", details: { skipped: 4 } });
    expect(error?.message).toContain("could not be read");
  });

  it("a list that is not a list reads as no usable vehicles, counted", async () => {
    const t = await harness();
    t.fleet.api.route("GET /api/1/vehicles", () => ({ json: { response: "garbage", count: 1 } }));
    const result = await t.host.execute("Tesla - Get Vehicles", {});
    expect(result.data).toMatchObject({ count: 0, skipped: 1 });
  });

  it.each([
    ["vehicle_data is not an object", "GET /api/1/vehicles/:tag/vehicle_data", { response: "garbage" }, "Tesla - Get Charge State"],
    ["a command result of the wrong type", "POST /api/1/vehicles/:tag/command/:name", { response: { result: "yes", reason: 7 } }, "Tesla - Flash Lights"],
    ["a command answered with null", "POST /api/1/vehicles/:tag/command/:name", null, "Tesla - Honk Horn"],
  ])("%s is a PROVIDER_ERROR", async (_case, route, json, command) => {
    const t = await harness();
    t.fleet.api.route(route, () => ({ json }));
    await expect(t.host.execute(command, {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });

  it("sections of vehicle_data of the wrong type read as unknown values", async () => {
    const t = await harness();
    t.fleet.api.route("GET /api/1/vehicles/:tag/vehicle_data", () => ({
      json: { response: { charge_state: "garbage", climate_state: [1, 2], vehicle_state: { software_update: 42, odometer: "far", locked: "yes" } } },
    }));
    const charge = await t.host.execute("Tesla - Get Charge State", {});
    expect(charge.data).toMatchObject({ batteryLevelPercent: null, chargingState: null });
    const state = await t.host.execute("Tesla - Get Vehicle State", {});
    expect(state.data).toMatchObject({ locked: null, odometerMiles: null, softwareUpdate: { status: null } });
    const climate = await t.host.execute("Tesla - Get Climate State", {});
    expect(climate.data).toMatchObject({ insideTempC: null });
  });

  it("an unreadable wake_up or state answer while waking is a PROVIDER_ERROR", async () => {
    const t = await harness();
    t.setVehicles([fakeVehicle({ ...MODEL_3, state: "asleep" })]);
    t.fleet.api.route("POST /api/1/vehicles/:tag/wake_up", () => ({ json: { response: null } }));
    await expect(t.host.execute("Tesla - Wake Vehicle", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    t.fleet.api.route("POST /api/1/vehicles/:tag/wake_up", () => ({ json: { response: { state: "asleep" } } }));
    t.fleet.api.route("GET /api/1/vehicles/:tag", () => ({ json: { response: { state: 3 } } }));
    await expect(t.host.execute("Tesla - Wake Vehicle", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(t.fleet.api.requests.filter((r) => r.path === `${LIST}/${MODEL_3.vin}`)).toHaveLength(1);
  });
});

describe("bounded waiting", () => {
  it(`checks a waking car at most ${MAX_WAKE_POLLS} times, however short the poll interval`, async () => {
    const t = await harness({ settings: { TESLA_WAKE_TIMEOUT_SECONDS: "0.3", TESLA_WAKE_POLL_SECONDS: "0.0001" } });
    t.setVehicles([fakeVehicle({ ...MODEL_3, state: "offline", pollsToWake: Infinity })]);
    await expect(t.host.execute("Tesla - Wake Vehicle", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR", details: { state: "offline" } });
    const polls = t.fleet.api.requestsTo(`${LIST}/${MODEL_3.vin}`, "GET").length;
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(MAX_WAKE_POLLS);
  });
});

describe("echoed secrets", () => {
  it("a Fleet API that echoes the access token gets it into neither results nor errors", async () => {
    const t = await harness();
    t.fleet.api.hostile({ echoSecrets: { fields: ["display_name", "reason", "car_version", "charging_state"] } });
    const results = [
      await t.host.execute("Tesla - Get Vehicles", {}),
      await t.host.execute("Tesla - Lock Doors", {}),
      await t.host.execute("Tesla - Get Charge State", {}),
      await t.host.execute("Tesla - Get Vehicle State", {}),
    ];
    const token = t.fleet.api.requests.at(-1)!.token!;
    expect(token).toBeTruthy();
    for (const result of results) expect(JSON.stringify(result)).not.toContain(token);
    t.fleet.api.route("POST /api/1/vehicles/:tag/command/:name", () => ({ json: { response: { result: false, reason: "not_charging" } } }));
    const declined = await failure(t.host.execute("Tesla - Stop Charging", {}));
    expect(declined).toMatchObject({ code: "CONFLICT" });
    expect(`${declined?.message} ${JSON.stringify(declined?.details)}`).not.toContain(token);
  });
});

describe("slow, huge and dropped answers", () => {
  it("a Fleet API slower than the timeout: a read fails with PROVIDER_ERROR after a bounded number of tries", async () => {
    const t = await harness({ settings: { TESLA_HTTP_TIMEOUT_MS: "100" } });
    t.fleet.api.hostile({ path: LIST, delayMs: 400 });
    const error = await failure(t.host.execute("Tesla - Check Vehicle Online", {}));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { timeout: "request" } });
    expect(t.fleet.api.requestsTo(LIST).length).toBeLessThanOrEqual(4);
  });

  it("a slow answer within the timeout still works", async () => {
    const t = await harness({ settings: { TESLA_HTTP_TIMEOUT_MS: "2000" } });
    t.fleet.api.hostile({ delayMs: 50 });
    await expect(t.host.execute("Tesla - Get Charge State", {})).resolves.toMatchObject({ data: { batteryLevelPercent: 80 } });
  });

  it("a huge answer is read and only what the command needs is returned", async () => {
    const t = await harness();
    t.fleet.api.hostile({ hugeBodyBytes: 5_000_000 });
    const result = await t.host.execute("Tesla - Get Vehicles", {});
    expect(result.data).toMatchObject({ count: 1, vehicles: [{ vin: MODEL_3.vin, charge: { batteryLevelPercent: 80 } }] });
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
  });

  it("a dropped connection is a PROVIDER_ERROR; a read is retried a bounded number of times, a command never", async () => {
    const t = await harness();
    t.fleet.api.hostile({ path: LIST, dropConnection: true });
    await expect(t.host.execute("Tesla - Check Vehicle Online", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(t.fleet.api.requestsTo(LIST).length).toBeLessThanOrEqual(4);

    const command = `${LIST}/${MODEL_3.vin}/command/honk_horn`;
    t.fleet.api.hostile({ path: command, dropConnection: true });
    await expect(t.host.execute("Tesla - Honk Horn", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(t.fleet.api.requestsTo(command)).toHaveLength(1);
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
  });

  it("two vehicles, one of them behind a dropping connection, fail the read cleanly", async () => {
    const t = await harness();
    t.setVehicles([fakeVehicle(MODEL_3), fakeVehicle(MODEL_Y)]);
    t.fleet.api.hostile({ path: `${LIST}/${MODEL_Y.vin}/vehicle_data`, dropConnection: true });
    await expect(t.host.execute("Tesla - Get Vehicles", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(t.fleet.api.requestsTo(`${LIST}/${MODEL_Y.vin}/vehicle_data`).length).toBeLessThanOrEqual(4);
  });
});
