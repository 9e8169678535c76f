import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, makeHostDir, removeDir } from "./helpers.js";
import { agxEnv, assertBuilt, runAgx, spawnAgx } from "./process.js";

/** Liveness bound for a process that should give up at once: far above a normal exit, far below "hangs". */
const EXIT_DEADLINE_MS = 20_000;

let dir: string;

beforeAll(async () => {
  dir = await makeHostDir();
});

afterAll(async () => {
  await removeDir(dir);
});

/** Runs `agx ...` and resolves with its exit code and output, or with code "hung" (after killing it) past the deadline. */
async function runBounded(args: string[], env: Record<string, string>, hostDir = dir) {
  const agx = spawnAgx(args, hostDir, env);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), EXIT_DEADLINE_MS)));
  const code = await Promise.race([agx.exited, hung]);
  clearTimeout(timer);
  if (code === "hung") {
    agx.child.kill("SIGKILL");
    await agx.exited;
  }
  return { code, output: [...agx.stdout, ...agx.stderr].join("\n") };
}

const SUBCOMMANDS = [["serve", "--port", "0"], ["run", "probe/Echo", "--input", '{"text":"hi"}'], ["connections"], ["users", "list"]];

describe("a bad AGX_SECRET_KEY", () => {
  it(
    "makes serve, run, connections and users list exit non-zero with the reason, when malformed",
    async () => {
      for (const args of SUBCOMMANDS) {
        const { code, output } = await runBounded(args, { AGX_SECRET_KEY: "not-a-key" });
        expect({ args, code }).toEqual({ args, code: 1 });
        expect(output).toMatch(/AGX_SECRET_KEY must be 32 random bytes/);
      }
    },
    4 * EXIT_DEADLINE_MS,
  );

  it(
    "makes them exit non-zero with the reason, when it is not the key the vault was written with",
    async () => {
      const first = await runAgx(["users", "add", "alice"], dir, { AGX_SECRET_KEY: randomBytes(32).toString("base64") });
      expect(first.code).toBe(0);
      const other = randomBytes(32).toString("hex");
      for (const args of SUBCOMMANDS) {
        const { code, output } = await runBounded(args, { AGX_SECRET_KEY: other });
        expect({ args, code }).toEqual({ args, code: 1 });
        expect(output).toMatch(/written with a different AGX_SECRET_KEY/);
      }
    },
    5 * EXIT_DEADLINE_MS,
  );
});

describe("a bad AGX_COMMAND_TIMEOUT_MS", () => {
  it(
    "stops serve before it starts, naming the setting, as run and mcp do",
    async () => {
      const { code, output } = await runBounded(["serve", "--port", "0"], { AGX_COMMAND_TIMEOUT_MS: "soon" });
      expect(code).toBe(1);
      expect(output).toContain('AGX_COMMAND_TIMEOUT_MS must be a positive number of milliseconds, got "soon"');
      expect(output).not.toContain("serving");
    },
    2 * EXIT_DEADLINE_MS,
  );
});

describe("agx run past its deadline", () => {
  it(
    "exits even when the command ignores its AbortSignal and keeps a connection open",
    async () => {
      // A server that accepts the request and never answers: the command's fetch holds the process open.
      const { createServer } = await import("node:http");
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const { port } = silent.address() as { port: number };
      // Its own host: the bad-key tests above leave a vault this test's key cannot open.
      const own = await makeHostDir();
      try {
        const { code, output } = await runBounded(
          ["run", "probe/Wait For Gate", "--input", JSON.stringify({ url: `http://127.0.0.1:${port}/` })],
          { AGX_COMMAND_TIMEOUT_MS: "500" },
          own,
        );
        expect(code).toBe(1);
        expect(output).toContain("did not finish within 0.5 s");
      } finally {
        silent.closeAllConnections();
        silent.close();
        await removeDir(own);
      }
    },
    2 * EXIT_DEADLINE_MS,
  );
});

describe("agx commands | head", () => {
  it("exits quietly when the reader of its output has gone (EPIPE)", async () => {
    assertBuilt();
    const child = spawn(process.execPath, [CLI, "commands", "--format", "mcp"], { cwd: dir, env: agxEnv(dir), stdio: ["ignore", "pipe", "pipe"] });
    // Like `head` exiting: our end of the pipe closes before agx writes its listing.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
