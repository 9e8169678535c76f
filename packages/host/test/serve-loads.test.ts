import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { consoleRoot } from "@agx-ext/console";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHostDir, removeDir } from "./helpers.js";
import { serve, type Served } from "./process.js";

const recorder = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));
const extensionDir = (name: string) => fileURLToPath(new URL(`../../../extensions/${name}`, import.meta.url));

/** Packages an SQLite `agx serve` has no use for until a feature asks, each by a path part its files have. */
const UNUSED_AT_START = {
  pg: "/node_modules/pg/",
  "pg-boss": "/node_modules/pg-boss/",
  "@mikro-orm/postgresql": "/node_modules/@mikro-orm/postgresql/",
  "oidc-provider": "/node_modules/oidc-provider/",
  "@modelcontextprotocol/sdk": "/node_modules/@modelcontextprotocol/sdk/",
  express: "/node_modules/express/",
  hono: "/node_modules/hono/",
  "@hono/node-server": "/node_modules/@hono/node-server/",
  // MikroORM's migrator and its command line: the host applies migrations with its own runner.
  umzug: "/node_modules/umzug/",
  // Only with AGX_RATE_LIMIT.
  "@fastify/rate-limit": "/node_modules/@fastify/rate-limit/",
  // fastify's schema compilers: no route of the host declares a schema.
  "@fastify/ajv-compiler": "/node_modules/@fastify/ajv-compiler/",
  ajv: "/node_modules/ajv/",
  "@fastify/fast-json-stringify-compiler": "/node_modules/@fastify/fast-json-stringify-compiler/",
  // The HTTP client of provider requests: imported when the first command call is about to run.
  got: "/node_modules/got/",
  // The console's file server: imported on the first request for one of its assets.
  "@fastify/send": "/node_modules/@fastify/send/",
};

let dir: string;
let served: Served;
let loadsFile: string;
const loaded = async () => (await readFile(loadsFile, "utf8")).split("\n").filter(Boolean);
const packagesIn = (files: string[]) =>
  Object.entries(UNUSED_AT_START)
    .filter(([, part]) => files.some((file) => file.includes(part)))
    .map(([name]) => name);

beforeAll(async () => {
  // Tesla declares OAuth 2.0 and no entities; the workout tracker declares entities and no auth.
  dir = await makeHostDir({ tesla: extensionDir("tesla"), "workout-tracker": extensionDir("workout-tracker") });
  loadsFile = join(dir, "loaded-modules.txt");
  served = await serve(dir, { NODE_OPTIONS: `--import=${recorder}`, AGX_TEST_LOADS_FILE: loadsFile });
});

afterAll(async () => {
  await served?.stop();
  await removeDir(dir);
});

describe("agx serve on SQLite loads only what it uses", () => {
  it("starts without the PostgreSQL driver, pg-boss, the OAuth server, the MCP SDK, MikroORM's migrator, the rate limiter, ajv or got", async () => {
    const files = await loaded();
    // The recorder works: the SQLite driver and fastify are there.
    expect(files.some((file) => file.includes("/node_modules/better-sqlite3/"))).toBe(true);
    expect(files.some((file) => file.includes("/node_modules/fastify/"))).toBe(true);
    expect(packagesIn(files)).toEqual([]);
  });

  it("loads MikroORM with require(), never through the ES module loader (which parses every file an index re-exports)", async () => {
    const files = await loaded();
    const mikroOrm = files.filter((file) => file.includes("/node_modules/@mikro-orm/"));
    // The recorder writes file: URLs for what the ES module loader loads, plain paths for require().
    expect(mikroOrm.filter((file) => !file.startsWith("file:")).length).toBeGreaterThan(0);
    expect(mikroOrm.filter((file) => file.startsWith("file:"))).toEqual([]);
  });

  it("imports an extension with entities at start, and one with only auth on its first call, knowing its provider before", async () => {
    const imported = (name: string) => files.some((file) => file.includes(`/extensions/${name}/dist/`));
    let files = await loaded();
    expect(imported("workout-tracker")).toBe(true);
    expect(imported("tesla")).toBe(false);
    // Auth knows the provider from the manifest: its scope groups are offered, and a connect link is made.
    const headers = { authorization: `Bearer ${served.firstKey}` };
    const connections = (await (await fetch(`${served.url}/v1/connections`, { headers })).json()) as { providers: { provider: string; kind: string }[] };
    expect(connections.providers).toContainEqual(expect.objectContaining({ provider: "tesla", kind: "oauth2" }));
    const call = await fetch(`${served.url}/v1/commands/${encodeURIComponent("Tesla - Get Vehicles")}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{}",
    });
    expect(((await call.json()) as { error: { code: string } }).error.code).toBe("NOT_CONFIGURED");
    files = await loaded();
    expect(imported("tesla")).toBe(true);
  });

  it("loads got only when the first command call is about to run (its HTTP client is built as the extension is injected)", async () => {
    expect(packagesIn(await loaded())).not.toContain("got");
    const headers = { authorization: `Bearer ${served.firstKey}`, "content-type": "application/json" };
    const call = await fetch(`${served.url}/v1/commands/${encodeURIComponent("Get Daily Goals")}`, { method: "POST", headers, body: "{}" });
    expect(call.status).toBe(200);
    expect(packagesIn(await loaded())).toContain("got");
  });

  it("loads the console's file server on the first asset request, and answers it", async () => {
    expect(packagesIn(await loaded())).not.toContain("@fastify/send");
    const asset = readdirSync(join(consoleRoot, "assets")).find((name) => name.endsWith(".css"))!;
    const response = await fetch(`${served.url}/assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/css");
    expect(packagesIn(await loaded())).toContain("@fastify/send");
  });

  it("loads the MCP SDK on the first /mcp request, and answers it", async () => {
    const response = await fetch(`${served.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${served.firstKey}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
    expect(packagesIn(await loaded())).toContain("@modelcontextprotocol/sdk");
  });
});
