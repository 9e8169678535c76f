import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createHost, type Host } from "../src/host.js";
import { coreLogger, createServerLogger } from "../src/server/logging.js";
import { startServer, type RunningServer } from "../src/server/serve.js";
import { authConnections } from "../src/server/auth-connections.js";
import { parseAllowedOrigins } from "../src/server/connect-links/redirects.js";
import { attachConnectLinks } from "../src/server/connect-links/store.js";
import { attachUserStore } from "../src/users/attach.js";
import type { UserStore } from "../src/users/store.js";
import type { ServerOptions } from "../src/server/app.js";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, "../../..");
export const CLI = resolve(here, "../dist/cli.js");

/**
 * A host directory with the test fixture packages installed under node_modules/@agx-ext, as a real
 * installation would have them. `extra` names further packages to link in: name -> directory.
 */
export async function makeHostDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "agx-host-"));
  const scope = join(dir, "node_modules", "@agx-ext");
  await mkdir(scope, { recursive: true });
  const packages = { probe: join(here, "fixtures/probe"), broken: join(here, "fixtures/broken"), ...extra };
  for (const [name, target] of Object.entries(packages)) await symlink(target, join(scope, name), "dir");
  return dir;
}

export interface TestServer {
  url: string;
  host: Host;
  users: UserStore;
  server: RunningServer;
  /** Every JSON log line the server wrote. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  close(): Promise<void>;
}

/** A real host (database and all) served on 127.0.0.1 on a free port, logs captured. */
export async function startTestServer(
  options: {
    dir: string;
    env?: Record<string, string>;
    /** More server options, made before the host starts (so they may register tables). */
    attach?: (host: Host, users: UserStore) => Partial<Omit<ServerOptions, "publicUrl">>;
  } & Partial<Pick<ServerOptions, "bodyLimit" | "webhookBodyLimit" | "commandTimeoutMs" | "requestTimeoutMs" | "authFailureLimit" | "rateLimitPerMinute">>,
): Promise<TestServer> {
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createServerLogger({ level: "info", destination });
  const host = await createHost({ dir: options.dir, env: { ...options.env }, logger: coreLogger(logger) });
  const users = attachUserStore(host);
  const linkStore = attachConnectLinks(host.services.database);
  const attached = options.attach?.(host, users) ?? {};
  await host.start();
  const server = await startServer(
    {
      ...attached,
      runtime: host.runtime,
      users,
      connections: authConnections(host.services.auth, host.runtime.extensions),
      connectLinks: {
        store: linkStore,
        providers: () => host.services.auth.providers(),
        allowedRedirectOrigins: parseAllowedOrigins(options.env?.AGX_ALLOWED_REDIRECT_ORIGINS),
      },
      events: host.services.events,
      ...(options.webhookBodyLimit ? { webhookBodyLimit: options.webhookBodyLimit } : {}),
      ...(options.env?.AGX_PUBLIC_URL ? { publicUrl: options.env.AGX_PUBLIC_URL } : {}),
      logger,
      version: "0.0.0-test",
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.authFailureLimit ? { authFailureLimit: options.authFailureLimit } : {}),
      ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    },
    { port: 0, hostname: "127.0.0.1" },
  );
  return {
    url: server.url,
    host,
    users,
    server,
    logs,
    rawLogs,
    async close() {
      await server.close(5_000);
      await host.close();
    },
  };
}

/** fetch with the bearer key and a JSON body; returns status, headers and the parsed body. */
export async function call(
  url: string,
  options: { key?: string; method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(url, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
