import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";
import { startReporter, type Reporter } from "./reporter.js";

const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text;

describe.each(DATABASES)("MCP tools and per-user tool sets on %s", (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let server: TestServer;
  let reporter: Reporter;
  let aliceKey: string;
  let bobKey: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
    reporter = await startReporter();
    server = await startTestServer({ dir, env: { AGX_DATABASE_URL: database.url }, commandTimeoutMs: 1_500 });
    aliceKey = await server.users.add("alice");
    bobKey = await server.users.add("bob");
  });

  afterAll(async () => {
    await server?.close();
    await reporter?.close();
    await database?.drop();
    await removeDir(dir);
  });

  async function connect(key: string): Promise<Client> {
    const client = new Client({ name: "tools-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    return client;
  }

  it("lists titles, annotations and output schemas, and returns structured content the SDK client checks against them", async () => {
    const client = await connect(aliceKey);
    try {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(byName.get("probe_echo")).toMatchObject({
        title: "Echo a text",
        annotations: { title: "Echo a text", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        outputSchema: { type: "object", properties: { text: { type: "string" }, user: { type: "string" } }, required: ["text", "user"] },
      });
      // destructive implies not read-only; openWorld as declared.
      expect(byName.get("probe_delete_thing")!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: true });
      // An array output is published wrapped in an object, as MCP requires.
      expect(byName.get("probe_list_items")!.outputSchema).toEqual({
        type: "object",
        properties: { data: { type: "array", items: { type: "integer", minimum: expect.any(Number), maximum: expect.any(Number) } } },
        required: ["data"],
      });
      // A command without an output schema lists none; the title defaults to the name.
      expect(byName.get("probe_crash")).toMatchObject({ title: "Crash" });
      expect(byName.get("probe_crash")!.outputSchema).toBeUndefined();

      // The SDK client validates structuredContent against the listed outputSchema: a mismatch would throw here.
      const echo = await client.callTool({ name: "probe_echo", arguments: { text: "hi" } });
      expect(echo.structuredContent).toEqual({ text: "hi", user: "alice" });
      const list = await client.callTool({ name: "probe_list_items", arguments: {} });
      expect(list.structuredContent).toEqual({ data: [1, 2, 3] });
    } finally {
      await client.close();
    }
  });

  it("filters tools/list and /v1/commands by the user's tool set, refuses calls to turned-off tools, and leaves other users alone", async () => {
    const all = (await call(`${server.url}/v1/commands`, { key: aliceKey })).body.commands as { extension: string }[];
    expect(new Set(all.map((c) => c.extension))).toEqual(new Set(["probe", "needy"]));

    await server.users.toolSets.setEnabled("alice", "probe", false);
    await server.users.toolSets.setEnabled("alice", "probe", false); // repeating changes nothing
    const client = await connect(aliceKey);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(tools.filter((t) => t.name.startsWith("probe_"))).toEqual([]);
      const refused = await client.callTool({ name: "probe_echo", arguments: { text: "x" } });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/^NOT_FOUND: .*turned off for user "alice".*agx tools enable probe --user alice/);
    } finally {
      await client.close();
    }
    const listed = (await call(`${server.url}/v1/commands`, { key: aliceKey })).body.commands as { extension: string }[];
    expect(listed.map((c) => c.extension)).toEqual(["needy"]);
    const http = await call(`${server.url}/v1/commands/probe_echo`, { key: aliceKey, body: { text: "x" } });
    expect(http.status).toBe(404);

    // Bob's set is his own.
    const bobs = (await call(`${server.url}/v1/commands`, { key: bobKey })).body.commands as { extension: string }[];
    expect(bobs.some((c) => c.extension === "probe")).toBe(true);

    await server.users.toolSets.setEnabled("alice", "probe", true);
    expect((await call(`${server.url}/v1/commands/probe_echo`, { key: aliceKey, body: { text: "x" } })).status).toBe(200);
    expect(await server.users.toolSets.disabledExtensions("alice")).toEqual(new Set());
  });

  it("stops a tool call at the command deadline through its AbortSignal", async () => {
    const client = await connect(aliceKey);
    try {
      const result = await client.callTool({ name: "probe_never_finish", arguments: { reportUrl: reporter.url } });
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/^PROVIDER_ERROR: "Never Finish" did not finish within 1\.5 s/);
      expect(await reporter.next()).toBe("?started");
      expect(await reporter.next()).toBe("?aborted=TimeoutError");
    } finally {
      await client.close();
    }
  });

  it("aborts the command when the client cancels the request (notifications/cancelled in a POST of its own)", async () => {
    const client = await connect(aliceKey);
    try {
      const giveUp = new AbortController();
      const pending = client.callTool({ name: "probe_never_finish", arguments: { reportUrl: reporter.url } }, undefined, { signal: giveUp.signal });
      expect(await reporter.next()).toBe("?started");
      giveUp.abort("the person pressed stop");
      await expect(pending).rejects.toThrow();
      // The cancellation, not the deadline (that would say TimeoutError), stopped it.
      expect(await reporter.next()).toBe("?aborted=AbortError");
    } finally {
      await client.close();
    }
  });

  it("puts the link in the text of a failure the person must fix, for clients that cannot open it", async () => {
    const client = await connect(aliceKey);
    try {
      const result = await client.callTool({ name: "probe_needs_account", arguments: { connectUrl: "https://agx.example/connect/probe" } });
      expect(result.isError).toBe(true);
      expect(text(result)).toBe(
        "NOT_CONNECTED: Probe is not connected for this user: connect it, then try again.\nOpen https://agx.example/connect/probe to fix this, then try again.",
      );
      const plain = await client.callTool({ name: "probe_needs_account", arguments: {} });
      // Probe has no browser sign-in: the host links the console's connections page instead.
      expect(text(plain)).toBe(
        `NOT_CONNECTED: Probe is not connected for this user: connect it, then try again.\nOpen ${server.url}/connections to fix this, then try again.`,
      );
    } finally {
      await client.close();
    }
  });
});
