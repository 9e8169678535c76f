import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
// The OAuth test server of @agx-ext/testing, from source (testing depends on the host).
import { startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { CallLogEntity } from "@agx-ext/services";
import { authConnections } from "../src/server/auth-connections.js";
import { attachConsole } from "../src/server/console/attach.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe.each(DATABASES)("console data routes on %s", (dialect) => {
  let oauth: OAuthTestServer;
  let database: TestDatabase;
  let dir: string;
  let server: TestServer;
  const keys: Record<string, string> = {};
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  beforeAll(async () => {
    oauth = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
    database = await createTestDatabase(dialect);
    dir = await makeHostDir({ linked: fixture("linked"), keyed: fixture("keyed") });
    server = await startTestServer({
      dir,
      env: {
        LINKED_CLIENT_ID: oauth.clientId,
        LINKED_CLIENT_SECRET: oauth.clientSecret,
        LINKED_AUTHORIZE_URL: oauth.authorizeUrl,
        LINKED_TOKEN_URL: oauth.tokenUrl,
        KEYED_REGION: "eu-secret-region-value",
        AGX_SECRET_KEY: "f".repeat(64),
        AGX_RATE_LIMIT: "1000",
        ...(dialect === "postgresql" ? { AGX_DATABASE_URL: database.url } : {}),
      },
      attach: (host) => ({ console: attachConsole(host), connections: authConnections(host.services.auth, host.runtime.extensions) }),
    });
    for (const user of ["default", "bob"]) {
      keys[user] = await server.users.add(user);
      const res = await call(`${server.url}/v1/session`, { body: { apiKey: keys[user] } });
      sessions[user] = { cookie: res.headers.getSetCookie()[0]!.split(";")[0]!, csrf: res.body.csrfToken };
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await oauth?.stop();
    await database?.drop();
    await removeDir(dir);
  });

  const browser = (user: string) => ({ cookie: sessions[user]!.cookie, origin: server.url, "x-agx-csrf": sessions[user]!.csrf });

  it("lists providers with kind, scope groups in words and credentials fields", async () => {
    const res = await call(`${server.url}/v1/connections`, { headers: browser("bob") });
    expect(res.status).toBe(200);
    expect(res.body.providers).toContainEqual({
      provider: "linked",
      kind: "oauth2",
      scopeGroups: [
        { name: "reading", description: "Lets the host use: read", scopes: ["read"], default: true },
        { name: "writing", description: "Lets the host use: write", scopes: ["write"], default: false },
      ],
    });
    expect(res.body.providers).toContainEqual({
      provider: "keyed",
      kind: "credentials",
      fields: [
        { name: "KEYED_USER", label: "Account name", secret: false, required: true },
        { name: "KEYED_PASSWORD", label: "Account password", secret: true, required: true },
      ],
    });
  });

  it("begin is refused with an API key, pointing to connect links", async () => {
    const res = await call(`${server.url}/v1/connections/linked/begin`, { key: keys.bob, body: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("UNAUTHORIZED");
    expect(res.body.error.message).toContain("/v1/connect-links");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("begin with a session binds the flow to the browser; the callback returns to /connections", async () => {
    const begun = await call(`${server.url}/v1/connections/linked/begin`, { body: { scopes: ["writing"] }, headers: browser("bob") });
    expect(begun.status).toBe(200);
    expect(begun.body.url).toContain(oauth.authorizeUrl);
    expect(new URL(begun.body.url).searchParams.get("scope")).toBe("write");
    const flowCookie = begun.headers.getSetCookie()[0]!;
    expect(flowCookie).toMatch(/^agx_flow_[0-9a-f]{16}=console\.[A-Za-z0-9_-]{43}; Path=\/oauth\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const redirect = await oauth.authorize(begun.body.url);
    const back = await fetch(redirect.url, { redirect: "manual", headers: { cookie: flowCookie.split(";")[0]! } });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${server.url}/connections?connected=linked`);
    const listed = await call(`${server.url}/v1/connections`, { key: keys.bob });
    expect(listed.body.connections).toContainEqual(expect.objectContaining({ provider: "linked", connected: true }));

    // A refused consent comes back to the console too, with the provider's error for the page to show.
    const second = await call(`${server.url}/v1/connections/linked/begin`, { body: {}, headers: browser("bob") });
    const callback = new URL(`${server.url}/oauth/linked/callback`);
    callback.searchParams.set("state", new URL(second.body.url).searchParams.get("state")!);
    callback.searchParams.set("error", "access_denied");
    const refused = await fetch(callback, { redirect: "manual", headers: { cookie: second.headers.getSetCookie()[0]!.split(";")[0]! } });
    expect(refused.status).toBe(303);
    expect(new URL(refused.headers.get("location")!).pathname).toBe("/connections");
    expect(new URL(refused.headers.get("location")!).searchParams.get("error")).toBeTruthy();

    // A provider URL opened in another browser (without the flow cookie) connects nobody.
    const third = await call(`${server.url}/v1/connections/linked/begin`, { body: {}, headers: browser("default") });
    const elsewhere = await fetch((await oauth.authorize(third.body.url)).url, { redirect: "manual" });
    expect(elsewhere.status).toBe(400);
    expect((await call(`${server.url}/v1/connections`, { key: keys.default })).body.connections).toEqual([]);

    const gone = await call(`${server.url}/v1/connections/linked`, { method: "DELETE", headers: browser("bob") });
    expect(gone.status).toBe(204);
    expect((await call(`${server.url}/v1/connections`, { key: keys.bob })).body.connections).not.toContainEqual(
      expect.objectContaining({ provider: "linked", connected: true }),
    );
  });

  it("begin validates provider, scopes and account", async () => {
    const begin = (provider: string, body: unknown) => call(`${server.url}/v1/connections/${provider}/begin`, { body, headers: browser("bob") });
    expect((await begin("nowhere", {})).status).toBe(404);
    expect((await begin("keyed", {})).status).toBe(400);
    expect((await begin("linked", { scopes: ["drive"] })).status).toBe(400);
    expect((await begin("linked", { color: "red" })).body.error.details.fields).toEqual(["color"]);
    expect((await begin("linked", { account: 7 })).status).toBe(400);
  });

  it("stores credentials and never echoes them; names an unknown field", async () => {
    const put = (body: unknown) => call(`${server.url}/v1/connections/keyed/credentials`, { method: "PUT", body, headers: browser("bob") });
    const stored = await put({ fields: { KEYED_USER: "bob@example.test", KEYED_PASSWORD: "hunter2-very-secret" } });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ provider: "keyed", status: "active", connected: true });
    expect(JSON.stringify(stored.body)).not.toContain("hunter2-very-secret");
    expect(JSON.stringify((await call(`${server.url}/v1/connections`, { key: keys.bob })).body)).not.toContain("hunter2-very-secret");
    const run = await call(`${server.url}/v1/commands/keyed_whoami`, { key: keys.bob, body: {} });
    expect(run.body, JSON.stringify(run.body)).toMatchObject({ ok: true, data: { user: "bob@example.test" } });

    const unknown = await put({ fields: { KEYED_PIN: "1234" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "INVALID_INPUT", details: { fields: ["fields.KEYED_PIN"] } });
    expect(unknown.body.error.message).toContain("KEYED_PIN");
    const empty = await put({ fields: { KEYED_PASSWORD: "" } });
    expect(empty.status).toBe(400);
    expect((await put({ fields: {} })).status).toBe(400);
    const oauthProvider = await call(`${server.url}/v1/connections/linked/credentials`, {
      method: "PUT",
      body: { fields: { X: "y" } },
      headers: browser("bob"),
    });
    expect(oauthProvider.status).toBe(400);
    expect((await call(`${server.url}/v1/connections/keyed`, { method: "DELETE", headers: browser("bob") })).status).toBe(204);
    expect((await call(`${server.url}/v1/connections/nowhere`, { method: "DELETE", headers: browser("bob") })).status).toBe(404);
  });

  it("records every call from HTTP and MCP with its outcome and no inputs, newest first, per user", async () => {
    await call(`${server.url}/v1/commands/probe_echo`, { key: keys.default, body: { text: "private words" } });
    await call(`${server.url}/v1/commands/probe_fail_with`, { key: keys.default, body: { code: "RATE_LIMITED" } });
    const client = new Client({ name: "console-data-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys.default}` } } }),
    );
    try {
      await client.callTool({ name: "probe_echo", arguments: { text: "over mcp" } });
    } finally {
      await client.close();
    }
    const res = await call(`${server.url}/v1/activity?limit=3`, { headers: { cookie: sessions.default!.cookie } });
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(true);
    expect(res.body.calls.map((c: { command: string; outcome: string }) => [c.command, c.outcome])).toEqual([
      ["probe/Echo", "ok"],
      ["probe/Fail With", "RATE_LIMITED"],
      ["probe/Echo", "ok"],
    ]);
    for (const entry of res.body.calls) {
      expect(Object.keys(entry).sort()).toEqual(["command", "durationMs", "outcome", "startedAt"]);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(JSON.stringify(res.body)).not.toContain("private words");
    // bob's activity holds bob's calls only.
    const bobs = await call(`${server.url}/v1/activity`, { key: keys.bob });
    expect(bobs.body.calls.every((c: { command: string }) => c.command.startsWith("keyed/"))).toBe(true);
    expect((await call(`${server.url}/v1/activity?limit=0`, { key: keys.bob })).status).toBe(400);
    expect((await call(`${server.url}/v1/activity?limit=abc`, { key: keys.bob })).status).toBe(400);
  });

  it("deletes calls older than 30 days in the cleanup job", async () => {
    const old = { userId: "default", command: "probe/Echo", startedAt: new Date(Date.now() - 31 * 24 * 3600_000), durationMs: 1, outcome: "ok" };
    await server.host.services.database.transaction((em) => em.insert(CallLogEntity, old));
    const count = async () => (await call(`${server.url}/v1/activity?limit=500`, { key: keys.default })).body.calls.length as number;
    const before = await count();
    const record = await server.host.services.jobs.engine.runNow("console-cleanup");
    expect(record.outcome).toBe("ok");
    expect(record.summary).toMatchObject({ calls: 1 });
    expect(await count()).toBe(before - 1);
  });

  it("lists and changes the caller's tool set; an admin may name another user", async () => {
    const listed = await call(`${server.url}/v1/tools`, { headers: { cookie: sessions.bob!.cookie } });
    expect(listed.body.extensions).toContainEqual({ id: "probe", name: "Probe", enabled: true });
    const off = await call(`${server.url}/v1/tools/probe`, { method: "PUT", body: { enabled: false }, headers: browser("bob") });
    expect(off.body.extension).toEqual({ id: "probe", name: "Probe", enabled: false });
    expect((await call(`${server.url}/v1/commands/probe_echo`, { key: keys.bob, body: { text: "x" } })).status).toBe(404);
    expect((await call(`${server.url}/v1/tools?user=default`, { key: keys.bob })).status).toBe(403);
    const byAdmin = await call(`${server.url}/v1/tools/probe?user=bob`, { method: "PUT", body: { enabled: true }, key: keys.default });
    expect(byAdmin.status).toBe(200);
    expect((await call(`${server.url}/v1/tools/nothing`, { method: "PUT", body: { enabled: true }, key: keys.bob })).status).toBe(404);
    expect((await call(`${server.url}/v1/tools/probe`, { method: "PUT", body: { enabled: "yes" }, key: keys.bob })).status).toBe(400);
  });

  it("lists host settings with whether each is set, never a value", async () => {
    const res = await call(`${server.url}/v1/admin/settings`, { key: keys.default });
    expect(res.status).toBe(200);
    const settings = res.body.settings as { name: string; set: boolean; scope: string; extension?: string }[];
    expect(settings).toContainEqual(expect.objectContaining({ name: "AGX_SECRET_KEY", set: true, scope: "host" }));
    expect(settings).toContainEqual(expect.objectContaining({ name: "AGX_PUBLIC_URL", set: false, scope: "host" }));
    expect(settings).toContainEqual(expect.objectContaining({ name: "KEYED_REGION", set: true, scope: "extension", extension: "keyed" }));
    expect(settings).toContainEqual(expect.objectContaining({ name: "LINKED_CLIENT_SECRET", set: true, scope: "extension", extension: "linked" }));
    expect(settings.map((s) => s.name)).not.toContain("KEYED_PASSWORD");
    for (const setting of settings) expect(Object.keys(setting).every((key) => ["name", "set", "scope", "extension", "description"].includes(key))).toBe(true);
    const text = JSON.stringify(res.body);
    for (const secret of ["f".repeat(64), oauth.clientSecret, "eu-secret-region-value"]) expect(text).not.toContain(secret);
  });
});

describe("AGX_CALL_LOG=off", () => {
  it("records nothing, and /v1/activity says the log is off", async () => {
    const dir = await makeHostDir();
    const server = await startTestServer({
      dir,
      env: { AGX_CALL_LOG: "off", AGX_SECRET_KEY: "0".repeat(64) },
      attach: (host) => ({ console: attachConsole(host) }),
    });
    try {
      const key = await server.users.add("default");
      expect((await call(`${server.url}/v1/commands/probe_echo`, { key, body: { text: "x" } })).status).toBe(200);
      const res = await call(`${server.url}/v1/activity`, { key });
      expect(res.body).toEqual({ enabled: false, calls: [] });
      const rows = await server.host.services.database.read((em) => em.getConnection().execute("select count(*) as n from agx_call_log"));
      expect(Number((rows as { n: number }[])[0]!.n)).toBe(0);
    } finally {
      await server.close();
      await removeDir(dir);
    }
  }, 60_000);
});
