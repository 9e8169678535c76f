import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { startFakeProvider, type FakeProvider } from "@agx-ext/testing/provider";
import { main } from "../src/cli/index.js";
import { makeHostDir } from "./helpers.js";

const fixture = fileURLToPath(new URL("./fixtures/oauth-probe", import.meta.url));
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const waiters: Array<() => void> = [];
  return {
    io: {
      out: (text: string) => {
        out.push(text);
        waiters.splice(0).forEach((w) => w());
      },
      err: (text: string) => void err.push(text),
    },
    out,
    err,
    nextOut: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

/** The oauth-probe fixture's settings, pointed at the OAuth test server and at `apiUrl`. */
function oauthProbeEnv(oauth: OAuthTestServer, apiUrl: string): Record<string, string> {
  return {
    OAUTH_PROBE_API_URL: apiUrl,
    OAUTH_PROBE_CLIENT_ID: oauth.clientId,
    OAUTH_PROBE_CLIENT_SECRET: oauth.clientSecret,
    OAUTH_PROBE_AUTHORIZE_URL: oauth.authorizeUrl,
    OAUTH_PROBE_TOKEN_URL: oauth.tokenUrl,
    AGX_LOG_LEVEL: "silent",
  };
}

describe("agx connect / connections / disconnect", () => {
  it("runs the OAuth flow through a loopback callback, lists the connection and removes it", async () => {
    const oauth: OAuthTestServer = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
    cleanups.push(() => oauth.stop());
    const api: FakeProvider = await startFakeProvider({
      bearer: (t) => oauth.isValidAccessToken(t),
      routes: { "GET /me": () => ({ json: { name: "Probe User" } }) },
    });
    cleanups.push(() => api.close());
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = oauthProbeEnv(oauth, api.url);

    const connect = capture();
    const printed = connect.nextOut();
    const exit = main(["connect", "oauth-probe", "--user", "alice"], connect.io, { dir, env });
    await printed;
    const redirect = await oauth.authorize(connect.out[0]!);
    expect(redirect.url.hostname).toBe("127.0.0.1");
    const page = await fetch(redirect.url);
    expect(page.status).toBe(200);
    expect(await exit).toBe(0);
    expect(connect.out[1]).toMatch(/^Connected oauth-probe for user "alice", access token valid until /);

    const run = capture();
    expect(await main(["run", "OAuth Probe Me", "--user", "alice"], run.io, { dir, env })).toBe(0);
    expect(JSON.parse(run.out[0]!)).toMatchObject({ data: { name: "Probe User" } });

    const list = capture();
    expect(await main(["connections", "--json"], list.io, { dir, env })).toBe(0);
    const rows = JSON.parse(list.out[0]!) as Array<Record<string, unknown>>;
    expect(rows).toMatchObject([{ userId: "alice", provider: "oauth-probe", status: "active", connected: true, scopes: ["read"] }]);
    expect(list.out[0]).not.toContain(api.requests[0]!.token!);

    const gone = capture();
    expect(await main(["disconnect", "oauth-probe", "--user", "alice"], gone.io, { dir, env })).toBe(0);
    const after = capture();
    await main(["connections", "--user", "alice"], after.io, { dir, env });
    expect(after.out[0]).toContain("No connections");
    const again = capture();
    expect(await main(["run", "OAuth Probe Me", "--user", "alice"], again.io, { dir, env })).toBe(1);
    expect(again.err[0]).toMatch(/^NOT_CONNECTED: .*agx connect oauth-probe/);
    expect((await stat(join(dir, ".agx", "secret.key"))).mode & 0o777).toBe(0o600); // the generated vault key
  });

  it("stores an API key read from stdin for one user", async () => {
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = { AGX_LOG_LEVEL: "silent" };
    const stdin = Object.getOwnPropertyDescriptor(process, "stdin")!;
    Object.defineProperty(process, "stdin", { value: Readable.from(["key-for-bob-12345\n"]), configurable: true });
    const connect = capture();
    try {
      expect(await main(["connect", "key-probe", "--user", "bob"], connect.io, { dir, env })).toBe(0);
    } finally {
      Object.defineProperty(process, "stdin", stdin);
    }
    expect(connect.err).toEqual(["KEY_PROBE_API_KEY: "]);
    expect(connect.out[0]).toBe('Stored KEY_PROBE_API_KEY for key-probe (user "bob").');

    const bob = capture();
    expect(await main(["run", "Key Probe Whoami", "--user", "bob"], bob.io, { dir, env })).toBe(0);
    expect(JSON.parse(bob.out[0]!)).toMatchObject({ data: { keyLength: 17 } });
    const alice = capture();
    expect(await main(["run", "Key Probe Whoami", "--user", "alice"], alice.io, { dir, env })).toBe(1);
    expect(alice.err[0]).toMatch(/^NOT_CONFIGURED: .*KEY_PROBE_API_KEY/);

    const list = capture();
    await main(["connections"], list.io, { dir, env });
    expect(list.out[0]).toMatch(/bob\s+key-probe\s+active/);
    expect(list.out[0]).not.toContain("key-for-bob");
  });

  it("reads each credentials field from its own stdin line, even when all lines arrive at once", async () => {
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = { AGX_LOG_LEVEL: "silent" };
    const stdin = Object.getOwnPropertyDescriptor(process, "stdin")!;
    // One chunk holding both lines, as `printf 'carol\nhunter2-long\n' | agx connect creds-probe` delivers them.
    Object.defineProperty(process, "stdin", { value: Readable.from(["carol\nhunter2-long\n"]), configurable: true });
    const connect = capture();
    try {
      expect(await main(["connect", "creds-probe", "--user", "carol"], connect.io, { dir, env })).toBe(0);
    } finally {
      Object.defineProperty(process, "stdin", stdin);
    }
    expect(connect.err).toEqual(["CREDS_PROBE_USER: ", "CREDS_PROBE_PASSWORD: "]);
    expect(connect.out[0]).toBe('Stored CREDS_PROBE_USER, CREDS_PROBE_PASSWORD for creds-probe (user "carol").');

    const carol = capture();
    expect(await main(["run", "Creds Probe Whoami", "--user", "carol"], carol.io, { dir, env })).toBe(0);
    expect(JSON.parse(carol.out[0]!)).toMatchObject({ data: { user: "carol", passwordLength: 12 } });
  });

  it("refuses an unknown provider with a suggestion", async () => {
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const io = capture();
    expect(await main(["connect", "oauth-prob"], io.io, { dir, env: { AGX_LOG_LEVEL: "silent" } })).toBe(1);
    expect(io.err[0]).toMatch(/^NOT_FOUND: .*oauth-probe/);
  });

  it("--scopes requests only the named scopes, adding to earlier grants", async () => {
    const oauth: OAuthTestServer = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
    cleanups.push(() => oauth.stop());
    const dir = await makeHostDir({ "oauth-probe": fixture });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = oauthProbeEnv(oauth, "http://127.0.0.1:9");
    const connect = capture();
    const printed = connect.nextOut();
    const exit = main(["connect", "oauth-probe", "--user", "alice", "--scopes", "read"], connect.io, { dir, env });
    await printed;
    const asked = new URL(connect.out[0]!).searchParams;
    expect(asked.get("scope")).toBe("read");
    expect(asked.get("include_granted_scopes")).toBe("true");
    await fetch((await oauth.authorize(connect.out[0]!)).url);
    expect(await exit).toBe(0);

    const unknown = capture();
    expect(await main(["connect", "oauth-probe", "--scopes", "write,admin"], unknown.io, { dir, env })).toBe(1);
    expect(unknown.err[0]).toMatch(/^INVALID_INPUT: .*"write", "admin"/);
  });
});
