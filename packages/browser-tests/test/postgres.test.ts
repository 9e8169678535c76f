// Two `agx serve` hosts on one PostgreSQL database, in Chromium: a browser signed in on one is signed in on the
// other (sessions live in the database; the session cookie names no port, so the browser sends it to both),
// a connection made through one serves the other, signing out on one ends the session on both, and the
// cross-browser attack fails here too.
import { createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeHostDir, removeDir, runAgx, serve, type ServedHost } from "./harness/agx.js";
import { launchChromium, newVisitor, type Visitor } from "./harness/chromium.js";
import { card, connectDemo, connectionOf, newUser, signIn } from "./harness/console.js";
import { startConsentProvider, type ConsentProvider } from "./harness/consent-provider.js";

describe("the console in a browser, two hosts on one PostgreSQL database", () => {
  let provider: ConsentProvider;
  let database: TestDatabase;
  const dirs: string[] = [];
  let a: ServedHost;
  let b: ServedHost;
  let adminKey: string;
  let chromium: Browser;
  let visitors: Visitor[] = [];

  const visit = async () => {
    const visitor = await newVisitor(chromium);
    visitors.push(visitor);
    return visitor;
  };

  beforeAll(async () => {
    [provider, database, chromium] = await Promise.all([
      startConsentProvider({ clientAuth: "basic", pkce: "required" }),
      createTestDatabase("postgresql"),
      launchChromium(),
    ]);
    dirs.push(await makeHostDir(["demo"]), await makeHostDir(["demo"]));
    const env = {
      DEMO_CLIENT_ID: provider.oauth.clientId,
      DEMO_CLIENT_SECRET: provider.oauth.clientSecret,
      DEMO_AUTHORIZE_URL: provider.authorizeUrl,
      DEMO_TOKEN_URL: provider.oauth.tokenUrl,
      AGX_SECRET_KEY: "d".repeat(64),
      AGX_DATABASE_URL: database.url,
    };
    // One after the other: the first creates the schema, the second joins. Neither creates a user on PostgreSQL,
    // so the admin comes from agx users add --admin, as on a real shared database.
    a = await serve(dirs[0]!, env, { joining: true });
    b = await serve(dirs[1]!, env, { joining: true });
    const added = await runAgx(["users", "add", "root", "--admin"], dirs[0]!, env);
    adminKey = /(agx_[0-9a-f]{16}_\S{43})/.exec(added)?.[1] ?? "";
    expect(adminKey, added).not.toBe("");
  });

  afterEach(async () => {
    for (const visitor of visitors) await visitor.close().catch(() => undefined);
    visitors = [];
  });

  afterAll(async () => {
    await chromium?.close();
    await b?.stop();
    await a?.stop();
    await provider?.stop();
    await database?.drop();
    await Promise.all(dirs.map(removeDir));
  });

  it("a session started on host A works on host B, a connection made through B serves A, and signing out on B ends it on A", async () => {
    const key = await newUser(a.url, adminKey, "paula");
    const visitor = await visit();
    await signIn(visitor, a.url, key);
    const { page } = visitor;

    await page.goto(`${b.url}/connections`);
    await page.getByRole("heading", { name: "Connections", level: 1 }).waitFor();
    expect(await page.locator(".who").textContent()).toContain("paula");

    await connectDemo(page, b.url, provider);
    await expect.poll(() => card(page, "demo").locator(".badge").textContent()).toBe("Connected");
    expect(await connectionOf(a.url, key, "demo")).toMatchObject({ connected: true });

    await page.locator(".who").getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${a.url}/connections`);
    await page.waitForURL(/\/sign-in\?next=%2Fconnections$/);
  });

  it("THE ATTACK on PostgreSQL: a flow started on host A in one browser and finished in another connects nobody", async () => {
    const key = await newUser(a.url, adminKey, "quinn");
    const starter = await visit();
    await signIn(starter, a.url, key);
    await starter.page.goto(`${a.url}/connections`);
    const exchanges = provider.oauth.tokenRequestCount("authorization_code");
    await card(starter.page, "demo").getByRole("button", { name: "Connect demo" }).click();
    await starter.page.waitForURL((url) => url.href.startsWith(provider.authorizeUrl));

    const victim = await visit();
    await victim.page.goto(starter.page.url());
    await victim.page.getByRole("button", { name: "Allow" }).click();
    await victim.page.waitForURL((url) => url.pathname === "/oauth/demo/callback");
    expect((await victim.page.locator("body").textContent()) ?? "").toMatch(/start the connection again/i);
    expect((await connectionOf(a.url, key, "demo"))?.connected ?? false).toBe(false);
    expect((await connectionOf(b.url, key, "demo"))?.connected ?? false).toBe(false);
    expect(provider.oauth.tokenRequestCount("authorization_code")).toBe(exchanges);
  });
});
