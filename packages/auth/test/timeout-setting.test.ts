import { afterEach, describe, expect, it } from "vitest";
import { secret, z } from "@agx-ext/core";
import { apiKey } from "../src/index.js";
import { failure, providerExtension, startAuthHost, startFakeProvider, type AuthHost, type FakeProvider } from "./support.js";

const KEY = "sk-timeouts-9f8e7d";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The module's own timeout is a minute: only the setting can end a hung request within the test's time. */
async function setup(settings: Record<string, string>): Promise<{ host: AuthHost; provider: FakeProvider }> {
  const provider = await startFakeProvider({ routes: { "POST /v1/jobs": () => ({ status: 201, json: { id: 1 } }), "GET /v1/jobs": () => ({ json: [] }) } });
  cleanups.push(() => provider.close());
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("slowpoke", apiKey({ setting: "SLOWPOKE_KEY" }), { SLOWPOKE_KEY: secret(z.string()) })],
    settings: { API_URL: provider.url, SLOWPOKE_KEY: KEY, ...settings },
    auth: { http: { timeoutMs: 60_000, retries: 1, backoffBaseMs: 5, backoffMaxMs: 10 } },
  });
  cleanups.push(() => host.close());
  return { host, provider };
}

const run = (host: AuthHost, method: string) => host.runtime.execute("slowpoke get", { path: "/v1/jobs", method }, { userId: "alice" });

describe("HTTP timeout from host-wide settings", () => {
  it("<PROVIDER>_HTTP_TIMEOUT_MS ends a request the provider never answers", async () => {
    const { host, provider } = await setup({ SLOWPOKE_HTTP_TIMEOUT_MS: "150", AGX_HTTP_TIMEOUT_MS: "60000" });
    provider.fault({ path: "/v1/jobs", hang: true });
    const failed = await failure(run(host, "POST"));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { host: new URL(provider.url).host, method: "POST", timeout: "request" } });
    expect(failed.message).toContain("did not answer in time");
    expect(provider.requestsTo("/v1/jobs", "POST")).toHaveLength(1);
  });

  it("AGX_HTTP_TIMEOUT_MS applies to every provider; a timed-out GET is retried", async () => {
    const { host, provider } = await setup({ AGX_HTTP_TIMEOUT_MS: "150" });
    provider.fault({ path: "/v1/jobs", hang: true });
    expect((await run(host, "GET")).data).toEqual([]);
    expect(provider.requestsTo("/v1/jobs", "GET")).toHaveLength(2);
  });

  it("refuses a value that is not a positive number of milliseconds", async () => {
    const { host } = await setup({ AGX_HTTP_TIMEOUT_MS: "soon" });
    expect(await failure(run(host, "GET"))).toMatchObject({ code: "NOT_CONFIGURED", details: { invalid: ["AGX_HTTP_TIMEOUT_MS"] } });
  });
});
