import { connect as connectSocket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

const REQUEST_TIMEOUT_MS = 1_000;
let dir: string;
let server: TestServer;
let key: string;

beforeAll(async () => {
  dir = await makeHostDir();
  server = await startTestServer({ dir, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  key = await server.users.add("slowpoke");
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

describe("request timeout", () => {
  it("cuts a body that trickles in with a 408 in the envelope, near the configured timeout rather than Node's 30 s check", async () => {
    const { port } = new URL(server.url);
    const socket = connectSocket(Number(port), "127.0.0.1");
    const body = JSON.stringify({ text: "x".repeat(200) });
    socket.write(
      `POST /v1/commands/probe%2FEcho HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    // One byte every 100 ms: the whole body would take 20 s.
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < body.length && !socket.destroyed) socket.write(body[sent++]!);
    }, 100);
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    socket.on("error", () => undefined);
    // Liveness: without checking more often than Node's default (every 30 s) nothing arrives in this time.
    const closed = await new Promise<boolean>((resolve) => {
      const deadline = setTimeout(() => resolve(false), 15_000);
      socket.on("close", () => (clearTimeout(deadline), resolve(true)));
    });
    clearInterval(trickle);
    socket.destroy();
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(body.length);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toEqual({
      ok: false,
      error: { code: "INVALID_INPUT", message: expect.stringMatching(/did not arrive in time/) },
    });
  }, 20_000);
});
