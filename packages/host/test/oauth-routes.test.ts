import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The OAuth test server of @agx-ext/testing, from source: testing depends on the host, so the host
// cannot list it as a dependency without a cycle.
import { startOAuthServer, type OAuthTestServer } from "@agx-ext/testing/oauth";
import { TestBrowser } from "./browser.js";
import { call, makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";

let dir: string;
let oauth: OAuthTestServer;
let server: TestServer;
let key: string;

beforeAll(async () => {
  oauth = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
  dir = await makeHostDir({ linked: new URL("./fixtures/linked", import.meta.url).pathname });
  server = await startTestServer({
    dir,
    env: {
      LINKED_CLIENT_ID: oauth.clientId,
      LINKED_CLIENT_SECRET: oauth.clientSecret,
      LINKED_AUTHORIZE_URL: oauth.authorizeUrl,
      LINKED_TOKEN_URL: oauth.tokenUrl,
    },
  });
  key = await server.users.add("dana");
});

afterAll(async () => {
  await server?.close();
  await oauth?.stop();
  await removeDir(dir);
});

/** Opens a connect link in a fresh browser and presses Connect: the provider's authorize URL, and that browser. */
async function startFlow(linkUrl: string): Promise<{ authorizeUrl: string; browser: TestBrowser }> {
  const browser = new TestBrowser();
  const started = await browser.request(linkUrl, { method: "POST", form: {}, headers: { origin: server.url } });
  expect(started.status).toBe(303);
  return { authorizeUrl: started.location!, browser };
}

const linkedStatus = async () => (await call(`${server.url}/v1/extensions`, { key })).body.extensions.find((e: { id?: string }) => e.id === "linked");

describe("OAuth routes", () => {
  it("connects a provider: authorize, provider redirect to the callback, then the commands work", async () => {
    expect(await linkedStatus()).toMatchObject({ status: "needs_connection", connection: { provider: "linked", connected: false } });
    const notConnected = await call(`${server.url}/v1/commands/linked_whoami`, { key, body: {} });
    expect(notConnected.status).toBe(412);
    expect(notConnected.body.error.code).toBe("NOT_CONNECTED");

    const begin = await call(`${server.url}/v1/connections/linked/authorize`, { key, headers: { accept: "application/json" } });
    expect(begin.status).toBe(200);
    expect(begin.body).toEqual({ url: expect.stringMatching(new RegExp(`^${server.url}/connect/`)), expiresAt: expect.any(String) });
    const { authorizeUrl, browser } = await startFlow(begin.body.url);
    expect(new URL(authorizeUrl).origin + new URL(authorizeUrl).pathname).toBe(oauth.authorizeUrl);
    expect(new URL(authorizeUrl).searchParams.get("redirect_uri")).toBe(`${server.url}/oauth/linked/callback`);

    const redirect = await oauth.authorize(authorizeUrl);
    expect(redirect.url.pathname).toBe("/oauth/linked/callback");
    const page = await browser.request(redirect.url.href);
    expect(page.status).toBe(200);
    expect(page.body).toContain("linked is connected");

    const connections = await call(`${server.url}/v1/connections`, { key });
    expect(connections.body.connections).toEqual([
      expect.objectContaining({ provider: "linked", status: "active", connected: true, lastRefreshAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(connections.body)).not.toMatch(/access_?token"\s*:\s*"\w/i);
    expect(await linkedStatus()).toMatchObject({ status: "ready" });
    const whoami = await call(`${server.url}/v1/commands/linked_whoami`, { key, body: {} });
    expect(whoami.body).toEqual({ ok: true, data: { connected: true }, markdown: null });

    // The same redirect cannot be replayed.
    const replay = await browser.request(redirect.url.href);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain("another browser"); // its flow cookie was cleared when it finished
    // Another user still has no connection.
    const other = await server.users.add("erin");
    expect((await call(`${server.url}/v1/connections`, { key: other })).body.connections).toEqual([]);
  });

  it("takes ?scopes= (group names or scopes), lists the groups to choose from, and names bad values", async () => {
    const scopeOf = async (query: string) => {
      const begun = await call(`${server.url}/v1/connections/linked/authorize?format=json${query}`, { key });
      expect(begun.status).toBe(200);
      return new URL((await startFlow(begun.body.url)).authorizeUrl).searchParams.get("scope");
    };
    expect(await scopeOf("")).toBe("read");
    expect(await scopeOf("&scopes=writing")).toBe("write");
    expect(await scopeOf("&scopes=reading,%20write")).toBe("read write");

    const listed = await call(`${server.url}/v1/connections`, { key });
    expect(listed.body.providers).toContainEqual({
      provider: "linked",
      kind: "oauth2",
      scopeGroups: [
        { name: "reading", description: "Lets the host use: read", scopes: ["read"], default: true },
        { name: "writing", description: "Lets the host use: write", scopes: ["write"], default: false },
      ],
    });

    const unknown = await call(`${server.url}/v1/connections/linked/authorize?format=json&scopes=writing,drive`, { key });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "INVALID_INPUT", details: { unknown: ["drive"], groups: ["reading", "writing"] } });
    expect(unknown.body.error.message).toContain('"drive"');
    for (const bad of ["", "reading,,writing", "x".repeat(400), Array.from({ length: 60 }, (_, i) => `g${i}`).join(",")]) {
      const refused = await call(`${server.url}/v1/connections/linked/authorize?format=json&scopes=${encodeURIComponent(bad)}`, { key });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "INVALID_INPUT", details: { parameter: "scopes" } });
      expect(refused.body.error.message.length).toBeLessThan(400);
    }
  });

  it("redirects a browser to a connect link's page, and needs a key to do so", async () => {
    const res = await fetch(`${server.url}/v1/connections/linked/authorize`, { headers: { authorization: `Bearer ${key}` }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(new RegExp(`^${server.url}/connect/`));
    expect((await call(`${server.url}/v1/connections/linked/authorize`)).status).toBe(401);
    const unknown = await call(`${server.url}/v1/connections/nowhere/authorize`, { key, headers: { accept: "application/json" } });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });

  it("shows a failure page for a refused grant, an unknown state, or no state", async () => {
    const begin = await call(`${server.url}/v1/connections/linked/authorize`, { key, headers: { accept: "application/json" } });
    const { authorizeUrl, browser } = await startFlow(begin.body.url);
    const state = new URL(authorizeUrl).searchParams.get("state")!;
    const denied = await browser.request(`${server.url}/oauth/linked/callback?state=${state}&error=access_denied`);
    expect(denied.status).toBe(400);
    expect(denied.body).toContain("access_denied");

    const forged = await fetch(`${server.url}/oauth/linked/callback?state=forged&code=abc`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("not one this host started");

    const bare = await fetch(`${server.url}/oauth/linked/callback`);
    expect(bare.status).toBe(400);
    // The callback's query (code, state) never reaches the log.
    expect(server.rawLogs.join("\n")).not.toContain("code=abc");
  });
});
