import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpTools } from "../src/tool-formats.js";
import { makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let server: TestServer;
let key: string;

beforeAll(async () => {
  dir = await makeHostDir();
  server = await startTestServer({ dir });
  key = await server.users.add("agent");
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

async function connect(bearer: string): Promise<Client> {
  const client = new Client({ name: "host-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
  });
  await client.connect(transport);
  return client;
}

describe("MCP over streamable HTTP", () => {
  it("lists every command as a tool, exactly as `agx commands --format mcp` prints them", async () => {
    const client = await connect(key);
    try {
      const { tools } = await client.listTools();
      expect(tools).toEqual(mcpTools(server.host.runtime.registry.list()));
      for (const tool of tools) expect(tool.name).toMatch(/^[a-z0-9_]{1,64}$/);
    } finally {
      await client.close();
    }
  });

  it("runs a tool as the key's user and returns markdown text plus structured content", async () => {
    const client = await connect(key);
    try {
      const result = await client.callTool({ name: "probe_echo", arguments: { text: "hello" } });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: "text", text: "echo: hello" }]);
      expect(result.structuredContent).toEqual({ text: "hello", user: "agent" });
      expect(server.logs).toContainEqual(
        expect.objectContaining({ msg: "request finished", command: "mcp:tools/call probe_echo", userId: "agent", outcome: "ok" }),
      );

      const list = await client.callTool({ name: "probe_list_items", arguments: {} });
      expect(list.structuredContent).toEqual({ data: [1, 2, 3] });
      expect(JSON.parse((list.content as { text: string }[])[0]!.text)).toEqual([1, 2, 3]);
    } finally {
      await client.close();
    }
  });

  it("returns an input error, a failure and an unknown tool as tool errors with the message", async () => {
    const client = await connect(key);
    try {
      const invalid = await client.callTool({ name: "probe_echo", arguments: { text: 5 } });
      expect(invalid.isError).toBe(true);
      expect((invalid.content as { text: string }[])[0]!.text).toMatch(/^INVALID_INPUT: .*text/);

      const limited = await client.callTool({ name: "probe_fail_with", arguments: { code: "RATE_LIMITED" } });
      expect(limited.isError).toBe(true);
      expect((limited.content as { text: string }[])[0]!.text).toBe("RATE_LIMITED: probe failed with RATE_LIMITED");

      const crash = await client.callTool({ name: "probe_crash", arguments: {} });
      expect((crash.content as { text: string }[])[0]!.text).not.toContain("hunter2");

      const unknown = await client.callTool({ name: "probe_nope", arguments: {} });
      expect(unknown.isError).toBe(true);
      expect((unknown.content as { text: string }[])[0]!.text).toMatch(/^NOT_FOUND/);
    } finally {
      await client.close();
    }
  });

  it("refuses a client without a valid key", async () => {
    await expect(connect("agx_0000000000000000_" + "A".repeat(43))).rejects.toMatchObject({ code: 401 });
    const res = await fetch(`${server.url}/mcp`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
  });
});
