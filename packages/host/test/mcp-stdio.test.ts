import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ErrorCode, McpError, UrlElicitationRequiredError } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, makeHostDir, removeDir } from "./helpers.js";
import { agxEnv, assertBuilt, runAgx } from "./process.js";
import { startReporter, type Reporter } from "./reporter.js";

// The MCP SDK's own stdio client against the built `agx mcp`, as a desktop agent runs it.
let dir: string;
let reporter: Reporter;
const clients: Client[] = [];

beforeAll(async () => {
  assertBuilt();
  dir = await makeHostDir();
  reporter = await startReporter();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
});

afterAll(async () => {
  await reporter?.close();
  await removeDir(dir);
});

function stdioClient(args: string[], env: Record<string, string> = {}, capabilities: Record<string, unknown> = {}) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp", ...args], cwd: dir, env: agxEnv(dir, env), stderr: "pipe" });
  const stderr: string[] = [];
  transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
  const client = new Client({ name: "stdio-test", version: "1.0.0" }, { capabilities });
  clients.push(client);
  return { client, transport, stderr };
}

const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text;

describe("agx mcp over stdio", () => {
  it("works on a fresh host: the embedded database's first run creates the default user, as agx serve does", async () => {
    expect((await runAgx(["users", "list", "--json"], dir)).stdout.trim()).toBe("[]");
    const { client, transport, stderr } = stdioClient([]);
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === "probe_echo")).toMatchObject({ title: "Echo a text", annotations: { readOnlyHint: true } });
    const echo = await client.callTool({ name: "probe_echo", arguments: { text: "fresh" } });
    expect(echo.structuredContent).toEqual({ text: "fresh", user: "default" });
    await client.close();
    expect(stderr.join("")).toContain('Created user "default"');
    // The key is not printed to the client's log.
    expect(stderr.join("")).not.toMatch(/agx_[0-9a-f]{16}_/);
    const users = JSON.parse((await runAgx(["users", "list", "--json"], dir)).stdout) as { id: string }[];
    expect(users.map((u) => u.id)).toEqual(["default"]);

    // The next start finds the user and creates nothing.
    const again = stdioClient([]);
    await again.client.connect(again.transport);
    await again.client.close();
    expect(again.stderr.join("")).not.toContain("Created user");
  });

  it("answers a problem before the handshake as an MCP error the client can show", async () => {
    const ghost = stdioClient(["--user", "ghost"]);
    const refused = await ghost.client.connect(ghost.transport).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(ErrorCode.InternalError);
    expect((refused as McpError).message).toContain('There is no active user "ghost": create one with agx users add ghost.');

    const badTimeout = stdioClient([], { AGX_COMMAND_TIMEOUT_MS: "soon" });
    const error = await badTimeout.client.connect(badTimeout.transport).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as McpError).message).toContain('AGX_COMMAND_TIMEOUT_MS must be a positive number of milliseconds, got "soon"');
  });

  it("stops a tool call at AGX_COMMAND_TIMEOUT_MS through the command's AbortSignal", async () => {
    const { client, transport } = stdioClient([], { AGX_COMMAND_TIMEOUT_MS: "1000" });
    await client.connect(transport);
    const result = await client.callTool({ name: "probe_never_finish", arguments: { reportUrl: reporter.url } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^PROVIDER_ERROR: "Never Finish" did not finish within 1 s/);
    expect(await reporter.next()).toBe("?started");
    expect(await reporter.next()).toBe("?aborted=TimeoutError");
  });

  it("aborts the command when the client sends notifications/cancelled", async () => {
    const { client, transport } = stdioClient([]);
    await client.connect(transport);
    const stop = new AbortController();
    const pending = client.callTool({ name: "probe_never_finish", arguments: { reportUrl: reporter.url } }, undefined, { signal: stop.signal });
    expect(await reporter.next()).toBe("?started");
    stop.abort("the person pressed stop");
    await expect(pending).rejects.toThrow();
    // The SDK server aborts the handler's signal with the reason the client gave.
    expect(await reporter.next()).toBe("?aborted=the%20person%20pressed%20stop");
    // The server is still there for the next call.
    expect((await client.callTool({ name: "probe_echo", arguments: { text: "after" } })).isError).toBeFalsy();
  });

  it("asks a client that supports URL elicitation to open the link a failure carries; others get it in the text", async () => {
    const arguments_ = { connectUrl: "https://agx.example/connect/probe" };
    const { client, transport } = stdioClient([], {}, { elicitation: { url: {} } });
    await client.connect(transport);
    const error = await client.callTool({ name: "probe_needs_account", arguments: arguments_ }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UrlElicitationRequiredError);
    expect((error as UrlElicitationRequiredError).elicitations).toEqual([
      {
        mode: "url",
        elicitationId: expect.any(String),
        url: "https://agx.example/connect/probe",
        message: "Probe is not connected for this user: connect it, then try again.",
      },
    ]);

    const plain = stdioClient([]);
    await plain.client.connect(plain.transport);
    const result = await plain.client.callTool({ name: "probe_needs_account", arguments: arguments_ });
    expect(text(result)).toContain("Open https://agx.example/connect/probe to fix this");
  });

  it("sends a provider without a browser sign-in to the console's connections page when the host's public URL is known", async () => {
    const { client, transport } = stdioClient([], { AGX_PUBLIC_URL: "https://agx.example" }, { elicitation: { url: {} } });
    await client.connect(transport);
    const error = await client.callTool({ name: "probe_needs_account", arguments: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UrlElicitationRequiredError);
    expect((error as UrlElicitationRequiredError).elicitations).toEqual([expect.objectContaining({ mode: "url", url: "https://agx.example/connections" })]);
  });

  it("offers a connect link for a NOT_CONNECTED provider when the host's public URL is known", async () => {
    // Its own host with an OAuth 2.0 extension installed and configured, but no connection for the user.
    const own = await makeHostDir({ "oauth-probe": fileURLToPath(new URL("./fixtures/oauth-probe", import.meta.url)) });
    const env = { OAUTH_PROBE_API_URL: "http://127.0.0.1:9/", OAUTH_PROBE_CLIENT_ID: "id", OAUTH_PROBE_CLIENT_SECRET: "secret" };
    try {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [CLI, "mcp"],
        cwd: own,
        env: agxEnv(own, { ...env, AGX_PUBLIC_URL: "https://agx.example" }),
        stderr: "pipe",
      });
      const client = new Client({ name: "stdio-test", version: "1.0.0" });
      clients.push(client);
      await client.connect(transport);
      const result = await client.callTool({ name: "oauth_probe_me", arguments: {} });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/Open https:\/\/agx\.example\/connect\/[A-Za-z0-9_-]+ to fix this/);
      await client.close();

      // Without a public URL there is nowhere to send the person: the error stays as it is.
      const bare = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], cwd: own, env: agxEnv(own, env), stderr: "pipe" });
      const plain = new Client({ name: "stdio-test", version: "1.0.0" });
      clients.push(plain);
      await plain.connect(bare);
      const without = await plain.callTool({ name: "oauth_probe_me", arguments: {} });
      expect(without.isError).toBe(true);
      expect(text(without)).not.toContain("/connect/");
    } finally {
      await removeDir(own);
    }
  });
});
