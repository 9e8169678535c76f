// The server: time until `agx serve` is ready, its idle memory with every built-in extension, and
// requests per second / p99 latency of a trivial command, each against bare fastify in the same run;
// then MCP tools/call of the same command against a bare MCP SDK server, also in the same run.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { CLI, ROOT, figure, median } from "./lib.mjs";

// Alternating starts, nine of each: with five, the ratio of the medians moved between 2.8x and 3.3x from one run to the next.
const RUNS = 9;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS) || 8;
const CONNECTIONS = 16;

/** Starts a server process and resolves once its output shows the URL (and API key, for agx). */
export function startProcess(args, env) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((done, fail) => {
    const onData = (chunk) => {
      output += chunk;
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (!url || (args[0] === CLI && !/serving/.test(output))) return;
      const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const key = /^\s+(agx_\S+)$/m.exec(output)?.[1];
      done({ child, url, key, readyMs, stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (c) => (output += c));
    child.once("exit", (code) => fail(new Error(`${args.join(" ")} exited ${code} before it was ready:\n${output}`)));
  });
}

export async function rssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh data directory so the benchmark never touches the checkout's .agx/. */
export async function serveEnv(home) {
  const data = await mkdtemp(join(tmpdir(), "agx-bench-data-"));
  return {
    env: { AGX_HOME: home, AGX_DATABASE_URL: `sqlite:${join(data, "agx.db")}`, AGX_SECRET_KEY: randomBytes(32).toString("hex"), AGX_LOG_LEVEL: "warn" },
    remove: () => rm(data, { recursive: true, force: true }),
  };
}

export const BARE = [resolve(ROOT, "bench/bare-server.mjs")];

async function readiness() {
  const agx = [];
  const bare = [];
  let agxRss = 0;
  let bareRss = 0;
  for (let i = 0; i < RUNS; i++) {
    const { env, remove } = await serveEnv(ROOT);
    const server = await startProcess([CLI, "serve", "--port", "0"], env);
    agx.push(server.readyMs);
    if (i === RUNS - 1) {
      await sleep(2000);
      agxRss = await rssMb(server.child.pid);
    }
    await server.stop();
    await remove();
    const baseline = await startProcess(BARE, {});
    bare.push(baseline.readyMs);
    if (i === RUNS - 1) {
      await sleep(2000);
      bareRss = await rssMb(baseline.child.pid);
    }
    await baseline.stop();
  }
  return [
    { ...figure("agx serve on SQLite, time to ready (vs bare fastify)", median(agx), median(bare), "ms"), target: "<= 3x" },
    { ...figure("idle agx serve with all built-in extensions, resident memory (vs bare fastify)", agxRss, bareRss, "MB"), target: "<= 120 MB" },
  ];
}

/** A host with one trivial extension, so the HTTP figure measures the host, not a provider. */
export async function echoHost() {
  const dir = await mkdtemp(join(tmpdir(), "agx-bench-echo-"));
  const scope = join(dir, "node_modules", "@agx-ext");
  await mkdir(join(scope, "bench-echo"), { recursive: true });
  await symlink(resolve(ROOT, "packages/core"), join(scope, "core"), "dir");
  await writeFile(
    join(scope, "bench-echo", "package.json"),
    JSON.stringify({ name: "@agx-ext/bench-echo", version: "1.0.0", type: "module", agx: { extension: "./index.js" } }),
  );
  await writeFile(
    join(scope, "bench-echo", "index.js"),
    `import { Extension, Command, z } from "@agx-ext/core";
class Echo { async echo(input) { return { data: { echoed: input.text.length } }; } }
Command({ name: "Echo", description: "Echoes.", input: z.object({ text: z.string() }) })(Echo.prototype, "echo", Object.getOwnPropertyDescriptor(Echo.prototype, "echo"));
export const BenchEcho = Extension({ id: "bench-echo", name: "Bench Echo", description: "Trivial command." })(Echo);
`,
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The trivial command over HTTP, as POST /v1/commands/<name> takes it. */
const COMMAND_REQUEST = { path: "/v1/commands/bench_echo_echo", body: { text: "hello" }, headers: {} };

/** The same command as an MCP tools/call, as /mcp takes it (stateless streamable HTTP, JSON responses). */
const MCP_REQUEST = {
  path: "/mcp",
  body: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "bench_echo_echo", arguments: { text: "hello" } } },
  headers: { accept: "application/json, text/event-stream" },
};

/** How many alternating turns each side of a load comparison gets (the run's seconds are split between them). */
const LOAD_TURNS = 4;

async function autocannonModule() {
  const require = createRequire(resolve(ROOT, "package.json"));
  return (await import(require.resolve("autocannon"))).default;
}

/**
 * One load of `seconds` against one server. Latencies come from autocannon's per-response event, in fractional
 * milliseconds: its own histogram keeps whole milliseconds, and a 1 ms baseline against a 2 ms one read as 2x.
 */
function loadOnce(autocannon, url, key, request, seconds) {
  const options = {
    url: `${url}${request.path}`,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    headers: { "content-type": "application/json", ...request.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(request.body),
  };
  const latencies = [];
  return new Promise((done, fail) => {
    const run = autocannon(options, (error, result) => {
      if (error) return fail(error);
      if (result.non2xx > 0 || result.errors > 0)
        return fail(new Error(`load against ${url} saw ${result.non2xx} non-2xx answers and ${result.errors} errors`));
      done({ latencies, seconds: result.duration });
    });
    run.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(turns) {
  const latencies = turns.flatMap((t) => t.latencies).sort((a, b) => a - b);
  const seconds = turns.reduce((sum, t) => sum + t.seconds, 0);
  return { rps: latencies.length / seconds, p99: percentile(latencies, 99) };
}

/** Requests per second and p99 latency (ms) of `seconds` of load against one server. */
export async function load(url, key, request = COMMAND_REQUEST, seconds = LOAD_SECONDS) {
  const autocannon = await autocannonModule();
  await loadOnce(autocannon, url, key, request, 1); // warm-up
  return summary([await loadOnce(autocannon, url, key, request, seconds)]);
}

/**
 * The same load against two servers, in alternating turns: this machine's speed drifts over seconds (other
 * tenants), and one long load each put the two sides in different phases of it, moving the ratio by up to 2x.
 */
export async function compareLoad(a, b, request = COMMAND_REQUEST, seconds = LOAD_SECONDS) {
  const autocannon = await autocannonModule();
  for (const side of [a, b]) await loadOnce(autocannon, side.url, side.key, request, 1); // warm-up
  const turns = [[], []];
  for (let turn = 0; turn < LOAD_TURNS; turn++)
    for (const [i, side] of [a, b].entries()) turns[i].push(await loadOnce(autocannon, side.url, side.key, request, seconds / LOAD_TURNS));
  return turns.map(summary);
}

/** A JSON-RPC error is still a 200: one call is checked to really succeed before its throughput counts. */
async function assertToolCallWorks(url, key) {
  const response = await fetch(`${url}${MCP_REQUEST.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...MCP_REQUEST.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(MCP_REQUEST.body),
  });
  const reply = await response.json().catch(() => undefined);
  const text = reply?.result?.content?.[0]?.text;
  if (!response.ok || reply?.result?.isError || typeof text !== "string" || !text.includes("5"))
    throw new Error(`tools/call against ${url} did not succeed: ${response.status} ${JSON.stringify(reply)}`);
}

async function throughput() {
  const host = await echoHost();
  const { env, remove } = await serveEnv(host.dir);
  const agx = await startProcess([CLI, "serve", "--port", "0"], env);
  const bare = await startProcess(BARE, {});
  try {
    const [agxLoad, bareLoad] = await compareLoad(agx, bare);
    return [
      { ...figure("HTTP requests/s, trivial command (vs bare fastify route)", agxLoad.rps, bareLoad.rps, "req/s", { better: "higher" }), target: ">= 0.5x" },
      { ...figure("HTTP p99 latency, trivial command (vs bare fastify route)", agxLoad.p99, bareLoad.p99, "ms"), target: "<= 2x" },
    ];
  } finally {
    await agx.stop();
    await bare.stop();
    await remove();
    await host.remove();
  }
}

const BARE_MCP = [resolve(ROOT, "bench/bare-mcp-server.mjs")];

async function mcpThroughput() {
  const host = await echoHost();
  const { env, remove } = await serveEnv(host.dir);
  const agx = await startProcess([CLI, "serve", "--port", "0"], env);
  const bare = await startProcess(BARE_MCP, {});
  try {
    await assertToolCallWorks(agx.url, agx.key);
    await assertToolCallWorks(bare.url);
    const [agxLoad, bareLoad] = await compareLoad(agx, bare, MCP_REQUEST);
    return [
      {
        ...figure("MCP tools/call/s, trivial command, streamable HTTP (vs bare MCP SDK server)", agxLoad.rps, bareLoad.rps, "req/s", { better: "higher" }),
        target: ">= 0.8x",
      },
      figure("MCP tools/call p99 latency, trivial command (vs bare MCP SDK server)", agxLoad.p99, bareLoad.p99, "ms"),
    ];
  } finally {
    await agx.stop();
    await bare.stop();
    await remove();
    await host.remove();
  }
}

export async function benchServer() {
  return [...(await readiness()), ...(await throughput())];
}

/** Its own suite (`pnpm bench mcp` runs it alone). */
export const benchMcp = mcpThroughput;
