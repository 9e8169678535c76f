import { connect as connectSocket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let server: TestServer;
let key: string;

beforeAll(async () => {
  dir = await makeHostDir();
  // The default body limit (1 MiB), so a 1 MB tool name reaches the MCP endpoint.
  server = await startTestServer({ dir });
  key = await server.users.add("alice");
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

const isEnvelope = (body: unknown, code: string) => expect(body).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.any(String) }) });

/** Sends raw bytes and resolves with everything the server answers before it closes the connection. */
function rawRequest(bytes: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connectSocket(Number(port), "127.0.0.1", () => socket.end(bytes));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    socket.on("close", () => resolve(answer));
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? resolve(answer) : reject(error)));
  });
}

function bodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
}

describe("huge names", () => {
  it("answers an MCP tools/call with a 1 MB tool name quickly and briefly, while /healthz stays live", async () => {
    const name = "zq".repeat(500_000);
    const huge = call(`${server.url}/mcp`, {
      key,
      headers: { accept: "application/json, text/event-stream" },
      body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } },
    });
    const health = await call(`${server.url}/healthz`);
    expect(health.body).toMatchObject({ status: "ok" });
    const res = await huge;
    expect(res.status).toBe(200);
    const text: string = res.body.result.content[0].text;
    expect(res.body.result.isError).toBe(true);
    expect(text).toMatch(/^NOT_FOUND: Unknown command "(zq)+…": a command name is at most \d+ characters\.$/);
    expect(text.length).toBeLessThan(200);
    // Neither the runtime nor the request log carries the name.
    for (const line of server.rawLogs) expect(line.length).toBeLessThan(2_000);
  });

  it("answers a long command name in the path with a short 404 or 414, in the envelope", async () => {
    const within = await call(`${server.url}/v1/commands/${"y".repeat(500)}`, { key, body: {} });
    expect(within.status).toBe(404);
    isEnvelope(within.body, "NOT_FOUND");
    expect(within.body.error.message.length).toBeLessThan(200);
    const over = await call(`${server.url}/v1/commands/${"y".repeat(5_000)}`, { key, body: {} });
    expect(over.status).toBe(414);
    isEnvelope(over.body, "INVALID_INPUT");
    const unknownPath = await call(`${server.url}/${"p".repeat(8_000)}`);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body.error.message.length).toBeLessThan(200);
  });

  it("refuses a NUL character in a command's input with INVALID_INPUT naming the field", async () => {
    const res = await call(`${server.url}/v1/commands/probe%2FEcho`, { key, body: { text: "cur\u0000ls" } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "INVALID_INPUT", details: { fields: ["text"] } });
    expect(res.body.error.message).toMatch(/text: .*NUL/);
  });

  it("refuses a body nested absurdly deep with INVALID_INPUT, not a crash", async () => {
    const rawBody = `{"text":"a","deep":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res = await call(`${server.url}/v1/commands/probe%2FEcho`, { key, rawBody });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/nested more than \d+ levels deep/) });
  });
});

describe("query values", () => {
  it("answers a repeated query parameter on the public OAuth callback with a clear 400", async () => {
    const res = await call(`${server.url}/oauth/x/callback?state=a&state=b`);
    expect(res.status).toBe(400);
    isEnvelope(res.body, "INVALID_INPUT");
    expect(res.body.error.message).toBe('Query parameter "state" was given 2 times; send it once.');
    const authorize = await call(`${server.url}/v1/connections/linked/authorize?format=json&format=json`, { key });
    expect(authorize.status).toBe(400);
    isEnvelope(authorize.body, "INVALID_INPUT");
  });

  it("refuses an over-long query value", async () => {
    const res = await call(`${server.url}/oauth/x/callback?state=${"s".repeat(5_000)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"state" is longer than \d+ characters/);
  });
});

describe("framework errors use the envelope", () => {
  it("a bad percent-encoding in the path is a 400 INVALID_INPUT", async () => {
    const res = await call(`${server.url}/v1/commands/%E0%A4%A`, { key, body: {} });
    expect(res.status).toBe(400);
    isEnvelope(res.body, "INVALID_INPUT");
  });

  it("headers over the limit are a 431, and unparsable HTTP a 400, both in the envelope", async () => {
    const tooBig = await rawRequest(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(tooBig).toMatch(/^HTTP\/1\.1 431 /);
    isEnvelope(bodyOf(tooBig), "INVALID_INPUT");
    const garbage = await rawRequest("NOT HTTP AT ALL\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    isEnvelope(bodyOf(garbage), "INVALID_INPUT");
  });

  it("a prototype-pollution body gets its own INVALID_INPUT message, not 'not valid JSON'", async () => {
    for (const rawBody of ['{"text":"a","__proto__":{"admin":true}}', '{"text":"a","constructor":{"prototype":{"admin":true}}}']) {
      const res = await call(`${server.url}/v1/commands/probe%2FEcho`, { key, rawBody });
      expect(res.status).toBe(400);
      isEnvelope(res.body, "INVALID_INPUT");
      expect(res.body.error.message).toMatch(/"__proto__" or "constructor\.prototype" key/);
    }
    const broken = await call(`${server.url}/v1/commands/probe%2FEcho`, { key, rawBody: '{"text":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);
  });
});
