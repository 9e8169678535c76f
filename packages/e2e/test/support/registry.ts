import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export interface LocalRegistry {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:40123/ */
  url: string;
  /** A user config for npm/pnpm with a token for this registry (verdaccio needs one to accept a publish). */
  userConfig: string;
  stop(): Promise<void>;
}

/**
 * Verdaccio on loopback with its storage in `dir`. `@agx-ext/*` is local only (anyone may publish,
 * never proxied); every other package is proxied from `upstream`, the registry of the user's npm config.
 */
export async function startRegistry(dir: string, upstream: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(dir, "verdaccio.yaml");
  await writeFile(config, verdaccioConfig(dir, upstream));

  const child = spawn(process.execPath, [verdaccioBin(), "--config", config, "--listen", `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const stop = () => stopProcess(child);
  try {
    await waitUntilUp(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  const userConfig = join(dir, "publish.npmrc");
  await writeFile(userConfig, `${await userNpmrc()}\n//127.0.0.1:${port}/:_authToken=e2e-anonymous\n`);
  return { url, userConfig, stop };
}

function verdaccioConfig(dir: string, upstream: string): string {
  return `storage: ${JSON.stringify(join(dir, "storage"))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, "htpasswd"))}
    max_users: -1
uplinks:
  upstream:
    url: ${JSON.stringify(upstream)}
    timeout: 60s
packages:
  "@agx-ext/*":
    access: $all
    publish: $all
    unpublish: $all
  "**":
    access: $all
    publish: $authenticated
    proxy: upstream
server:
  keepAliveTimeout: 60
log: { type: stdout, format: pretty, level: warn }
`;
}

function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve("verdaccio/package.json");
  const pkg = require(pkgFile) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin.verdaccio;
  if (!bin) throw new Error("verdaccio/package.json names no bin");
  return join(dirname(pkgFile), bin);
}

/** The user's own npm config (nodedir, proxies, cache...), kept so the publish config only adds a token. */
async function userNpmrc(): Promise<string> {
  const file = process.env.NPM_CONFIG_USERCONFIG ?? process.env.npm_config_userconfig ?? join(process.env.HOME ?? "", ".npmrc");
  return readFile(file, "utf8").catch(() => "");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(new URL("-/ping", url)).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verdaccio did not answer on ${url} within 60 s:\n${output()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
