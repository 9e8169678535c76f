import { afterEach, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "../src/provider.js";

let provider: FakeProvider | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

describe("startFakeProvider", () => {
  it("routes by method and path params, parses JSON bodies and checks bearer tokens", async () => {
    provider = await startFakeProvider({
      bearer: ["good-token"],
      routes: {
        "GET /v1/items/:id": (req) => ({ json: { id: req.params.id, q: req.query.get("q") } }),
        "POST /v1/items": (req) => ({ status: 201, json: { received: req.body } }),
      },
    });
    const auth = { authorization: "Bearer good-token" };
    const got = await fetch(`${provider.url}/v1/items/a%20b?q=x`, { headers: auth });
    expect(await got.json()).toEqual({ id: "a b", q: "x" });
    const posted = await fetch(`${provider.url}/v1/items`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "n" }),
    });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toEqual({ received: { name: "n" } });

    const denied = await fetch(`${provider.url}/v1/items/1`, { headers: { authorization: "Bearer bad" } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toContain("invalid_token");
    expect((await fetch(`${provider.url}/v1/nope`, { headers: auth })).status).toBe(404);
    expect(provider.requestsTo("/v1/items/a b")).toHaveLength(0);
    expect(provider.requests.map((r) => r.token)).toEqual(["good-token", "good-token", "bad", "good-token"]);
  });

  it("injects faults in order, only for matching paths, then answers normally", async () => {
    provider = await startFakeProvider({ routes: { "GET /a": () => ({ json: { ok: true } }), "GET /b": () => ({ text: "b" }) } });
    provider.fault({ path: "/a", status: 429, retryAfter: 7 });
    provider.fault({ path: "/a", status: 503, times: 2 });
    provider.fault({ path: "/a", expiredToken: true });

    expect((await fetch(`${provider.url}/b`)).status).toBe(200);
    const limited = await fetch(`${provider.url}/a`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await fetch(`${provider.url}/a`)).status).toBe(503);
    expect((await fetch(`${provider.url}/a`)).status).toBe(503);
    const expired = await fetch(`${provider.url}/a`);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: "invalid_token" });
    expect((await fetch(`${provider.url}/a`)).status).toBe(200);
  });

  it("hangs a request until the client gives up, and close() still ends", async () => {
    provider = await startFakeProvider({ routes: { "GET /slow": () => ({ json: {} }) } });
    provider.fault({ hang: true });
    await expect(fetch(`${provider.url}/slow`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(provider.requests).toHaveLength(1);
  });
});
