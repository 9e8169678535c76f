import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Resolve with the result instead of rejecting when the exit code is not 0. */
  allowFailure?: boolean;
}

/**
 * Runs a program without a shell and collects its output. Asynchronous on purpose: the registry
 * may live in this process's event loop's neighbourhood and must keep answering meanwhile.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (result.code === 0 || options.allowFailure) resolve(result);
      else reject(new Error(`${command} ${args.join(" ")} exited with ${result.code} in ${options.cwd}\n${tail(stdout)}\n${tail(stderr)}`));
    });
  });
}

function tail(text: string): string {
  return text.length > 4000 ? `…${text.slice(-4000)}` : text;
}

/**
 * The environment for child tools: without the npm_* variables a `pnpm test` run leaves behind
 * (they would override the temp .npmrc files) and without AGX_* host settings of the caller. The one npm
 * setting kept is npm_config_nodedir: when the tests run on another Node line than the machine's, it names
 * that Node's headers, so the installed host builds better-sqlite3 for the Node that runs it.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.toLowerCase() === "npm_config_nodedir") {
      env[key] = value;
      continue;
    }
    if (/^(npm_|agx_|vitest)/i.test(key) || key === "NODE_OPTIONS" || key === "INIT_CWD") continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
