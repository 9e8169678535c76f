import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { connectUser, providerExtension, startAuthHost, startOAuthServer, TEST_KEY } from "./support.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const child = fileURLToPath(new URL("./fixtures/refresh-in-another-process.mjs", import.meta.url));
const builtAuth = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const declaration = oauth2({
  authorizeUrl: "https://acme.example/authorize",
  tokenUrl: "https://acme.example/token",
  scopes: ["read"],
  pkce: true,
  clientAuth: "basic",
  clientIdSetting: "ACME_CLIENT_ID",
  clientSecretSetting: "ACME_CLIENT_SECRET",
});

interface ChildReport {
  calls: number;
  tokens: string[];
  errors: string[];
}

/** Starts the other process and resolves once its modules are up; `go(until)` starts its calls, `report` is what it got. */
function otherProcess(args: string[]): Promise<{ go(until: number): void; report: Promise<ChildReport> }> {
  const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, [child, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  cleanups.push(() => void proc.kill());
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const failed = (what: string) => new Error(`${what}; its stderr: ${stderr}`);
  return lines.next().then((first) => {
    if (first.value !== "ready") throw failed(`the other process did not start (said ${JSON.stringify(first.value)})`);
    return {
      go: (until) => proc.stdin.write(`go ${until}\n`),
      report: lines.next().then((last) => {
        if (typeof last.value !== "string") throw failed("the other process printed no report");
        return JSON.parse(last.value) as ChildReport;
      }),
    };
  });
}

describe("refresh single flight across processes on one SQLite file", () => {
  it("two processes calling as a 5-second token expires: exactly one token request", async () => {
    expect(existsSync(builtAuth), "build @agx-ext/auth first (pnpm --filter @agx-ext/auth build)").toBe(true);
    const oauth = await startOAuthServer({ clientAuth: "basic", accessTokenTtlSeconds: 5 });
    cleanups.push(() => oauth.stop());
    const settings = {
      API_URL: "http://127.0.0.1:9",
      ACME_CLIENT_ID: oauth.clientId,
      ACME_CLIENT_SECRET: oauth.clientSecret,
      ACME_AUTHORIZE_URL: oauth.authorizeUrl,
      ACME_TOKEN_URL: oauth.tokenUrl,
    };
    // This host makes the tables and connects alice; the two other processes only refresh.
    const host = await startAuthHost({ dialect: "sqlite", extensions: [providerExtension("acme", declaration)], settings });
    cleanups.push(() => host.close());
    const args = [host.testDb.hostDir, host.testDb.url, JSON.stringify(settings), TEST_KEY];
    const others = await Promise.all([otherProcess(args), otherProcess(args)]);

    // Slow token answers keep one process's refresh in flight while the other one finds the token due too.
    oauth.setTokenDelay(300);
    const connected = await connectUser(host.auth, oauth, "alice", "acme");
    const expiresAt = Date.parse(connected.expiresAt!);
    // Until a second past the expiry: the refreshed token (5 s again) is not due before then.
    for (const other of others) other.go(expiresAt + 1_000);
    const reports = await Promise.all(others.map((o) => o.report));

    expect(reports.map((r) => r.errors)).toEqual([[], []]);
    expect(reports.every((r) => r.calls > 0)).toBe(true);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
    // Both processes used the one refreshed token after the expiry.
    const refreshed = await host.auth.accessToken("alice", "acme");
    for (const report of reports) expect(report.tokens).toContain(refreshed);
    expect(new Set(reports.flatMap((r) => r.tokens)).size).toBe(2);
  }, 60_000);
});
