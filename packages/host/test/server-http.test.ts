import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "@agx-ext/core";
import { STATUS_BY_CODE } from "../src/server/status.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let server: TestServer;
let aliceKey: string;
const cmd = (name: string) => `${server.url}/v1/commands/${encodeURIComponent(name)}`;

beforeAll(async () => {
  dir = await makeHostDir();
  server = await startTestServer({ dir, bodyLimit: 4096 });
  aliceKey = await server.users.add("alice");
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

describe("API keys", () => {
  it("admits a valid key and runs as its user", async () => {
    const res = await call(cmd("probe/Echo"), { key: aliceKey, body: { text: "hi" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, data: { text: "hi", user: "alice" }, markdown: "echo: hi" });
  });

  it("answers 401 with the same body for no key, a wrong key, a malformed key and a revoked key", async () => {
    const bobKey = await server.users.add("bob");
    expect((await call(`${server.url}/v1/commands`, { key: bobKey })).status).toBe(200);
    await server.users.revoke("bob");
    const wrong = aliceKey.slice(0, -4) + (aliceKey.endsWith("AAAA") ? "BBBB" : "AAAA");
    const attempts = [
      await call(`${server.url}/v1/commands`),
      await call(`${server.url}/v1/commands`, { key: wrong }),
      await call(`${server.url}/v1/commands`, { key: "not-a-key" }),
      await call(`${server.url}/v1/commands`, { key: bobKey }),
      await call(`${server.url}/v1/commands`, { headers: { authorization: `Basic ${aliceKey}` } }),
      await call(cmd("probe/Echo"), { key: bobKey, body: { text: "x" } }),
      await call(`${server.url}/mcp`, { key: bobKey, body: { jsonrpc: "2.0", id: 1, method: "tools/list" } }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.body).toEqual(attempts[0]!.body);
    }
  });

  it("gives a revoked user a fresh key when added again, and the old key stays dead", async () => {
    const first = await server.users.add("carol");
    await server.users.revoke("carol");
    const second = await server.users.add("carol");
    expect(second).not.toBe(first);
    expect((await call(`${server.url}/v1/commands`, { key: first })).status).toBe(401);
    expect((await call(`${server.url}/v1/commands`, { key: second })).status).toBe(200);
    await expect(server.users.add("carol")).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(server.users.revoke("nobody")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(server.users.add("not a valid id!")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("keeps only a hash: no stored column holds the key", async () => {
    const rows: Record<string, unknown>[] = await server.host.services.database.transaction((em) =>
      em.getConnection().execute("select * from agx_users", [], "all", em.getTransactionContext()),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(aliceKey);
    expect(JSON.stringify(rows)).not.toContain(aliceKey.split("_").at(-1));
  });

  it("leaves /healthz and /openapi.json public", async () => {
    expect((await call(`${server.url}/healthz`)).body).toMatchObject({ status: "ok" });
    expect((await call(`${server.url}/openapi.json`)).status).toBe(200);
  });
});

describe("GET /v1/extensions and /v1/commands", () => {
  it("gives each extension its status", async () => {
    const res = await call(`${server.url}/v1/extensions`, { key: aliceKey });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.extensions.map((e: any) => [e.id ?? e.package, e]));
    expect(byId.probe).toMatchObject({ status: "ready", version: "1.2.3", commands: 8 });
    expect(byId.needy).toMatchObject({ status: "needs_settings", missingSettings: ["NEEDY_TOKEN"] });
    expect(byId["@agx-ext/broken"]).toMatchObject({ status: "failed_to_load" });
    expect(byId["@agx-ext/broken"].reason).toContain("broken on purpose");
  });

  it("lists every command with its JSON Schema", async () => {
    const res = await call(`${server.url}/v1/commands`, { key: aliceKey });
    const echo = res.body.commands.find((c: any) => c.qualifiedName === "probe/Echo");
    expect(echo).toMatchObject({ toolName: "probe_echo", extension: "probe" });
    expect(echo.inputSchema).toMatchObject({ type: "object", properties: { text: { type: "string" } }, required: ["text"] });
  });
});

describe("POST /v1/commands/{name}", () => {
  it("finds a command by qualified name, tool name or unique plain name", async () => {
    for (const name of ["probe/Echo", "probe_echo", "List Items"]) {
      const res = await call(cmd(name), { key: aliceKey, body: name === "List Items" ? {} : { text: "x" } });
      expect(res.status, name).toBe(200);
      expect(res.body.ok).toBe(true);
    }
    const list = await call(cmd("List Items"), { key: aliceKey, method: "POST", rawBody: "", headers: { "content-type": "application/json" } });
    expect(list.body).toEqual({ ok: true, data: [1, 2, 3], markdown: null });
  });

  it.each(ERROR_CODES.map((code) => [code, STATUS_BY_CODE[code]] as const))("answers %s with HTTP %i", async (code, status) => {
    const res = await call(cmd("probe/Fail With"), { key: aliceKey, body: { code } });
    expect(res.status).toBe(status);
    // What the person must do next: a probe failure names no OAuth provider, so the link is the console's connections page.
    const next = code === "NOT_CONFIGURED" || code === "NOT_CONNECTED" ? { details: { connectUrl: `${server.url}/connections` } } : {};
    expect(res.body).toEqual({ ok: false, error: { code, message: `probe failed with ${code}`, ...next } });
  });

  it("sends Retry-After with a 429", async () => {
    const res = await call(cmd("probe/Fail With"), { key: aliceKey, body: { code: "RATE_LIMITED", retryAfter: 7.2 } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("8");
  });

  it("answers an unknown route with 404 naming it without its query", async () => {
    const res = await call(`${server.url}/v1/nowhere?code=oauth-code-1`, { key: aliceKey });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ok: false, error: { code: "NOT_FOUND", message: "No route GET /v1/nowhere." } });
  });

  it("maps the runtime's own failures", async () => {
    const invalid = await call(cmd("probe/Echo"), { key: aliceKey, body: { text: "" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("INVALID_INPUT");
    expect(invalid.body.error.message).toContain("text");

    const unknown = await call(cmd("Ecko"), { key: aliceKey, body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("Echo");

    const ambiguous = await call(cmd("Echo"), { key: aliceKey, body: { text: "x" } });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error.details.choices).toEqual(expect.arrayContaining(["probe/Echo", "needy/Echo"]));

    const unconfigured = await call(cmd("needy/Echo"), { key: aliceKey, body: {} });
    expect(unconfigured.status).toBe(412);
    expect(unconfigured.body.error).toMatchObject({ code: "NOT_CONFIGURED" });
    expect(unconfigured.body.error.message).toContain("NEEDY_TOKEN");

    const notObject = await call(cmd("probe/Echo"), { key: aliceKey, body: ["x"] });
    expect(notObject.status).toBe(400);
  });

  it("answers a crash with 500 and no internals", async () => {
    const res = await call(cmd("probe/Crash"), { key: aliceKey, body: {} });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe("INTERNAL");
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|\/srv\/internal/);
  });

  it("refuses a body over the limit with 413 and bad JSON with 400", async () => {
    const big = await call(cmd("probe/Echo"), { key: aliceKey, body: { text: "x".repeat(5000) } });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    const bad = await call(cmd("probe/Echo"), { key: aliceKey, rawBody: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
    const poisoned = await call(cmd("probe/Echo"), { key: aliceKey, rawBody: '{"text":"x","__proto__":{"admin":true}}' });
    expect(poisoned.status).toBe(400);
    const text = await call(cmd("probe/Echo"), { key: aliceKey, rawBody: "<text>x</text>", headers: { "content-type": "application/xml" } });
    expect(text.status).toBe(415);
  });
});

describe("logs", () => {
  it("writes one JSON line per request with request id, user, command, outcome and duration, and no secrets", async () => {
    const res = await call(cmd("probe/Fail With"), { key: aliceKey, body: { code: "CONFLICT" } });
    const requestId = res.headers.get("x-request-id");
    const line = server.logs.find((l) => l.reqId === requestId && l.msg === "request finished");
    expect(line).toMatchObject({ userId: "alice", command: "probe/Fail With", outcome: "CONFLICT", statusCode: 409 });
    expect(typeof line!.durationMs).toBe("number");
    // The runtime's own line for the same call carries the same request id.
    expect(server.logs.some((l) => l.requestId === requestId && l.msg === "command finished")).toBe(true);
    const all = server.rawLogs.join("\n");
    expect(all).not.toContain(aliceKey);
  });
});

describe("command deadline", () => {
  it("answers 504 when a command outlives its deadline, and keeps serving", async () => {
    // The gate accepts the command's request and never answers it while the test runs.
    const held: import("node:http").ServerResponse[] = [];
    const gate = createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
    const gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;
    const hostDir = await makeHostDir();
    const quick = await startTestServer({ dir: hostDir, commandTimeoutMs: 300 });
    try {
      const key = await quick.users.add("patient");
      const res = await call(`${quick.url}/v1/commands/probe_wait_for_gate`, { key, body: { url: gateUrl } });
      expect(res.status).toBe(504);
      expect(res.body.error).toMatchObject({ code: "PROVIDER_ERROR", details: { timeoutMs: 300 } });
      expect(res.body.error.message).toContain("did not finish");
      expect((await call(`${quick.url}/v1/commands/probe_echo`, { key, body: { text: "still here" } })).status).toBe(200);
    } finally {
      for (const res of held) res.end("late");
      await quick.close();
      gate.closeAllConnections();
      gate.close();
      await removeDir(hostDir);
    }
  });
});
