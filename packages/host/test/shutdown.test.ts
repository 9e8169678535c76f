import { createServer, type ServerResponse } from "node:http";
import { connect as connectSocket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = await makeHostDir();
  server = await startTestServer({ dir });
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

describe("while shutting down", () => {
  it("answers a request that arrives after close began 503 in the envelope, while the call in flight finishes", async () => {
    let pending: ServerResponse | undefined;
    let reached!: () => void;
    const gateReached = new Promise<void>((resolve) => (reached = resolve));
    const gate = createServer((_req, res) => {
      pending = res;
      reached();
    });
    await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
    const key = await server.users.add("late");
    const inFlight = fetch(`${server.url}/v1/commands/probe_wait_for_gate`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ url: `http://127.0.0.1:${(gate.address() as AddressInfo).port}/` }),
    });
    await gateReached;

    // A second client has begun its request (so its connection is not idle) but not finished its headers.
    const { port } = new URL(server.url);
    const socket = connectSocket(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closed = server.server.close(10_000);
    socket.write("\r\n");
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toEqual({
      ok: false,
      error: { code: "INTERNAL", message: expect.stringMatching(/shutting down/) },
    });

    pending!.end("open");
    expect((await inFlight).status).toBe(200);
    await closed;
    gate.close();
  });
});
