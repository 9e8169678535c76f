import type { TestHost } from "@agx-ext/testing";
import type { OAuthTestServer } from "@agx-ext/testing/oauth";
import { startOAuthHarness } from "@agx-ext/testing/oauth-harness";
import { Tesla } from "../src/index.js";
import { fakeVehicle, startFakeFleet, type FakeFleet, type FakeVehicle } from "./fake-fleet-api.js";

export interface TeslaHarness {
  host: TestHost;
  oauth: OAuthTestServer;
  fleet: FakeFleet;
  /** Requests both fakes (Fleet API and command proxy) have received so far. */
  requestCount(): number;
  /** Replaces the account's vehicles (fresh state for a test). */
  setVehicles(vehicles: FakeVehicle[]): void;
  connect(userId?: string): Promise<void>;
  close(): Promise<void>;
}

export const MODEL_3 = { id: 1492931337, vin: "5YJ3E1EA7KF317000", display_name: "Kool Beans" };
export const MODEL_Y = { id: 1492939999, vin: "7SAYGDEE5PF123456", display_name: "Road Runner" };

/**
 * A host with the Tesla extension against a fake Fleet API, a fake command proxy and an OAuth 2.0
 * server playing Tesla's (client secret in the form, no PKCE). Waking polls every 10 ms.
 */
export async function startTeslaHarness(options: { settings?: Record<string, string>; withProxy?: boolean; databaseUrl?: string } = {}): Promise<TeslaHarness> {
  const harness = await startOAuthHarness({
    extension: Tesla,
    oauth: { clientAuth: "body" },
    startFake: (isValidToken) => startFakeFleet({ isValidToken, vehicles: [fakeVehicle(MODEL_3)] }),
    fakeSettings: (fleet) => ({
      TESLA_FLEET_API_URL: fleet.api.url,
      TESLA_DOMAIN: "agx.example.com",
      TESLA_WAKE_TIMEOUT_SECONDS: "2",
      TESLA_WAKE_POLL_SECONDS: "0.01",
      ...(options.withProxy ? { TESLA_COMMAND_PROXY_URL: fleet.proxy.url } : {}),
    }),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  const fleet = harness.fake;
  return {
    host: harness.host,
    oauth: harness.oauth,
    fleet,
    requestCount: () => fleet.api.requests.length + fleet.proxy.requests.length,
    setVehicles(vehicles) {
      fleet.vehicles.splice(0, fleet.vehicles.length, ...vehicles);
    },
    async connect(userId = "alice") {
      await harness.connect(userId);
    },
    close: harness.close,
  };
}
