import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI } from "./helpers.js";

/** The environment a spawned `agx` gets: nothing from the test runner's AGX_* variables. */
export function agxEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: dir, AGX_HOME: dir, AGX_LOG_LEVEL: "info", ...extra };
}

/** The process tests run the built CLI (and, where named, built extensions): say so plainly when they are missing. */
export function assertBuilt(...files: string[]): void {
  for (const file of [CLI, ...files])
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (pnpm build at the repo root, or pnpm --filter <package> build).`);
}

export interface AgxProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout or stderr line matching, or rejects when the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** Starts the built `agx` CLI as its own process. */
export function spawnAgx(args: string[], dir: string, env: Record<string, string> = {}): AgxProcess {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: agxEnv(dir, env), stdio: ["ignore", "pipe", "pipe"] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { pattern: RegExp; resolve(m: RegExpExecArray): void; reject(e: Error): void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const feed = (sink: string[]) => {
    let partial = "";
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        sink.push(line);
        for (const waiter of [...waiters]) {
          const match = waiter.pattern.exec(line);
          if (match) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(match);
          }
        }
      }
    };
  };
  child.stdout!.on("data", feed(stdout));
  child.stderr!.on("data", feed(stderr));
  void exited.then((code) => {
    for (const waiter of waiters.splice(0))
      waiter.reject(new Error(`agx ${args.join(" ")} exited (${code}) before printing ${waiter.pattern}:\n${[...stdout, ...stderr].join("\n")}`));
  });
  return {
    child,
    stdout,
    stderr,
    exited,
    waitFor(pattern) {
      for (const line of [...stdout, ...stderr]) {
        const match = pattern.exec(line);
        if (match) return Promise.resolve(match);
      }
      if (child.exitCode !== null) return Promise.reject(new Error(`agx already exited (${child.exitCode})`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

/** Runs `agx ...` to completion: exit code and output. */
export async function runAgx(args: string[], dir: string, env: Record<string, string> = {}) {
  const agx = spawnAgx(args, dir, env);
  const code = await agx.exited;
  return { code, stdout: agx.stdout.join("\n").trim(), stderr: agx.stderr.join("\n").trim() };
}

export interface Served {
  agx: AgxProcess;
  url: string;
  /** The key printed on first start, if this start printed one. */
  firstKey?: string;
  stop(): Promise<number | null>;
}

/** `agx serve --port 0`, resolved once it prints its URL. */
export async function serve(dir: string, env: Record<string, string> = {}): Promise<Served> {
  const agx = spawnAgx(["serve", "--port", "0"], dir, env);
  const url = (await agx.waitFor(/serving \d+ commands on (http:\/\/\S+)/))[1]!;
  // The banner is one write: when the URL is there, so is the key of a first start.
  const firstKey = agx.stdout.map((l) => /^\s+(agx_[0-9a-f]{16}_\S{43})$/.exec(l)?.[1]).find(Boolean);
  return {
    agx,
    url,
    ...(firstKey ? { firstKey } : {}),
    stop: async () => {
      if (agx.child.exitCode === null) agx.child.kill("SIGTERM");
      return agx.exited;
    },
  };
}
