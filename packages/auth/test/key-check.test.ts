import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { apiKey } from "../src/index.js";
import { providerExtension, startAuthHost, startFakeProvider, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const GOOD = "key-that-works-0123";

/** A webhook receiver that keeps the JSON bodies it was sent. */
async function receiver() {
  const received: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000; // liveness bound
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe.each(["sqlite", "postgresql"] as const)("the keep-alive check of stored API keys on %s", (dialect: TestDialect) => {
  it("marks a key the provider refuses needs_reauth (notified), leaves good keys alone, and a new key clears it", async () => {
    const api = await startFakeProvider({
      routes: {
        // The provider's cheap "who am I": 401 for a key it does not know.
        "GET /v1/whoami": (request) => (request.headers["x-api-key"] === GOOD ? { json: { ok: true } } : { status: 401, json: { error: "invalid api key" } }),
      },
    });
    cleanups.push(() => api.close());
    const hook = await receiver();
    const declaration = apiKey({
      setting: "KEYED_API_KEY",
      header: "X-Api-Key",
      check: { url: "https://keyed.example/v1/whoami", urlSetting: "KEYED_CHECK_URL" },
    });
    const unchecked = apiKey({ provider: "plain", setting: "PLAIN_API_KEY", header: "X-Api-Key" });
    const host = await startAuthHost({
      dialect,
      extensions: [providerExtension("keyed", declaration), providerExtension("plain", unchecked)],
      settings: {
        API_URL: api.url,
        KEYED_CHECK_URL: `${api.url}/v1/whoami`,
        AGX_CONNECTION_WEBHOOK_URL: hook.url,
        AGX_WEBHOOK_SECRET: "whsec-test-0123456789",
      },
    });
    cleanups.push(() => host.close());
    await host.auth.setSecret("alice", "keyed", "KEYED_API_KEY", GOOD);
    await host.auth.setSecret("bob", "keyed", "KEYED_API_KEY", "revoked-key-4567");
    await host.auth.setSecret("bob", "plain", "PLAIN_API_KEY", "never-checked-890");

    const first = await host.auth.keepAlive();
    expect(first.keys).toEqual({ checked: 2, refused: [{ userId: "bob", provider: "keyed" }], failed: [] });
    expect(
      api
        .requestsTo("/v1/whoami")
        .map((r) => r.headers["x-api-key"])
        .sort(),
    ).toEqual([GOOD, "revoked-key-4567"]);
    expect(await host.auth.connection("bob", "keyed")).toMatchObject({
      status: "needs_reauth",
      connected: false,
      statusReason: expect.stringContaining("HTTP 401"),
    });
    expect(await host.auth.connection("alice", "keyed")).toMatchObject({ status: "active" });
    const listed = await host.auth.connections("bob");
    expect(listed.map((c) => [c.provider, c.status])).toEqual([
      ["keyed", "needs_reauth"],
      ["plain", "active"],
    ]);
    await until(() => hook.received.length >= 1);
    expect(hook.received).toEqual([expect.objectContaining({ userId: "bob", provider: "keyed", from: "active", to: "needs_reauth" })]);

    // A second pass changes nothing and notifies nothing again.
    expect((await host.auth.keepAlive()).keys.refused).toEqual([{ userId: "bob", provider: "keyed" }]);
    // Bob stores a working key: active at once, and the next check agrees.
    await host.auth.setSecret("bob", "keyed", "KEYED_API_KEY", GOOD);
    expect(await host.auth.connection("bob", "keyed")).toMatchObject({ status: "active" });
    expect((await host.auth.keepAlive()).keys).toEqual({ checked: 2, refused: [], failed: [] });
    await until(() => hook.received.length >= 2);
    expect(hook.received.map((e) => [e.userId, e.from, e.to])).toEqual([
      ["bob", "active", "needs_reauth"],
      ["bob", "needs_reauth", "active"],
    ]);
    // Disconnecting forgets the key and the verdict.
    expect(await host.auth.disconnect("bob", "keyed")).toBe(true);
    expect(await host.auth.connection("bob", "keyed")).toMatchObject({ status: "not_connected" });
  });

  it("a check that gets no verdict (provider down) changes nothing and is reported", async () => {
    const api = await startFakeProvider({ routes: { "GET /v1/whoami": () => ({ status: 503, json: { error: "down" } }) } });
    cleanups.push(() => api.close());
    const declaration = apiKey({
      setting: "KEYED_API_KEY",
      header: "X-Api-Key",
      check: { url: "https://keyed.example/v1/whoami", urlSetting: "KEYED_CHECK_URL" },
    });
    const host = await startAuthHost({
      dialect,
      extensions: [providerExtension("keyed", declaration)],
      settings: { API_URL: api.url, KEYED_CHECK_URL: `${api.url}/v1/whoami` },
    });
    cleanups.push(() => host.close());
    await host.auth.setSecret("alice", "keyed", "KEYED_API_KEY", GOOD);
    const report = await host.auth.keepAlive();
    expect(report.keys).toMatchObject({ checked: 1, refused: [], failed: [{ userId: "alice", provider: "keyed" }] });
    expect(await host.auth.connection("alice", "keyed")).toMatchObject({ status: "active" });
  });
});
