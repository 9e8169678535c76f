// The built `agx` CLI as its own process, as a person runs it: `agx serve` for the console, `agx users`
// for sign-in links. The browser tests load nothing of the host's internals.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(dirname(createRequire(import.meta.url).resolve("@agx-ext/host/package.json")), "dist/cli.js");
const FIXTURES = resolve(here, "../fixtures");

/** A host directory with the given fixture extensions installed under node_modules/@agx-ext. */
export async function makeHostDir(fixtures: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "agx-browser-"));
  const scope = join(dir, "node_modules", "@agx-ext");
  await mkdir(scope, { recursive: true });
  for (const name of fixtures) await symlink(join(FIXTURES, name), join(scope, name), "dir");
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

function env(dir: string, extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: dir, AGX_HOME: dir, AGX_LOG_LEVEL: "warn", ...extra };
}

interface AgxProcess {
  child: ChildProcess;
  output: string[];
  /** The first output line matching, or a rejection naming everything printed when the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

function spawnAgx(args: string[], dir: string, extra: Record<string, string> = {}): AgxProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (pnpm build at the repo root).`);
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: env(dir, extra), stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve(m: RegExpExecArray): void; reject(e: Error): void }[] = [];
  const exited = new Promise<number | null>((done) => child.on("close", done));
  let partial = "";
  const feed = (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      output.push(line);
      for (const waiter of [...waiters]) {
        const match = waiter.pattern.exec(line);
        if (match) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    }
  };
  child.stdout!.on("data", feed);
  child.stderr!.on("data", feed);
  void exited.then((code) => {
    for (const waiter of waiters.splice(0))
      waiter.reject(new Error(`agx ${args.join(" ")} exited (${code}) before printing ${waiter.pattern}:\n${output.join("\n")}`));
  });
  return {
    child,
    output,
    exited,
    waitFor(pattern) {
      for (const line of output) {
        const match = pattern.exec(line);
        if (match) return Promise.resolve(match);
      }
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

/** Runs `agx ...` to completion; a non-zero exit throws with the output. */
export async function runAgx(args: string[], dir: string, extra: Record<string, string> = {}): Promise<string> {
  const agx = spawnAgx(args, dir, extra);
  const code = await agx.exited;
  if (code !== 0) throw new Error(`agx ${args.join(" ")} exited ${code}:\n${agx.output.join("\n")}`);
  return agx.output.join("\n");
}

export interface ServedHost {
  url: string;
  /** The admin key `agx serve` prints on its first start (user `default`); "" for a host joining a database that has users. */
  adminKey: string;
  agx: AgxProcess;
  stop(): Promise<void>;
}

/** `agx serve --port 0` in `dir`, resolved once it prints its URL and (on a new database) its first key. */
export async function serve(dir: string, extra: Record<string, string> = {}, options: { joining?: boolean } = {}): Promise<ServedHost> {
  const agx = spawnAgx(["serve", "--port", "0"], dir, extra);
  const url = (await agx.waitFor(/serving \d+ commands on (http:\/\/\S+)/))[1]!;
  const adminKey = agx.output.map((line) => /^\s+(agx_[0-9a-f]{16}_\S{43})$/.exec(line)?.[1]).find(Boolean) ?? "";
  if (!adminKey && !options.joining) throw new Error(`agx serve printed no first key:\n${agx.output.join("\n")}`);
  return {
    url,
    adminKey,
    agx,
    stop: async () => {
      if (agx.child.exitCode === null) agx.child.kill("SIGTERM");
      await agx.exited;
    },
  };
}

/** `agx users login-link <id>`: a single-use sign-in URL. */
export async function loginLink(dir: string, id: string, extra: Record<string, string> = {}): Promise<string> {
  const output = await runAgx(["users", "login-link", id], dir, extra);
  const url = /(https?:\/\/\S+\/sign-in#token=\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`agx users login-link printed no link:\n${output}`);
  return url;
}
