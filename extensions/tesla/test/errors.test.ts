import { afterEach, describe, expect, it } from "vitest";
import { createTestHost } from "@agx-ext/testing";
import { Tesla } from "../src/index.js";
import { fakeVehicle } from "./fake-fleet-api.js";
import { MODEL_3, startTeslaHarness, type TeslaHarness } from "./harness.js";

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

const ASLEEP_408 = { response: null, error: "vehicle unavailable: vehicle is offline or asleep", error_description: "" };

describe("sleeping vehicles", () => {
  it("wakes an asleep car, polls until it is online, then runs the command and says so", async () => {
    const t = await harness();
    t.setVehicles([fakeVehicle({ ...MODEL_3, state: "asleep", pollsToWake: 3 })]);
    const result = await t.host.execute("Tesla - Lock Doors", {});
    expect(t.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/wake_up`, "POST")).toHaveLength(1);
    expect(t.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}`, "GET")).toHaveLength(3);
    expect(t.fleet.vehicles[0]!.executed).toEqual([{ name: "door_lock", body: {}, signed: false }]);
    expect(result.data).toMatchObject({ woke: true, result: true });
    expect(result.markdown).toContain("The vehicle was asleep, so it was woken first.");
  });

  it("gives up after the wake timeout without sending the command", async () => {
    const t = await harness({ settings: { TESLA_WAKE_TIMEOUT_SECONDS: "0.1" } });
    t.setVehicles([fakeVehicle({ ...MODEL_3, state: "offline", pollsToWake: Infinity })]);
    const error = await t.host.execute("Tesla - Honk Horn", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { vin: MODEL_3.vin, state: "offline" } });
    expect((error as Error).message).toContain("did not wake up within 0.1 s (it is offline)");
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
  });

  it("wakes the car for a state read", async () => {
    const t = await harness();
    t.setVehicles([fakeVehicle({ ...MODEL_3, state: "asleep", pollsToWake: 1 })]);
    const result = await t.host.execute("Tesla - Get Charge State", {});
    expect(result.data).toMatchObject({ woke: true, batteryLevelPercent: 80 });
    expect(result.markdown).toContain("woken first");
  });

  it("a 408 from vehicle_data (fell asleep since the list) wakes the car and reads again", async () => {
    const t = await harness();
    const path = `/api/1/vehicles/${MODEL_3.vin}/vehicle_data`;
    t.fleet.api.fault({ path, status: 408, json: ASLEEP_408 });
    const result = await t.host.execute("Tesla - Get Climate State", {});
    expect(t.fleet.api.requestsTo(path)).toHaveLength(2);
    expect(t.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/wake_up`)).toHaveLength(1);
    expect(result.data).toMatchObject({ woke: true, insideTempC: 24.2 });
  });

  it("a 408 from a command wakes the car and sends the command once more", async () => {
    const t = await harness();
    const path = `/api/1/vehicles/${MODEL_3.vin}/command/charge_start`;
    t.fleet.api.fault({ path, status: 408, json: ASLEEP_408 });
    const result = await t.host.execute("Tesla - Start Charging", {});
    expect(t.fleet.api.requestsTo(path)).toHaveLength(2);
    expect(t.fleet.vehicles[0]!.executed).toHaveLength(1);
    expect(result.data).toMatchObject({ woke: true });
  });

  it("Wake Vehicle wakes and reports; an awake car is left alone", async () => {
    const t = await harness();
    t.setVehicles([fakeVehicle({ ...MODEL_3, state: "asleep", pollsToWake: 2 })]);
    const woken = await t.host.execute("Tesla - Wake Vehicle", {});
    expect(woken).toMatchObject({ data: { woke: true, state: "online" }, markdown: `Woke Kool Beans (${MODEL_3.vin}); it is online.` });
    const again = await t.host.execute("Tesla - Wake Vehicle", {});
    expect(again.data).toMatchObject({ woke: false });
    expect(t.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/wake_up`)).toHaveLength(1);
  });
});

describe("signed commands (Vehicle Command Protocol)", () => {
  it("without a proxy, the vehicle's 403 becomes NOT_CONFIGURED with the pairing steps", async () => {
    const t = await harness();
    t.setVehicles([fakeVehicle({ ...MODEL_3, command_signing: "required" })]);
    const error = await t.host.execute("Tesla - Unlock Doors", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "NOT_CONFIGURED",
      details: { missing: ["TESLA_COMMAND_PROXY_URL"], pairingUrl: "https://tesla.com/_ak/agx.example.com" },
    });
    expect((error as Error).message).toContain("only accepts commands signed with Tesla's Vehicle Command Protocol");
    expect((error as Error).message).toContain("https://tesla.com/_ak/agx.example.com");
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
  });

  it("an unsigned_cmds_hardlocked result is treated the same way", async () => {
    const t = await harness();
    t.fleet.api.route(`POST /api/1/vehicles/:tag/command/:name`, () => ({ json: { response: { result: false, reason: "unsigned_cmds_hardlocked" } } }));
    await expect(t.host.execute("Tesla - Lock Doors", {})).rejects.toMatchObject({ code: "NOT_CONFIGURED" });
  });

  it("with a proxy, commands go through it by VIN and data reads go straight to the Fleet API", async () => {
    const t = await harness({ withProxy: true });
    t.setVehicles([fakeVehicle({ ...MODEL_3, command_signing: "required" })]);
    t.fleet.pairedVins.add(MODEL_3.vin);
    const result = await t.host.execute("Tesla - Set Charge Limit", { percent: 85 });
    expect(t.fleet.proxy.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/command/set_charge_limit`, "POST")).toHaveLength(1);
    expect(t.fleet.api.requests.filter((r) => r.path.includes("/command/"))).toEqual([]);
    expect(t.fleet.vehicles[0]!.executed).toEqual([{ name: "set_charge_limit", body: { percent: 85 }, signed: true }]);
    expect(result.data).toMatchObject({ via: "command proxy" });
    const state = await t.host.execute("Tesla - Get Charge State", {});
    expect(state.data).toMatchObject({ chargeLimitPercent: 85 });
    expect(t.fleet.api.requestsTo(`/api/1/vehicles/${MODEL_3.vin}/vehicle_data`)).toHaveLength(1);
    expect(t.fleet.proxy.requests.every((r) => r.token && t.oauth.isValidAccessToken(r.token))).toBe(true);
  });

  it("with a proxy whose key the car does not know, says to pair it", async () => {
    const t = await harness({ withProxy: true });
    const error = await t.host.execute("Tesla - Lock Doors", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: [] } });
    expect((error as Error).message).toContain("its key is not paired with the vehicle yet");
    expect((error as Error).message).toContain("https://tesla.com/_ak/agx.example.com");
  });
});

describe("provider faults", () => {
  it("421 user out of region names the base URL to set", async () => {
    const t = await harness();
    t.fleet.api.fault({
      path: "/api/1/vehicles",
      status: 421,
      json: {
        response: null,
        error:
          "user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com, see https://developer.tesla.com/docs/fleet-api#regional-requirements",
        error_description: "",
      },
    });
    const error = await t.host.execute("Tesla - Get Vehicles", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "NOT_CONFIGURED",
      details: { invalid: ["TESLA_FLEET_API_URL"], suggestedBaseUrl: "https://fleet-api.prd.eu.vn.cloud.tesla.com" },
    });
    expect((error as Error).message).toContain("Set TESLA_FLEET_API_URL to https://fleet-api.prd.eu.vn.cloud.tesla.com.");
  });

  it("412 for an application not registered in the region says how to register", async () => {
    const t = await harness();
    t.fleet.api.fault({
      path: "/api/1/vehicles",
      status: 412,
      json: {
        error:
          "Account 6f2c must be registered in the current region https://fleet-api.prd.na.vn.cloud.tesla.com, please see https://developer.tesla.com/docs/fleet-api#register",
      },
    });
    const error = await t.host.execute("Tesla - Check Vehicle Online", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_CONFIGURED" });
    expect((error as Error).message).toContain("/api/1/partner_accounts");
  });

  it("Get Vehicles shows a car that fell asleep meanwhile without live data, and fails on other errors", async () => {
    const t = await harness();
    const path = `/api/1/vehicles/${MODEL_3.vin}/vehicle_data`;
    t.fleet.api.fault({ path, status: 408, json: ASLEEP_408 });
    const result = await t.host.execute("Tesla - Get Vehicles", {});
    expect((result.data as { vehicles: Array<{ charge: unknown }> }).vehicles[0]!.charge).toBeNull();
    t.fleet.api.fault({ path, status: 403, json: { response: null, error: "Unauthorized missing scopes", error_description: "" } });
    await expect(t.host.execute("Tesla - Get Vehicles", {})).rejects.toMatchObject({ code: "UNAUTHORIZED", details: { status: 403 } });
  });

  it("a command the car declines is a CONFLICT with Tesla's reason", async () => {
    const t = await harness();
    t.fleet.api.route(`POST /api/1/vehicles/:tag/command/:name`, () => ({ json: { response: { result: false, reason: "not_charging" } } }));
    await expect(t.host.execute("Tesla - Stop Charging", {})).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Kool Beans (${MODEL_3.vin}) declined charge_stop: not_charging.`,
    });
  });

  it("429 with Tesla's rate-limit headers becomes RATE_LIMITED with the wait", async () => {
    const t = await harness();
    t.fleet.api.fault({
      path: "/api/1/vehicles",
      status: 429,
      retryAfter: 3600,
      headers: { "ratelimit-limit": "60", "ratelimit-remaining": "0", "ratelimit-reset": "3600" },
      json: { response: null, error: "Too Many Requests", error_description: "" },
    });
    const error = await t.host.execute("Tesla - Honk Horn", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 3600 });
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
  });

  it("a Fleet API that stops answering: the read is retried after the timeout, the command fails once without a repeat", async () => {
    const t = await harness({ settings: { TESLA_HTTP_TIMEOUT_MS: "200" } });
    t.fleet.api.fault({ path: "/api/1/vehicles", hang: true });
    await expect(t.host.execute("Tesla - Check Vehicle Online", {})).resolves.toMatchObject({ data: { online: true } });
    expect(t.fleet.api.requestsTo("/api/1/vehicles")).toHaveLength(2);

    const path = `/api/1/vehicles/${MODEL_3.vin}/command/flash_lights`;
    t.fleet.api.fault({ path, hang: true });
    const error = await t.host.execute("Tesla - Flash Lights", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { host: new URL(t.fleet.api.url).host, timeout: "request" } });
    expect((error as Error).message).toContain("did not answer in time");
    expect(t.fleet.api.requestsTo(path)).toHaveLength(1);
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
  });

  it("a 503 on a read is retried; a 500 on a command is not repeated", async () => {
    const t = await harness();
    t.fleet.api.fault({ path: "/api/1/vehicles", status: 503, json: { response: null, error: "upstream unavailable", error_description: "" } });
    const result = await t.host.execute("Tesla - Check Vehicle Online", {});
    expect(result.data).toMatchObject({ online: true });
    expect(t.fleet.api.requestsTo("/api/1/vehicles")).toHaveLength(2);

    const path = `/api/1/vehicles/${MODEL_3.vin}/command/flash_lights`;
    t.fleet.api.fault({ path, status: 500, json: { response: null, error: "internal error", error_description: "" } });
    await expect(t.host.execute("Tesla - Flash Lights", {})).rejects.toMatchObject({ code: "PROVIDER_ERROR", details: { status: 500 } });
    expect(t.fleet.api.requestsTo(path)).toHaveLength(1);
  });
});

describe("connection", () => {
  it("the code exchange names the region's Fleet API as the token audience", async () => {
    const t = await harness();
    expect(t.oauth.tokenRequests[0]).toMatchObject({ grantType: "authorization_code", status: 200, params: { audience: t.fleet.api.url } });
  });

  it("an expired access token is refreshed once and the command goes through", async () => {
    const t = await harness();
    t.oauth.expireAccessTokens();
    const result = await t.host.execute("Tesla - Lock Doors", {});
    expect(result.data).toMatchObject({ result: true });
    expect(t.oauth.tokenRequestCount("refresh_token")).toBe(1);
  });

  it("a revoked grant answers NOT_CONNECTED with how to reconnect", async () => {
    const t = await harness();
    t.oauth.revokeGrants();
    const error = await t.host.execute("Tesla - Lock Doors", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_CONNECTED" });
    expect((error as Error).message).toContain("agx connect tesla");
    expect(t.fleet.vehicles[0]!.executed).toEqual([]);
  });

  it("a user who never connected gets NOT_CONNECTED", async () => {
    const t = await harness();
    await expect(t.host.execute("Tesla - Get Vehicles", {}, "bob")).rejects.toMatchObject({ code: "NOT_CONNECTED" });
  });

  it("the fake Fleet API refuses requests without a valid bearer token", async () => {
    const t = await harness();
    const response = await fetch(`${t.fleet.api.url}/api/1/vehicles`, { headers: { authorization: "Bearer forged" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ response: null, error: "invalid bearer token", error_description: "" });
  });
});

describe("settings", () => {
  it("names missing client credentials", async () => {
    const bare = await createTestHost({ extensions: [Tesla], settings: {} });
    try {
      await expect(bare.execute("Tesla - Lock Doors", {})).rejects.toMatchObject({
        code: "NOT_CONFIGURED",
        details: { missing: ["TESLA_CLIENT_ID", "TESLA_CLIENT_SECRET"] },
      });
    } finally {
      await bare.close();
    }
  });

  it("the pairing guide needs TESLA_DOMAIN", async () => {
    const t = await harness({ settings: { TESLA_DOMAIN: "" } });
    await expect(t.host.execute("Tesla - TVCP Vehicle Pairing Guide", {})).rejects.toMatchObject({
      code: "NOT_CONFIGURED",
      details: { missing: ["TESLA_DOMAIN"] },
    });
  });
});
