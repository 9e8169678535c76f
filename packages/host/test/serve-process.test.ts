import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, CLI, makeHostDir, removeDir, REPO_ROOT } from "./helpers.js";
import { agxEnv, assertBuilt, runAgx, serve, type Served } from "./process.js";

// A host directory as an installation has it: the probe fixtures plus the real workout tracker.
let dir: string;
const running: Served[] = [];

beforeAll(async () => {
  assertBuilt(`${REPO_ROOT}/extensions/workout-tracker/dist/index.js`);
  dir = await makeHostDir({ "workout-tracker": `${REPO_ROOT}/extensions/workout-tracker` });
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await removeDir(dir);
});

async function started(env: Record<string, string> = {}): Promise<Served> {
  const served = await serve(dir, env);
  running.push(served);
  return served;
}

describe("agx serve on the embedded database, as `pnpm start` runs it", () => {
  let defaultKey: string;

  it("prints its URL and, on first start only, the default user's key, which lists and runs commands", async () => {
    const first = await started();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.firstKey).toBeDefined();
    defaultKey = first.firstKey!;

    const commands = await call(`${first.url}/v1/commands`, { key: defaultKey });
    expect(commands.status).toBe(200);
    expect(commands.body.commands.map((c: { name: string }) => c.name)).toContain("Set Daily Goal");
    const goal = await call(`${first.url}/v1/commands/${encodeURIComponent("Set Daily Goal")}`, {
      key: defaultKey,
      body: { exercise_name: "Curls", target_reps: 10 },
    });
    expect(goal.status).toBe(200);
    expect(goal.body.ok).toBe(true);
    expect(await first.stop()).toBe(0);

    const second = await started();
    expect(second.firstKey).toBeUndefined();
    expect(second.agx.stdout.join("\n")).not.toContain("agx_");
    const goals = await call(`${second.url}/v1/commands/workout_tracker_get_daily_goals`, { key: defaultKey, body: {} });
    expect(goals.status).toBe(200);
    expect(JSON.stringify(goals.body.data)).toContain("Curls");
    expect(await second.stop()).toBe(0);
  });

  it("manages users from the CLI while a server runs on the same database", async () => {
    const server = await started();
    const added = await runAgx(["users", "add", "bob"], dir);
    expect(added.code, added.stderr).toBe(0);
    const bobKey = added.stdout;
    expect(bobKey).toMatch(/^agx_[0-9a-f]{16}_\S{43}$/);
    expect((await call(`${server.url}/v1/commands`, { key: bobKey })).status).toBe(200);

    const list = await runAgx(["users", "list", "--json"], dir);
    const users = JSON.parse(list.stdout) as { id: string; revokedAt?: string }[];
    expect(users.find((u) => u.id === "bob")).toEqual({ id: "bob", role: "member", createdAt: expect.any(String) });
    expect(list.stdout).not.toContain("agx_");

    const revoked = await runAgx(["users", "revoke", "bob"], dir);
    expect(revoked.code).toBe(0);
    expect((await call(`${server.url}/v1/commands`, { key: bobKey })).status).toBe(401);
    await server.stop();
  });

  it("finishes a call in flight on SIGTERM, refuses new work, and exits 0", async () => {
    // The gate holds the command's outgoing request until the test opens it.
    let pending: ServerResponse | undefined;
    let reached!: () => void;
    const gateReached = new Promise<void>((resolve) => (reached = resolve));
    const gate = createServer((_req, res) => {
      pending = res;
      reached();
    });
    await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
    const gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;

    const server = await started();
    const key = (await runAgx(["users", "add", "slow"], dir)).stdout;
    const inFlight = call(`${server.url}/v1/commands/probe_wait_for_gate`, { key, body: { url: gateUrl } });
    await gateReached;

    server.agx.child.kill("SIGTERM");
    await server.agx.waitFor(/shutting down/);
    // Once the listener closes (right after that line), new requests are refused while the old call still runs.
    const attempt = () =>
      fetch(`${server.url}/healthz`).then(
        (r) => r.status,
        () => "refused",
      );
    await expect.poll(attempt, { timeout: 10_000 }).toBe("refused");
    expect(server.agx.child.exitCode).toBeNull();

    pending!.end("open");
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, data: { gate: "open" }, markdown: null });
    expect(await server.agx.exited).toBe(0);
    gate.close();
  });
});

/** The MCP checks the issue asks for, against any connected client. */
async function exerciseWorkoutTools(client: Client): Promise<string[]> {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(["workout_tracker_set_daily_goal", "workout_tracker_get_daily_goals", "probe_echo"]));

  const set = await client.callTool({ name: "workout_tracker_set_daily_goal", arguments: { exercise_name: "Squats", target_reps: 20 } });
  expect(set.isError).toBeFalsy();
  expect(set.structuredContent).toBeTypeOf("object");
  const goals = await client.callTool({ name: "workout_tracker_get_daily_goals", arguments: {} });
  expect(JSON.stringify(goals.structuredContent)).toContain("Squats");

  const invalid = await client.callTool({ name: "workout_tracker_set_daily_goal", arguments: { exercise_name: "Squats", target_reps: "many" } });
  expect(invalid.isError).toBe(true);
  expect((invalid.content as { text: string }[])[0]!.text).toMatch(/^INVALID_INPUT: .*target_reps/);
  return names;
}

describe("MCP over streamable HTTP from a running agx serve", () => {
  it("lists the tools, runs a workout tracker command and returns an input error as a tool error", async () => {
    const key = (await runAgx(["users", "add", "http-agent"], dir)).stdout;
    const server = await started();
    const client = new Client({ name: "http-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    try {
      await exerciseWorkoutTools(client);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe("agx mcp over stdio", () => {
  it("lists the tools, runs a workout tracker command and returns an input error as a tool error", async () => {
    expect((await runAgx(["users", "add", "stdio-agent"], dir)).code).toBe(0);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "mcp", "--user", "stdio-agent"],
      cwd: dir,
      env: agxEnv(dir),
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const names = await exerciseWorkoutTools(client);
      const printed = JSON.parse((await runAgx(["commands", "--format", "mcp"], dir)).stdout) as { name: string }[];
      expect(names).toEqual(printed.map((t) => t.name));
    } finally {
      await client.close();
    }
  });

  it("refuses to run for a user that does not exist", async () => {
    const result = await runAgx(["mcp", "--user", "ghost"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no active user "ghost"');
  });
});
