import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { attachConsole } from "../src/server/console/attach.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

const MINUTE = 60_000;

/** A clock the test moves by hand, so idle expiry is tested without waiting. */
function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms) };
}

async function consoleServer(dir: string, env: Record<string, string>, clock = testClock()) {
  const server = await startTestServer({
    dir,
    env,
    attach: (host) => ({ console: attachConsole(host, { now: clock.now }) }),
  });
  return { server, clock };
}

interface SignedIn {
  status: number;
  cookie: string;
  setCookie: string;
  csrf: string;
  body: any;
}

async function signIn(url: string, body: unknown, headers: Record<string, string> = {}): Promise<SignedIn> {
  const res = await call(`${url}/v1/session`, { body, headers });
  const setCookie = res.headers.getSetCookie()[0] ?? "";
  return { status: res.status, cookie: setCookie.split(";")[0]!, setCookie, csrf: res.body?.csrfToken, body: res.body };
}

/** A request as the console page makes it: the cookie, and on changes its own origin and the CSRF token. */
function asBrowser(session: SignedIn, origin: string, extra: Record<string, string> = {}) {
  return { cookie: session.cookie, origin, "x-agx-csrf": session.csrf, ...extra };
}

describe.each(DATABASES)("console sessions on %s", (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let server: TestServer;
  let clock: ReturnType<typeof testClock>;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
    ({ server, clock } = await consoleServer(dir, { AGX_SECRET_KEY: "c".repeat(64), ...(dialect === "postgresql" ? { AGX_DATABASE_URL: database.url } : {}) }));
    for (const user of ["default", "bob", "carol", "dave"]) keys[user] = await server.users.add(user);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database?.drop();
    await removeDir(dir);
  });

  it("signs in with an API key: an HttpOnly SameSite=Lax cookie, and the cookie works on /v1 routes (not on /mcp)", async () => {
    const session = await signIn(server.url, { apiKey: keys.bob });
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ user: { id: "bob", role: "member" }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(session.setCookie).toMatch(/^agx_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    // The token is in the cookie only: never in the body.
    expect(JSON.stringify(session.body)).not.toContain(session.cookie.split("=")[1]);

    const who = await call(`${server.url}/v1/session`, { headers: { cookie: session.cookie } });
    expect(who.status).toBe(200);
    expect(who.body).toEqual({ user: { id: "bob", role: "member" }, csrfToken: session.csrf, host: { version: "0.0.0-test", publicUrl: server.url } });
    const commands = await call(`${server.url}/v1/commands`, { headers: { cookie: session.cookie } });
    expect(commands.status).toBe(200);
    const echo = await call(`${server.url}/v1/commands/probe_echo`, { body: { text: "hi" }, headers: asBrowser(session, server.url) });
    expect(echo.body.data).toEqual({ text: "hi", user: "bob" });
    const mcp = await call(`${server.url}/mcp`, {
      body: { jsonrpc: "2.0", id: 1, method: "tools/list" },
      headers: { cookie: session.cookie, accept: "application/json, text/event-stream" },
    });
    expect(mcp.status).toBe(401);
  });

  it("refuses wrong keys, malformed bodies and sign-ins posted from another site", async () => {
    expect((await signIn(server.url, { apiKey: `${keys.bob}x` })).status).toBe(401);
    expect((await signIn(server.url, { loginToken: "A".repeat(43) })).status).toBe(401);
    const both = await signIn(server.url, { apiKey: keys.bob, loginToken: "x" });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toContain("exactly one of apiKey or loginToken");
    expect((await signIn(server.url, { apiKey: 5 })).status).toBe(400);
    expect((await signIn(server.url, { password: "x" })).body.error.details.fields).toEqual(["password"]);
    const foreign = await signIn(server.url, { apiKey: keys.bob }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("UNAUTHORIZED");
    expect(foreign.setCookie).toBe("");
    expect((await call(`${server.url}/v1/session`)).status).toBe(401);
    expect((await call(`${server.url}/v1/session`, { headers: { cookie: `agx_session=${"B".repeat(43)}` } })).status).toBe(401);
  });

  it("signs in with a sign-in link once; a used or expired link is refused", async () => {
    const made = await call(`${server.url}/v1/admin/users/carol/login-link`, { key: keys.default, method: "POST" });
    expect(made.status).toBe(200);
    expect(made.body.url).toMatch(new RegExp(`^${server.url}/sign-in#token=[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(made.body.expiresAt) - clock.now().getTime()).toBeLessThanOrEqual(10 * MINUTE);
    const token = made.body.url.split("#token=")[1];
    const first = await signIn(server.url, { loginToken: token });
    expect(first.status).toBe(200);
    expect(first.body.user).toEqual({ id: "carol", role: "member" });
    expect((await signIn(server.url, { loginToken: token })).status).toBe(401);

    const late = (await call(`${server.url}/v1/admin/users/carol/login-link`, { key: keys.default, method: "POST" })).body.url.split("#token=")[1];
    clock.advance(10 * MINUTE + 1000);
    expect((await signIn(server.url, { loginToken: late })).status).toBe(401);
  });

  it("ends a session after 12 hours idle, and keeps it while it is used", async () => {
    const session = await signIn(server.url, { apiKey: keys.dave });
    const alive = async () => (await call(`${server.url}/v1/session`, { headers: { cookie: session.cookie } })).status;
    clock.advance(11 * 60 * MINUTE);
    expect(await alive()).toBe(200);
    clock.advance(11 * 60 * MINUTE);
    expect(await alive()).toBe(200); // 22 h after sign-in, 11 h after the last request
    clock.advance(12 * 60 * MINUTE + MINUTE);
    expect(await alive()).toBe(401);
    expect((await call(`${server.url}/v1/commands`, { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it("refuses changes made with the cookie without the CSRF token or from another origin", async () => {
    const session = await signIn(server.url, { apiKey: keys.bob });
    const put = (headers: Record<string, string>) => call(`${server.url}/v1/tools/needy`, { method: "PUT", body: { enabled: true }, headers });
    const noToken = await put({ cookie: session.cookie });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("x-agx-csrf header is missing") });
    const wrongToken = await put({ cookie: session.cookie, "x-agx-csrf": "A".repeat(43) });
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.body.error.message).toContain("does not match");
    const foreign = await put(asBrowser(session, "https://evil.example"));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toContain("another site");
    expect((await put(asBrowser(session, server.url))).status).toBe(200);
    // Reading needs no token: GET cannot change anything.
    expect((await call(`${server.url}/v1/tools`, { headers: { cookie: session.cookie } })).status).toBe(200);
  });

  it("signs out: the session ends and the cookie is cleared", async () => {
    const session = await signIn(server.url, { apiKey: keys.bob });
    const refused = await call(`${server.url}/v1/session`, { method: "DELETE", headers: { cookie: session.cookie } });
    expect(refused.status).toBe(403);
    const out = await call(`${server.url}/v1/session`, { method: "DELETE", headers: asBrowser(session, server.url) });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^agx_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    expect((await call(`${server.url}/v1/session`, { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it("members get 403 on admin routes; revoking a user ends its sessions at once", async () => {
    const bob = await signIn(server.url, { apiKey: keys.bob });
    for (const [method, path] of [
      ["GET", "/v1/admin/users"],
      ["GET", "/v1/admin/settings"],
      ["POST", "/v1/admin/users/carol/revoke"],
      ["POST", "/v1/admin/users/carol/login-link"],
    ] as const) {
      const res = await call(`${server.url}${path}`, { method, headers: asBrowser(bob, server.url) });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
    }
    expect((await call(`${server.url}/v1/admin/users`, { key: keys.bob })).status).toBe(403);

    const admin = await signIn(server.url, { apiKey: keys.default });
    expect(admin.body.user).toEqual({ id: "default", role: "admin" });
    const listed = await call(`${server.url}/v1/admin/users`, { headers: { cookie: admin.cookie } });
    expect(listed.body.users).toContainEqual({ id: "bob", role: "member", createdAt: expect.any(String) });
    const revoked = await call(`${server.url}/v1/admin/users/bob/revoke`, { method: "POST", headers: asBrowser(admin, server.url) });
    expect(revoked.status).toBe(204);
    expect((await call(`${server.url}/v1/session`, { headers: { cookie: bob.cookie } })).status).toBe(401);
    expect((await call(`${server.url}/v1/commands`, { headers: { cookie: bob.cookie } })).status).toBe(401);
    expect((await signIn(server.url, { apiKey: keys.bob })).status).toBe(401);
    keys.bob = await server.users.add("bob");
  });

  it("admins add users and change roles, never leaving the host without an admin", async () => {
    const admin = await signIn(server.url, { apiKey: keys.default });
    const headers = asBrowser(admin, server.url);
    const added = await call(`${server.url}/v1/admin/users`, { body: { id: "erin", admin: true }, headers });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ user: { id: "erin", role: "admin" }, apiKey: expect.stringMatching(/^agx_/) });
    expect((await call(`${server.url}/v1/admin/users`, { body: { id: "erin" }, headers })).status).toBe(409);
    expect((await call(`${server.url}/v1/admin/users`, { body: { id: "bad id!" }, headers })).status).toBe(400);
    // erin, a new admin, may make connect links for another user (roles, not the name "default").
    const demote = await call(`${server.url}/v1/admin/users/erin/role`, { method: "PUT", body: { role: "member" }, headers });
    expect(demote.body).toEqual({ user: { id: "erin", role: "member" } });
    expect((await call(`${server.url}/v1/admin/users/erin/role`, { method: "PUT", body: { role: "owner" }, headers })).status).toBe(400);
    const last = await call(`${server.url}/v1/admin/users/default/role`, { method: "PUT", body: { role: "member" }, headers });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toContain("only admin");
  });
});

describe("console session cookie behind an https public URL", () => {
  it("is Secure", async () => {
    const dir = await makeHostDir();
    const { server } = await consoleServer(dir, { AGX_PUBLIC_URL: "https://agx.example.test", AGX_SECRET_KEY: "d".repeat(64) });
    try {
      const key = await server.users.add("default");
      const session = await signIn(server.url, { apiKey: key }, { origin: "https://agx.example.test" });
      expect(session.status).toBe(200);
      expect(session.setCookie).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await server.close();
      await removeDir(dir);
    }
  }, 60_000);
});

describe("two hosts on one PostgreSQL database share sessions", () => {
  it("a session started on host A works on host B, and signing out on A ends it on B", async () => {
    const database = await createTestDatabase("postgresql");
    const dirs = [await makeHostDir(), await makeHostDir()];
    const env = { AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: "e".repeat(64) };
    const a = (await consoleServer(dirs[0]!, env)).server;
    const b = (await consoleServer(dirs[1]!, env)).server;
    try {
      const key = await a.users.add("default");
      const session = await signIn(a.url, { apiKey: key });
      const onB = await call(`${b.url}/v1/session`, { headers: { cookie: session.cookie } });
      expect(onB.status).toBe(200);
      expect(onB.body.user).toEqual({ id: "default", role: "admin" });
      expect((await call(`${b.url}/v1/commands`, { headers: { cookie: session.cookie } })).status).toBe(200);
      expect((await call(`${a.url}/v1/session`, { method: "DELETE", headers: asBrowser(session, a.url) })).status).toBe(204);
      expect((await call(`${b.url}/v1/session`, { headers: { cookie: session.cookie } })).status).toBe(401);
      expect((await call(`${b.url}/v1/commands`, { headers: { cookie: session.cookie } })).status).toBe(401);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
      await Promise.all(dirs.map(removeDir));
    }
  }, 90_000);
});
