import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { VaultCipher, webhookSignature } from "../src/host.js";
import { connectUser, failure, providerExtension, startAuthHost, startFakeProvider, startOAuthServer } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRET = "whsec-test-0123456789";
const declaration = oauth2({
  authorizeUrl: "https://hook.example/authorize",
  tokenUrl: "https://hook.example/token",
  scopes: ["read"],
  pkce: false,
  clientAuth: "basic",
  clientIdSetting: "HOOK_CLIENT_ID",
  clientSecretSetting: "HOOK_CLIENT_SECRET",
});

/** A webhook receiver that keeps what it was sent. */
async function receiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000; // liveness bound
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function setup(extra: Record<string, string>) {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const api = await startFakeProvider({ bearer: (t) => oauth.isValidAccessToken(t), routes: { "GET /v1/me": () => ({ json: { ok: true } }) } });
  cleanups.push(() => api.close());
  let offsetMs = 0;
  const settings = {
    API_URL: api.url,
    HOOK_CLIENT_ID: oauth.clientId,
    HOOK_CLIENT_SECRET: oauth.clientSecret,
    HOOK_AUTHORIZE_URL: oauth.authorizeUrl,
    HOOK_TOKEN_URL: oauth.tokenUrl,
    ...extra,
  };
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("hook", declaration)],
    settings,
    auth: { now: () => new Date(Date.now() + offsetMs) },
  });
  cleanups.push(() => host.close());
  await connectUser(host.auth, oauth, "alice", "hook");
  return { oauth, host, advance: (ms: number) => (offsetMs += ms) };
}

describe("connection change notifications", () => {
  it("POSTs each change to or from degraded / needs_reauth as signed JSON, without tokens", async () => {
    const hook = await receiver();
    const { oauth, host, advance } = await setup({ AGX_CONNECTION_WEBHOOK_URL: hook.url, AGX_WEBHOOK_SECRET: SECRET });
    const call = () => host.runtime.execute("hook get", {}, { userId: "alice" });

    advance(3_600_000);
    oauth.failNextTokenRequest({ status: 503, json: { error: "temporarily_unavailable" } });
    await failure(call());
    advance(31_000);
    await call(); // degraded -> active
    oauth.revokeGrants();
    advance(3_600_000);
    await failure(call()); // active -> needs_reauth
    await until(() => hook.received.length >= 3);

    const events = hook.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(events.map((e) => [e.event, e.userId, e.provider, e.from, e.to])).toEqual([
      ["connection.status_changed", "alice", "hook", "active", "degraded"],
      ["connection.status_changed", "alice", "hook", "degraded", "active"],
      ["connection.status_changed", "alice", "hook", "active", "needs_reauth"],
    ]);
    expect(events[0]).toMatchObject({ lastError: { code: "PROVIDER_ERROR" }, reason: expect.stringContaining("refresh failed") });
    for (const { headers, body } of hook.received) {
      expect(headers["content-type"]).toBe("application/json");
      const timestamp = String(headers["x-agx-timestamp"]);
      expect(timestamp).toMatch(/^\d+$/);
      expect(headers["x-agx-signature"]).toBe(webhookSignature(SECRET, timestamp, body));
      expect(body).not.toMatch(/"at[A-Za-z0-9_-]{10,}|rt[A-Za-z0-9_-]{10,}|whsec/);
    }
    // Another secret does not produce the same signature.
    expect(webhookSignature("other", "1", hook.received[0]!.body)).not.toBe(webhookSignature(SECRET, "1", hook.received[0]!.body));
  });

  it("notifies a row the vault cannot open once, found by a call or by the keep-alive job", async () => {
    const hook = await receiver();
    const { oauth, host } = await setup({ AGX_CONNECTION_WEBHOOK_URL: hook.url, AGX_WEBHOOK_SECRET: SECRET });
    await connectUser(host.auth, oauth, "bob", "hook");
    // Both rows sealed under a key this host does not have, as a lost AGX_SECRET_KEY_PREVIOUS would leave them.
    const otherKey = new VaultCipher(Buffer.alloc(32, 9));
    for (const user of ["alice", "bob"]) {
      const sealed = otherKey.seal(JSON.stringify({ accessToken: "old-token" }), ["connection", user, "hook"].join("\u0000"));
      await host.database.transaction((em) =>
        em.getConnection().execute("update agx_auth_connections set sealed = ? where user_id = ?", [sealed, user], "run", em.getTransactionContext()),
      );
    }
    for (let i = 0; i < 3; i++)
      expect(await failure(host.runtime.execute("hook get", {}, { userId: "alice" }))).toMatchObject({ details: { reason: "unreadable" } });
    const report = await host.auth.keepAlive();
    expect(report.unreadable).toBe(1); // bob's; alice's was recorded by her first call
    expect((await host.auth.keepAlive()).unreadable).toBe(0);
    await until(() => hook.received.length >= 2);
    await new Promise((r) => setTimeout(r, 200)); // room for a duplicate to arrive, were one sent
    const events = hook.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(events.map((e) => [e.userId, e.from, e.to])).toEqual([
      ["alice", "active", "unreadable"],
      ["bob", "active", "unreadable"],
    ]);
    expect(events[0]).toMatchObject({ account: "default", reason: expect.stringMatching(/sealed under vault key [0-9a-f]{16}/) });
  });

  it("refuses to start with a webhook URL but no secret, or a URL that is not http(s)", async () => {
    await expect(setup({ AGX_CONNECTION_WEBHOOK_URL: "http://127.0.0.1:9/hooks" })).rejects.toThrow(/AGX_WEBHOOK_SECRET is not/);
    await expect(setup({ AGX_CONNECTION_WEBHOOK_URL: "ftp://example.com/x", AGX_WEBHOOK_SECRET: SECRET })).rejects.toThrow(/must be an http\(s\) URL/);
  });
});
