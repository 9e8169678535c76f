import { rm } from "node:fs/promises";
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

async function setup() {
  const oauth: OAuthTestServer = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
  cleanups.push(() => oauth.stop());
  const api: FakeProvider = await startFakeProvider({
    bearer: (t) => oauth.isValidAccessToken(t),
    routes: { "GET /me": () => ({ json: { name: "Probe User" } }) },
  });
  cleanups.push(() => api.close());
  const dir = await makeHostDir({ "oauth-probe": fixture });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const env = {
    OAUTH_PROBE_API_URL: api.url,
    OAUTH_PROBE_CLIENT_ID: oauth.clientId,
    OAUTH_PROBE_CLIENT_SECRET: oauth.clientSecret,
    OAUTH_PROBE_AUTHORIZE_URL: oauth.authorizeUrl,
    OAUTH_PROBE_TOKEN_URL: oauth.tokenUrl,
    AGX_LOG_LEVEL: "silent",
  };
  /** `agx <args>` to its exit code and output. */
  const agx = async (args: string[]) => {
    const run = capture();
    const code = await main(args, run.io, { dir, env });
    return { code, out: run.out, err: run.err };
  };
  /** `agx connect oauth-probe ...`, playing the browser at the OAuth server. */
  const connect = async (extra: string[]) => {
    const run = capture();
    const printed = run.nextOut();
    const exit = main(["connect", "oauth-probe", "--user", "alice", ...extra], run.io, { dir, env });
    await printed;
    await fetch((await oauth.authorize(run.out[0]!)).url);
    expect(await exit).toBe(0);
    return run.out[1]!;
  };
  /** Runs the probe's command for alice and returns the token the provider saw. */
  const tokenOfCall = async (input: Record<string, unknown>) => {
    const result = await agx(["run", "OAuth Probe Me", "--user", "alice", "--input", JSON.stringify(input)]);
    expect(result.code, result.err.join("\n")).toBe(0);
    return api.requests.at(-1)!.token;
  };
  return { agx, connect, tokenOfCall };
}

describe("agx with several accounts per provider", () => {
  it("connect --account, a command's account input, connections default, disconnect --account", async () => {
    const { agx, connect, tokenOfCall } = await setup();
    expect(await connect([])).toMatch(/^Connected oauth-probe for user "alice"/);
    expect(await connect(["--account", "work"])).toMatch(/^Connected oauth-probe \(account "work"\) for user "alice", not the default account/);

    const plain = await tokenOfCall({});
    const work = await tokenOfCall({ account: "work" });
    expect(work).not.toBe(plain);
    expect(await tokenOfCall({ account: "default" })).toBe(plain);

    const listed = await agx(["connections", "--json", "--user", "alice"]);
    expect(JSON.parse(listed.out[0]!)).toMatchObject([
      { provider: "oauth-probe", label: "default", default: true, status: "active" },
      { provider: "oauth-probe", label: "work", default: false, status: "active" },
    ]);
    expect((await agx(["connections", "--user", "alice"])).out[0]).toMatch(/oauth-probe\s+active\s+work\s/);

    expect((await agx(["connections", "default", "oauth-probe", "work", "--user", "alice"])).out[0]).toContain('now use the account "work"');
    expect(await tokenOfCall({})).toBe(work);

    const gone = await agx(["disconnect", "oauth-probe", "--account", "work", "--user", "alice"]);
    expect(gone).toMatchObject({ code: 0, out: ['Disconnected oauth-probe account "work" for user "alice".'] });
    expect(await tokenOfCall({})).toBe(plain);
    const refused = await agx(["run", "OAuth Probe Me", "--user", "alice", "--input", '{"account":"work"}']);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/^NOT_CONNECTED: You have no oauth-probe account "work"; your oauth-probe account is "default" \(default\)/);
    const again = await agx(["disconnect", "oauth-probe", "--account", "work", "--user", "alice"]);
    expect(again).toMatchObject({ code: 1, out: ['User "alice" had no oauth-probe account "work" connection.'] });
  });

  it("lists the account input in the command's schema, and refuses --account where a provider keeps one set of credentials", async () => {
    const { agx } = await setup();
    const listed = await agx(["commands", "--json"]);
    const commands = JSON.parse(listed.out[0]!) as Array<{ name: string; inputSchema: { properties: Record<string, unknown> } }>;
    expect(commands.find((c) => c.name === "OAuth Probe Me")?.inputSchema.properties.account).toMatchObject({ type: "string", maxLength: 255 });
    expect(commands.find((c) => c.name === "Key Probe Whoami")?.inputSchema.properties.account).toMatchObject({ type: "string" });

    const stdin = Object.getOwnPropertyDescriptor(process, "stdin")!;
    Object.defineProperty(process, "stdin", { value: Readable.from(["key-for-alice-12345\n"]), configurable: true });
    try {
      const refused = await agx(["connect", "key-probe", "--user", "alice", "--account", "work"]);
      expect(refused.code).toBe(2);
      expect(refused.err.join("\n")).toContain("key-probe keeps one set of credentials per user, so --account does not apply");
    } finally {
      Object.defineProperty(process, "stdin", stdin);
    }
    const noDefault = await agx(["connections", "default", "oauth-probe", "work", "--user", "alice"]);
    expect(noDefault.code).toBe(1);
    expect(noDefault.err[0]).toMatch(/^NOT_CONNECTED: You have not connected oauth-probe yet/);
  });
});
