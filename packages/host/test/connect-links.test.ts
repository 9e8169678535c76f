import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
// The OAuth test server of @agx-ext/testing, from source (testing depends on the host).
import { startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { ConnectLinkEntity } from "@agx-ext/services";
import { TestBrowser, type Hop } from "./browser.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

const APP_ORIGIN = "https://app.example.test";

describe.each(DATABASES)("connect links and browser-bound OAuth flows on %s", (dialect) => {
  let oauth: OAuthTestServer;
  let database: TestDatabase;
  const dirs: string[] = [];
  let server: TestServer;
  let env: Record<string, string>;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    oauth = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
    database = await createTestDatabase(dialect);
    env = {
      LINKED_CLIENT_ID: oauth.clientId,
      LINKED_CLIENT_SECRET: oauth.clientSecret,
      LINKED_AUTHORIZE_URL: oauth.authorizeUrl,
      LINKED_TOKEN_URL: oauth.tokenUrl,
      AGX_ALLOWED_REDIRECT_ORIGINS: `${APP_ORIGIN}, http://other.example.test:8080`,
      AGX_SECRET_KEY: "b".repeat(64),
      ...(dialect === "postgresql" ? { AGX_DATABASE_URL: database.url } : {}),
    };
    dirs.push(
      await makeHostDir({ linked: new URL("./fixtures/linked", import.meta.url).pathname, keyed: new URL("./fixtures/keyed", import.meta.url).pathname }),
    );
    server = await startTestServer({ dir: dirs[0]!, env });
    for (const user of ["default", "bob", "alice"]) keys[user] = await server.users.add(user);
  });

  afterAll(async () => {
    await server?.close();
    await oauth?.stop();
    await database?.drop();
    await Promise.all(dirs.map(removeDir));
  });

  const connections = async (user: string) => (await call(`${server.url}/v1/connections`, { key: keys[user]! })).body.connections as { provider: string }[];
  const makeLink = (user: string, body: unknown) => call(`${server.url}/v1/connect-links`, { key: keys[user]!, body });
  /** Presses the page's Connect button, as the page's own form does (its origin sent along). */
  const pressConnect = (browser: TestBrowser, linkUrl: string, form: Record<string, string> = {}) =>
    browser.request(linkUrl, { method: "POST", form, headers: { origin: new URL(linkUrl).origin } });
  const disconnect = (user: string) =>
    call(`${server.url}/v1/connections`, { key: keys[user]! }).then(() => server.host.services.auth.disconnect(user, "linked"));

  it("a link opened in a fresh browser shows whom it connects for, and connects that user", async () => {
    const made = await makeLink("bob", { provider: "linked" });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(new RegExp(`^${server.url}/connect/[A-Za-z0-9_-]{43}$`));
    const expiresIn = Date.parse(made.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);

    const browser = new TestBrowser();
    const page = await browser.request(made.body.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<strong>bob</strong>");
    expect(page.body).toContain(`<strong>${new URL(server.url).host}</strong>`);
    // The link left the scope groups open: the page offers them, the provider's default checked.
    expect(page.body).toContain("<legend>Ask linked to share</legend>");
    expect(page.body).toContain('<input type="checkbox" id="scope-0" name="scopes" value="reading" checked> <label for="scope-0">reading (read)</label>');
    expect(page.body).toContain('<input type="checkbox" id="scope-1" name="scopes" value="writing"> <label for="scope-1">writing (write)</label>');
    expect(page.body).toMatch(/<form method="post" action="\/connect\/[A-Za-z0-9_-]{43}">/);
    // Opening the page starts nothing: no cookie, no flow, the link still usable.
    expect(page.setCookies).toEqual([]);
    expect((await browser.request(made.body.url)).status).toBe(200);

    const started = await pressConnect(browser, made.body.url);
    expect(started.status).toBe(303);
    expect(started.location).toContain(oauth.authorizeUrl);
    expect(new URL(started.location!).searchParams.get("redirect_uri")).toBe(`${server.url}/oauth/linked/callback`);
    expect(started.setCookies).toHaveLength(1);
    expect(started.setCookies[0]).toMatch(/^agx_flow_[0-9a-f]{16}=[A-Za-z0-9_-]{43}; Path=\/oauth\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);

    const hops = await browser.follow(started);
    const end = hops.at(-1)!;
    expect(new URL(end.url).pathname).toBe("/oauth/linked/callback");
    expect(end.status).toBe(200);
    expect(end.body).toContain("linked is connected");
    // The flow cookie is cleared once used.
    expect([...browser.cookies(server.url).keys()]).toEqual([]);
    expect(await connections("bob")).toEqual([expect.objectContaining({ provider: "linked", connected: true })]);
    expect(await connections("alice")).toEqual([]);

    // Used: the page and its button both say so, never a 500.
    const again = await new TestBrowser().request(made.body.url);
    expect(again.status).toBe(410);
    expect(again.body).toContain("already used");
    expect((await pressConnect(new TestBrowser(), made.body.url)).status).toBe(410);
    await disconnect("bob");
  });

  it("THE ATTACK: a flow started in one browser and finished in another connects nobody", async () => {
    // bob asks the authorize route, as an agent would: the answer is a connect link, not the provider's URL.
    const authorize = await call(`${server.url}/v1/connections/linked/authorize?format=json`, { key: keys.bob! });
    expect(authorize.status).toBe(200);
    expect(authorize.body.url).toMatch(new RegExp(`^${server.url}/connect/`));
    expect(authorize.body.url).not.toContain(oauth.issuer);

    const exchangesBefore = oauth.tokenRequestCount("authorization_code");
    // bob opens it and presses Connect, then sends the provider's URL to someone else.
    const bobs = new TestBrowser();
    const started = await pressConnect(bobs, authorize.body.url);
    expect(started.status).toBe(303);
    const providerUrl = started.location!;

    // Their browser has no agx cookie: the provider sends it back to the callback, which refuses.
    const victims = new TestBrowser();
    const hops = await victims.follow({ ...started, setCookies: [], body: "" } satisfies Hop);
    expect(hops[0]!.url).toBe(providerUrl);
    const refused = hops.at(-1)!;
    expect(new URL(refused.url).pathname).toBe("/oauth/linked/callback");
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("another browser");
    expect(refused.body).toContain("Start the connection again");
    expect(await connections("bob")).toEqual([]);

    // Nor can bob finish it with the code their browser received (should that URL travel back to him).
    const replay = await bobs.request(refused.url);
    expect(replay.status).toBe(400);
    expect(await connections("bob")).toEqual([]);
    // No code was ever exchanged at the provider.
    expect(oauth.tokenRequestCount("authorization_code")).toBe(exchangesBefore);

    // A guessed cookie of the right name does not help either.
    const again = await pressConnect(bobs, (await makeLink("bob", { provider: "linked" })).body.url);
    const name = again.setCookies[0]!.split("=")[0]!;
    const redirect = await oauth.authorize(again.location!);
    const res = await fetch(redirect.url, { headers: { cookie: `${name}=${"A".repeat(43)}` } });
    expect(res.status).toBe(400);
    expect(oauth.tokenRequestCount("authorization_code")).toBe(exchangesBefore);
    expect(await connections("bob")).toEqual([]);
  });

  it("expired, unknown and malformed links get a page saying so, never a 500", async () => {
    const made = await makeLink("bob", { provider: "linked" });
    await server.host.services.database.transaction((em) => em.nativeUpdate(ConnectLinkEntity, {}, { expiresAt: new Date(Date.now() - 1000) }));
    const expired = await new TestBrowser().request(made.body.url);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain("expired");
    expect((await pressConnect(new TestBrowser(), made.body.url)).status).toBe(410);

    const base = `${server.url}/connect/`;
    for (const token of ["x", "A".repeat(43), "%00", "a".repeat(300), "..%2F..%2Fetc"]) {
      const res = await fetch(base + token);
      expect(res.status, token).toBeGreaterThanOrEqual(400);
      expect(res.status, token).toBeLessThan(500);
    }
    for (const query of ["?a=1&a=2", `?x=${"y".repeat(5000)}`]) {
      const res = await call(`${made.body.url}${query}`);
      expect(res.status, query).toBe(400);
      const post = await fetch(`${made.body.url}${query}`, { method: "POST", headers: { origin: server.url } });
      expect(post.status, query).toBe(400);
    }
    for (const query of ["?state=a&state=b", "?state[]=a", `?state=${"s".repeat(5000)}`, "?state=x&code=1&code=2"]) {
      const res = await fetch(`${server.url}/oauth/linked/callback${query}`);
      expect(res.status, query).toBe(400);
    }
    // A form body that is not a form, or too big.
    const live = await makeLink("bob", {});
    const big = await fetch(live.body.url, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: `provider=${"x".repeat(10_000)}`,
    });
    expect(big.status).toBeGreaterThanOrEqual(400);
    expect(big.status).toBeLessThan(500);
    const json = await fetch(live.body.url, { method: "POST", headers: { origin: server.url, "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBeGreaterThanOrEqual(400);
    expect(json.status).toBeLessThan(500);
  });

  it("a Connect press from another site is refused and leaves the link usable", async () => {
    const made = await makeLink("bob", { provider: "linked" });
    const browser = new TestBrowser();
    for (const headers of [{ origin: "https://evil.example" }, { origin: "null" }, {} as Record<string, string>, { "sec-fetch-site": "cross-site" }]) {
      const res = await browser.request(made.body.url, { method: "POST", form: {}, headers });
      expect(res.status).toBe(403);
      expect(res.setCookies).toEqual([]);
    }
    expect((await browser.request(made.body.url)).status).toBe(200);
  });

  it("the page lets its own form name its origin (Referrer-Policy same-origin), and that press connects", async () => {
    const made = await makeLink("alice", { provider: "linked" });
    const page = await fetch(made.body.url);
    expect(page.status).toBe(200);
    // Under no-referrer a browser posts the page's form with `Origin: null`, which the check refuses (above):
    // same-origin keeps the token out of other sites' Referer and the page's own origin on its form.
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // The press exactly as Chromium sends it from that page: its origin, and fetch metadata saying same-origin.
    const browser = new TestBrowser();
    const started = await browser.request(made.body.url, {
      method: "POST",
      form: {},
      headers: { origin: new URL(made.body.url).origin, "sec-fetch-site": "same-origin", referer: made.body.url },
    });
    expect(started.status).toBe(303);
    expect(started.location).toContain(oauth.authorizeUrl);
    const end = (await browser.follow(started)).at(-1)!;
    expect(end.body).toContain("linked is connected");
    expect(await connections("alice")).toEqual([expect.objectContaining({ provider: "linked", connected: true })]);
    await server.host.services.auth.disconnect("alice", "linked");
  });

  it("returns to redirect_url only on an allowed origin", async () => {
    for (const bad of ["https://evil.example/cb", "javascript:alert(1)", "/relative", `${APP_ORIGIN}.evil.example/x`, "http://app.example.test/x"]) {
      const refused = await makeLink("bob", { provider: "linked", redirect_url: bad });
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "INVALID_INPUT", details: { fields: ["redirect_url"] } });
    }
    const made = await makeLink("bob", { provider: "linked", redirect_url: `${APP_ORIGIN}/done?x=1` });
    expect(made.status).toBe(201);
    const browser = new TestBrowser();
    const hops = await browser.follow(await pressConnect(browser, made.body.url), (url) => url.startsWith(APP_ORIGIN));
    const back = hops.at(-1)!;
    expect(new URL(back.url).pathname).toBe("/oauth/linked/callback");
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${APP_ORIGIN}/done?x=1&agx_connect=connected&provider=linked`);
    expect(await connections("bob")).toEqual([expect.objectContaining({ provider: "linked", connected: true })]);
    await disconnect("bob");
  }, 30_000);

  it("shows the provider's refusal escaped", async () => {
    const made = await makeLink("bob", { provider: "linked" });
    const browser = new TestBrowser();
    const started = await pressConnect(browser, made.body.url);
    const state = new URL(started.location!).searchParams.get("state")!;
    const page = await browser.request(
      `${server.url}/oauth/linked/callback?state=${state}&error=access_denied&error_description=${encodeURIComponent("<script>alert(1)</script>")}`,
    );
    expect(page.status).toBe(400);
    expect(page.body).toContain("access_denied");
    expect(page.body).toContain("&lt;script&gt;");
    expect(page.body).not.toContain("<script>");
  });

  it("carries ?scopes= in the link, and lets a link without a provider choose one", async () => {
    const authorize = await call(`${server.url}/v1/connections/linked/authorize?format=json&scopes=writing`, { key: keys.alice! });
    const browser = new TestBrowser();
    const page = await browser.request(authorize.body.url);
    expect(page.body).toContain("writing (write)");
    const started = await pressConnect(browser, authorize.body.url);
    expect(new URL(started.location!).searchParams.get("scope")).toBe("write");

    const open = await makeLink("alice", {});
    const choose = await browser.request(open.body.url);
    expect(choose.body).toContain('<option value="linked">linked</option>');
    const unknown = await pressConnect(browser, open.body.url, { provider: "nowhere" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("nowhere");
    const chosen = await pressConnect(browser, open.body.url, { provider: "linked" });
    expect(chosen.status).toBe(303);
    const end = (await browser.follow(chosen)).at(-1)!;
    expect(end.body).toContain("linked is connected");
    expect(await connections("alice")).toEqual([expect.objectContaining({ provider: "linked", connected: true })]);
    await disconnect("alice");
  });

  it("offers the scope groups as choices when the link leaves them open, and asks for exactly the checked ones", async () => {
    /** The Connect press as the page's form sends it: `choosing`, and one `scopes` field per checked box. */
    const press = (url: string, body: string) =>
      fetch(url, { method: "POST", redirect: "manual", headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body });
    const scopeOf = (res: Response) => new URL(res.headers.get("location")!).searchParams.get("scope");
    const both = await press((await makeLink("alice", { provider: "linked" })).body.url, "choosing=scopes&scopes=reading&scopes=writing");
    expect(both.status).toBe(303);
    expect(scopeOf(both)).toBe("read write");
    const writing = await press((await makeLink("alice", { provider: "linked" })).body.url, "choosing=scopes&scopes=writing");
    expect(scopeOf(writing)).toBe("write");

    // Nothing checked, or a group the provider does not have: a page naming it, and the link still usable.
    const link = (await makeLink("alice", { provider: "linked" })).body.url;
    const none = await press(link, "choosing=scopes");
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose at least one thing linked should share.");
    const unknown = await press(link, "choosing=scopes&scopes=reading&scopes=%3Cdrive%3E");
    expect(unknown.status).toBe(400);
    const page = await unknown.text();
    expect(page).toContain("&lt;drive&gt;");
    expect(page).not.toContain("<drive>");
    expect((await fetch(link)).status).toBe(200);
    // A link that names its groups shows them as a list, not as choices.
    const fixed = await fetch((await makeLink("alice", { provider: "linked", scopes: ["writing"] })).body.url);
    const fixedPage = await fixed.text();
    expect(fixedPage).toContain("<li>writing (write)</li>");
    expect(fixedPage).not.toContain('type="checkbox"');
  });

  it("validates link requests; only the admin user may make links for others", async () => {
    for (const body of [{ provider: "nowhere" }, { provider: "linked", scopes: ["drive"] }, { color: "red" }, { provider: 5 }, [1], { scopes: ["writing"] }]) {
      const res = await makeLink("bob", body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(res.body.ok).toBe(false);
    }
    expect((await makeLink("bob", { provider: "linked", user: "alice" })).status).toBe(403);
    expect((await makeLink("default", { provider: "linked", user: "nobody" })).status).toBe(404);
    const forBob = await makeLink("default", { provider: "linked", user: "bob" });
    expect(forBob.status).toBe(201);
    expect((await new TestBrowser().request(forBob.body.url)).body).toContain("<strong>bob</strong>");
    expect((await call(`${server.url}/v1/connect-links`, { body: {} })).status).toBe(401);
  });

  it("NOT_CONNECTED answers carry a fresh connect link for the caller, over HTTP and MCP", async () => {
    const res = await call(`${server.url}/v1/commands/linked_whoami`, { key: keys.alice!, body: {} });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe("NOT_CONNECTED");
    const connectUrl = res.body.error.details.connectUrl as string;
    expect(connectUrl).toMatch(new RegExp(`^${server.url}/connect/`));
    const page = await new TestBrowser().request(connectUrl);
    expect(page.body).toContain("<strong>alice</strong>");
    expect(page.body).toContain("Connect linked");

    const client = new Client({ name: "connect-links-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys.alice}` } } }),
    );
    try {
      const result = await client.callTool({ name: "linked_whoami", arguments: {} });
      expect(result.isError).toBe(true);
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text).toMatch(new RegExp(`Open ${server.url}/connect/[A-Za-z0-9_-]{43} to fix this`));
    } finally {
      await client.close();
    }
  });

  it("NOT_CONFIGURED for a credentials provider carries the console's connections page, over HTTP and MCP", async () => {
    const res = await call(`${server.url}/v1/commands/keyed_whoami`, { key: keys.alice!, body: {} });
    expect(res.status).toBe(412);
    expect(res.body.error).toMatchObject({ code: "NOT_CONFIGURED", details: { connectUrl: `${server.url}/connections` } });

    const client = new Client({ name: "connect-links-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys.alice}` } } }),
    );
    try {
      const result = await client.callTool({ name: "keyed_whoami", arguments: {} });
      expect(result.isError).toBe(true);
      expect((result.content as { text: string }[])[0]!.text).toContain(`\nOpen ${server.url}/connections to fix this, then try again.`);
    } finally {
      await client.close();
    }
  });

  if (dialect === "postgresql")
    it("a link made on one host is opened and finished on another sharing the database", async () => {
      dirs.push(await makeHostDir({ linked: new URL("./fixtures/linked", import.meta.url).pathname }));
      const second = await startTestServer({ dir: dirs.at(-1)!, env });
      try {
        const made = await makeLink("bob", { provider: "linked" });
        const onSecond = made.body.url.replace(server.url, second.url);
        const browser = new TestBrowser();
        expect((await browser.request(onSecond)).body).toContain("<strong>bob</strong>");
        const end = (await browser.follow(await pressConnect(browser, onSecond))).at(-1)!;
        expect(end.body).toContain("linked is connected");
        expect(await connections("bob")).toEqual([expect.objectContaining({ provider: "linked", connected: true })]);
        expect((await browser.request(made.body.url)).status).toBe(410);
        await disconnect("bob");
      } finally {
        await second.close();
      }
    }, 30_000);
});

describe("the flow cookie behind an https public URL", () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = await makeHostDir({ linked: new URL("./fixtures/linked", import.meta.url).pathname });
    server = await startTestServer({
      dir,
      env: {
        LINKED_CLIENT_ID: "id",
        LINKED_CLIENT_SECRET: "secret",
        LINKED_AUTHORIZE_URL: "https://provider.example/authorize",
        LINKED_TOKEN_URL: "https://provider.example/token",
        AGX_PUBLIC_URL: "https://agx.example.test",
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(dir);
  });

  it("is Secure, and links use the public URL", async () => {
    const key = await server.users.add("bob");
    const made = await call(`${server.url}/v1/connect-links`, { key, body: { provider: "linked" } });
    expect(made.body.url).toMatch(/^https:\/\/agx\.example\.test\/connect\//);
    const local = made.body.url.replace("https://agx.example.test", server.url);
    const started = await new TestBrowser().request(local, { method: "POST", form: {}, headers: { origin: "https://agx.example.test" } });
    expect(started.status).toBe(303);
    expect(started.setCookies[0]).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    expect(new URL(started.location!).searchParams.get("redirect_uri")).toBe("https://agx.example.test/oauth/linked/callback");
  });
});
