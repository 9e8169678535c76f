import { afterEach, describe, expect, it } from "vitest";
import { secret, z } from "@agx-ext/core";
import { apiKey } from "../src/index.js";
import { retryAfterSeconds } from "../src/http/errors.js";
import { failure, providerExtension, startAuthHost, startFakeProvider, type AuthHost, type FakeProvider } from "./support.js";

const KEY = "sk-live-4f9a8b7c6d5e";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  declaration = apiKey({ setting: "WX_API_KEY", header: "X-Api-Key" }),
  timeoutMs?: number,
): Promise<{ host: AuthHost; provider: FakeProvider }> {
  const provider = await startFakeProvider({
    routes: {
      "GET /v1/me": (req) =>
        req.headers["x-api-key"] === KEY || req.query.get("key") === KEY || req.headers.authorization === `Token ${KEY}`
          ? { json: { id: "me" } }
          : { status: 401, json: { error: "bad key" } },
      "POST /v1/things": () => ({ status: 201, json: { created: true } }),
      "GET /v1/missing": () => ({ status: 404, json: { error: { message: "No such thing" } } }),
      "GET /v1/html": () => ({ text: "<html>maintenance</html>" }),
      "GET /v1/big": () => ({ text: "x".repeat(2_000_000) }),
      "GET /v1/echo": () => ({ status: 400, json: { message: `invalid key ${KEY} for this endpoint` } }),
    },
  });
  cleanups.push(() => provider.close());
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("wx", declaration, { WX_API_KEY: secret(z.string().min(1)) })],
    settings: { API_URL: provider.url, WX_API_KEY: KEY },
    ...(timeoutMs ? { auth: { http: { timeoutMs, retries: 2, backoffBaseMs: 5, backoffMaxMs: 20 } } } : {}),
  });
  cleanups.push(() => host.close());
  return { host, provider };
}

const run = (host: AuthHost, path: string, method = "GET") => host.runtime.execute("wx get", { path, method }, { userId: "alice" });

describe("authorized HTTP client: retries", () => {
  it("waits for Retry-After on 429 and then succeeds", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 429, retryAfter: 1 });
    const result = await run(host, "/v1/me");
    expect(result.data).toEqual({ id: "me" });
    expect(provider.requestsTo("/v1/me")).toHaveLength(2);
  });

  it("accepts Retry-After as an HTTP date", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 503, retryAfter: new Date(Date.now() + 1000).toUTCString() });
    expect((await run(host, "/v1/me")).data).toEqual({ id: "me" });
    expect(provider.requestsTo("/v1/me")).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond the cap: RATE_LIMITED with the wait", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 429, retryAfter: 3600 });
    const limited = await failure(run(host, "/v1/me"));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 3600, details: { status: 429 } });
    expect(provider.requestsTo("/v1/me")).toHaveLength(1);
  });

  it("retries 503 then succeeds; gives up with PROVIDER_ERROR after the retry budget", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/me", status: 503 });
    expect((await run(host, "/v1/me")).data).toEqual({ id: "me" });
    expect(provider.requestsTo("/v1/me")).toHaveLength(2);

    provider.fault({ path: "/v1/me", status: 502, times: 10 });
    const failed = await failure(run(host, "/v1/me"));
    expect(failed).toMatchObject({ code: "PROVIDER_ERROR", details: { status: 502 } });
    expect(provider.requestsTo("/v1/me")).toHaveLength(2 + 3); // first try + 2 retries
  });

  it("never retries a POST", async () => {
    const { host, provider } = await setup();
    provider.fault({ path: "/v1/things", status: 503 });
    const failed = await failure(run(host, "/v1/things", "POST"));
    expect(failed.code).toBe("PROVIDER_ERROR");
    expect(provider.requestsTo("/v1/things")).toHaveLength(1);
  });

  it("times out a hung request, retries it, then reports the host", async () => {
    const { host, provider } = await setup(undefined, 400);
    provider.fault({ path: "/v1/me", hang: true });
    expect((await run(host, "/v1/me")).data).toEqual({ id: "me" });

    provider.fault({ path: "/v1/me", hang: true, times: 3 });
    const failed = await failure(run(host, "/v1/me"));
    expect(failed.code).toBe("PROVIDER_ERROR");
    expect(failed.message).toContain(new URL(provider.url).host);
    expect(provider.requestsTo("/v1/me")).toHaveLength(2 + 3);
  });
});

describe("authorized HTTP client: errors and keys", () => {
  it("maps 404 to NOT_FOUND with the provider's status and parsed body", async () => {
    const { host } = await setup();
    const missing = await failure(run(host, "/v1/missing"));
    expect(missing).toMatchObject({ code: "NOT_FOUND", details: { status: 404, body: { error: { message: "No such thing" } } } });
    expect(missing.message).toContain("No such thing");
  });

  it("scrubs the API key from messages and bodies", async () => {
    const { host } = await setup();
    const echoed = await failure(run(host, "/v1/echo"));
    expect(echoed.code).toBe("INVALID_INPUT");
    expect(JSON.stringify(echoed)).not.toContain(KEY);
    expect(echoed.message).toContain("[redacted]");
  });

  it("lets an extension inspect a failed response with throwHttpErrors: false", async () => {
    const { host } = await setup();
    const result = await host.runtime.execute("wx raw", { path: "/v1/missing" }, { userId: "alice" });
    expect(result.data).toEqual({ status: 404 });
  });

  it("sends a user's stored key in place of the host-wide one, in a query parameter when declared", async () => {
    const { host, provider } = await setup(apiKey({ setting: "WX_API_KEY", query: "key" }));
    await host.auth.setSecret("bob", "wx", "WX_API_KEY", "bobs-own-key-123");
    const bobs = await failure(host.runtime.execute("wx get", { path: "/v1/me" }, { userId: "bob" }));
    expect(bobs.code).toBe("UNAUTHORIZED");
    expect(provider.requests.at(-1)!.query.get("key")).toBe("bobs-own-key-123");
    expect(JSON.stringify(bobs)).not.toContain("bobs-own-key-123");
    expect((await run(host, "/v1/me")).data).toEqual({ id: "me" }); // alice falls back to the host-wide key
    const refused = await failure(host.auth.setSecret("bob", "wx", "OTHER", "x"));
    expect(refused.code).toBe("INVALID_INPUT");
  });

  it("puts the key behind a scheme in the Authorization header", async () => {
    const { host, provider } = await setup(apiKey({ setting: "WX_API_KEY", scheme: "Token" }));
    expect((await run(host, "/v1/me")).data).toEqual({ id: "me" });
    expect(provider.requests[0]!.headers.authorization).toBe(`Token ${KEY}`);
  });

  it("reports an unreachable provider by host", async () => {
    const { host, provider } = await setup();
    await provider.close();
    cleanups.shift();
    const down = await failure(run(host, "/v1/me"));
    expect(down.code).toBe("PROVIDER_ERROR");
    expect(down.message).toContain(new URL(provider.url).host);
  });

  it("reads Retry-After in seconds and as a date", () => {
    expect(retryAfterSeconds("120")).toBe(120);
    expect(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 1, 0)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(60);
    expect(retryAfterSeconds("soon")).toBeUndefined();
  });
});

describe("authorized HTTP client: answers that are not JSON", () => {
  it("a 200 with a text body is PROVIDER_ERROR naming the provider, through .json() and responseType json", async () => {
    const { host, provider: fake } = await setup();
    const viaShortcut = await failure(run(host, "/v1/html"));
    expect(viaShortcut).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "wx", status: 200, reason: "not_json" } });
    expect(viaShortcut.message).toMatch(/^wx answered 200 with a body that is not JSON/);
    expect(viaShortcut.message).not.toContain("maintenance");
    const client = await host.auth.httpClient("alice", "wx");
    const direct = await failure(client.get(`${fake.url}/v1/html`, { responseType: "json" }));
    expect(direct).toMatchObject({ code: "PROVIDER_ERROR", details: { provider: "wx", reason: "not_json" } });
  });
});

describe("authorized HTTP client: cancelling", () => {
  it("a caller's request.cancel() stops the download and rejects the request (it crashed on got's unbound cancel)", async () => {
    const { host, provider } = await setup();
    const client = await host.auth.httpClient("alice", "wx");
    const request = client(`${provider.url}/v1/big`, { responseType: "text" });
    let cancelled = false;
    request.on("downloadProgress", (progress) => {
      if (progress.transferred > 0 && !cancelled) {
        cancelled = true;
        request.cancel();
      }
    });
    const outcome = await request.then(
      () => "resolved",
      (error: Error) => error.name,
    );
    expect(cancelled).toBe(true);
    expect(outcome).toBe("CancelError");
  });
});
