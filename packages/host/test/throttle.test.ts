import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthFailureThrottle } from "../src/server/auth-throttle.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = await makeHostDir();
  server = await startTestServer({ dir, authFailureLimit: 5 });
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

describe("failed API keys", () => {
  it("are throttled per client address: 429 with Retry-After after a burst, without looking the key up", async () => {
    const good = await server.users.add("guesser-victim");
    let lookups = 0;
    const authenticate = server.users.authenticate.bind(server.users);
    server.users.authenticate = async (k: string) => (lookups++, authenticate(k));
    try {
      for (let i = 0; i < 5; i++) expect((await call(`${server.url}/v1/commands`, { key: `agx_guess_${i}` })).status).toBe(401);
      expect(lookups).toBe(5);
      const refused = await call(`${server.url}/v1/commands`, { key: "agx_guess_6" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.body).toEqual({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many failed API key attempts/) } });
      // While the address is throttled even a good key waits, and no further lookup is made.
      expect((await call(`${server.url}/mcp`, { key: good, body: { jsonrpc: "2.0", id: 1, method: "tools/list" } })).status).toBe(429);
      expect(lookups).toBe(5);
      // Public routes are not affected.
      expect((await call(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      server.users.authenticate = authenticate;
    }
  });

  it("forget an address once its window has passed, and keep memory bounded", () => {
    let now = 0;
    const throttle = new AuthFailureThrottle(2, () => now);
    throttle.recordFailure("a");
    expect(throttle.retryAfterSeconds("a")).toBeUndefined();
    throttle.recordFailure("a");
    expect(throttle.retryAfterSeconds("a")).toBe(60);
    now = 45_500;
    expect(throttle.retryAfterSeconds("a")).toBe(15);
    now = 60_000;
    expect(throttle.retryAfterSeconds("a")).toBeUndefined();
    for (let i = 0; i < 50_000; i++) throttle.recordFailure(`10.0.${i}`);
    expect((throttle as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(10_000);
  });
});

describe("AGX_RATE_LIMIT (requests per key and minute)", () => {
  it("answers 429 RATE_LIMITED with Retry-After past the limit, for that key only", async () => {
    // A separate server: the address above is throttled for failed keys by now.
    const limitedDir = await makeHostDir();
    const limited = await startTestServer({ dir: limitedDir, rateLimitPerMinute: 3 });
    try {
      const alice = await limited.users.add("alice");
      const bob = await limited.users.add("bob");
      for (let i = 0; i < 3; i++) expect((await call(`${limited.url}/v1/commands/probe%2FEcho`, { key: alice, body: { text: "hi" } })).status).toBe(200);
      const over = await call(`${limited.url}/v1/commands/probe%2FEcho`, { key: alice, body: { text: "hi" } });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(over.body).toEqual({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringMatching(/More than 3 requests a minute/) } });
      expect((await call(`${limited.url}/v1/commands`, { key: bob })).status).toBe(200);
      expect(limited.logs).toContainEqual(expect.objectContaining({ msg: "request finished", userId: "alice", outcome: "RATE_LIMITED", statusCode: 429 }));
    } finally {
      await limited.close();
      await removeDir(limitedDir);
    }
  });
});
