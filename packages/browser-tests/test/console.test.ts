// The console in Debian's Chromium against a real `agx serve` on SQLite, with a provider that shows a
// consent page. The tests run in order and build on each other, as a person's visit would: sign in,
// see what is missing, connect, run a command, look at activity and admin, then disconnect; the
// connect link and the attack each use a second, separate browser.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, makeHostDir, removeDir, serve, type ServedHost } from "./harness/agx.js";
import { apiAs } from "./harness/api.js";
import { openBrowser, type TestBrowser } from "./harness/chromium.js";
import { startConsentProvider, type ConsentProvider } from "./harness/consent-provider.js";
import { checkPage } from "./harness/page-check.js";

const SECRET_KEY = "sk-browser-test-0a1b2c3d4e";

describe("the console in a browser, on SQLite", () => {
  let provider: ConsentProvider;
  let dir: string;
  let host: ServedHost;
  let bobKey: string;
  let env: Record<string, string>;
  const browsers: TestBrowser[] = [];
  let admin: TestBrowser;
  let page: Page;
  let carolLink: string;

  const open = async () => {
    const browser = await openBrowser();
    browsers.push(browser);
    return browser;
  };
  const goto = (target: Page, path: string) => target.goto(`${host.url}${path}`);
  const card = (target: Page, name: string) => target.locator("li.card", { has: target.getByRole("heading", { name, exact: true }) });
  const connectionOf = async (key: string, name: string) =>
    ((await apiAs(host.url, key, "/v1/connections")).body.connections as { provider: string; connected: boolean }[]).find((c) => c.provider === name);

  beforeAll(async () => {
    provider = await startConsentProvider({ clientAuth: "basic", pkce: "required" });
    dir = await makeHostDir(["demo", "needy", "keyed"]);
    env = {
      DEMO_CLIENT_ID: provider.oauth.clientId,
      DEMO_CLIENT_SECRET: provider.oauth.clientSecret,
      DEMO_AUTHORIZE_URL: provider.authorizeUrl,
      DEMO_TOKEN_URL: provider.oauth.tokenUrl,
      AGX_SECRET_KEY: "c".repeat(64),
    };
    host = await serve(dir, env);
    bobKey = await addUser(dir, "bob", env);
    admin = await open();
    page = admin.page;
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await host?.stop();
    await provider?.stop();
    if (dir) await removeDir(dir);
  });

  it("sends a person without a session to sign in, refuses a wrong key, and signs in with the right one", async () => {
    await goto(page, "/connections");
    await page.waitForURL(/\/sign-in\?next=%2Fconnections$/);
    await expect.poll(() => page.title()).toBe("Sign in · agx console");
    await checkPage(page, "sign-in");

    await page.getByLabel("API key").fill("agx_0000000000000000_not-a-real-key-at-all-00000000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/401|UNAUTHENTICATED|invalid|not valid|unknown/i);

    await page.getByLabel("API key").fill(host.adminKey);
    // The keyboard is enough: Enter submits.
    await page.getByLabel("API key").press("Enter");
    await page.waitForURL(`${host.url}/connections`);
    await page.getByRole("heading", { name: "Connections", level: 1 }).waitFor();

    const cookie = (await admin.context.cookies(host.url)).find((c) => c.name === "agx_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie!.value).not.toContain(host.adminKey);
    // The key never stays in the page.
    expect(await page.content()).not.toContain(host.adminKey);
  });

  it("overview: each extension's status, naming the setting one still needs", async () => {
    await page.getByRole("link", { name: "Overview" }).click();
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    const needy = card(page, "Needy");
    await expect.poll(() => needy.locator(".badge").textContent()).toBe("Needs settings");
    expect(await needy.textContent()).toContain("NEEDY_SERVICE_URL");
    expect(await card(page, "Demo").locator(".badge").textContent()).toBe("Needs a connection");
    expect(await card(page, "Keyed").locator(".badge").textContent()).toBe("Needs settings");
    await checkPage(page, "overview");
  });

  it("connects through the provider's consent page and back, then shows the token's expiry", async () => {
    await goto(page, "/connections");
    const demo = card(page, "demo");
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Not connected");
    // Scope groups are choices; the provider's default group comes checked.
    const groups = demo.getByRole("group", { name: /share/ });
    const checkboxes = groups.getByRole("checkbox");
    expect(await checkboxes.count()).toBe(2);
    expect(await groups.getByRole("checkbox", { name: /\(profile\)/ }).isChecked()).toBe(true);
    expect(await groups.getByRole("checkbox", { name: /\(notes\)/ }).isChecked()).toBe(false);
    await groups.getByRole("checkbox", { name: /\(notes\)/ }).check();
    await checkPage(page, "connections");

    const before = Date.now();
    await demo.getByRole("button", { name: "Connect demo" }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.authorizeUrl));
    expect(new URL(page.url()).searchParams.get("scope")?.split(" ").sort()).toEqual(["notes", "profile"]);
    await page.getByRole("button", { name: "Allow" }).click();

    await page.waitForURL(`${host.url}/connections?connected=demo`);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "demo is connected" }).count()).toBe(1);
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Connected");
    const expires = await demo.locator("dt:text-is('Token expires') + dd time").getAttribute("datetime");
    // The test provider's tokens live an hour.
    expect(Date.parse(expires!)).toBeGreaterThan(before + 50 * 60_000);
    expect(Date.parse(expires!)).toBeLessThan(Date.now() + 61 * 60_000);
    expect(await demo.getByRole("button", { name: "Reconnect demo" }).count()).toBe(1);
    const shares = await demo.locator("dt:text-is('Shares') + dd li").allTextContents();
    expect(shares.join(" ")).toMatch(/profile/);
    expect(shares.join(" ")).toMatch(/notes/);
    expect(provider.allowed).toBe(1);
    await checkPage(page, "connections-connected");
  });

  it("runs a command from its generated form and renders the result safely", async () => {
    await goto(page, "/commands");
    await page.getByLabel("Search commands").fill("greeting");
    await page.waitForURL(/\/commands\?q=greeting$/);
    await expect.poll(() => page.locator("#search-count").textContent()).toMatch(/^1 of \d+ commands$/);
    await checkPage(page, "commands");
    await page.getByRole("link", { name: "Write a greeting" }).click();
    await page.waitForURL(`${host.url}/commands/demo_write_greeting`);

    // The form comes from the input schema: required marks, an enum as a select, a date picker, defaults shown.
    const name = page.getByLabel(/^name/);
    const mood = page.getByLabel(/^mood/);
    const day = page.getByLabel(/^day/);
    const times = page.getByLabel(/^times/);
    await name.waitFor();
    expect(await name.getAttribute("required")).not.toBeNull();
    expect(await mood.evaluate((el) => el.tagName)).toBe("SELECT");
    expect(await mood.locator("option:checked").textContent()).toBe("calm");
    expect(await day.getAttribute("type")).toBe("date");
    expect(await times.inputValue()).toBe("2");

    // Missing required fields are named before anything is sent.
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => page.locator(".error-detail").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("required")]));

    await name.fill('Ada <img src=x onerror="window.__agxPwned=1"><script>window.__agxPwned=2</script>');
    await mood.selectOption("grumpy");
    await day.fill("2025-03-04");
    await page.getByRole("button", { name: "Run" }).click();

    const result = page.locator("section.result");
    await result.getByRole("heading", { name: /Greeting for Ada/ }).waitFor();
    expect(await result.locator(".markdown li").allTextContents()).toEqual(["grumpy hello", "grumpy hello"]);
    expect(await result.locator(".markdown strong").textContent()).toBe("2025-03-04");
    // The markup in the name was sanitized away: nothing ran, no handler attribute survived.
    expect(await page.evaluate(() => (window as unknown as { __agxPwned?: number }).__agxPwned)).toBeUndefined();
    expect(await result.locator("[onerror], script").count()).toBe(0);
    // The data, as a collapsible tree.
    await result.getByText("Data (JSON)").click();
    expect(await result.locator(".json").textContent()).toContain("tokenSeen: true");
    await checkPage(page, "command-run");

    // Out of the schema's range: the form says so under the field and sends nothing.
    const calls = (await apiAs(host.url, host.adminKey, "/v1/activity")).body.calls.length;
    await times.fill("9");
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => page.locator(".error-detail").allTextContents()).not.toEqual([]);
    expect((await apiAs(host.url, host.adminKey, "/v1/activity")).body.calls.length).toBe(calls);
    expect(admin.errors).toEqual([]);
  });

  it("stores an API key write-only: the field never shows it back", async () => {
    await goto(page, "/connections");
    const keyed = card(page, "keyed");
    const input = keyed.locator("input[name=KEYED_API_KEY]");
    expect(await input.getAttribute("type")).toBe("password");
    await input.fill(SECRET_KEY);
    await keyed.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => keyed.getByRole("status").textContent()).toBe("Saved.");
    expect(await input.inputValue()).toBe("");
    expect(await keyed.locator("dt:text-is('Stored') + dd").textContent()).toContain("KEYED_API_KEY");
    await page.reload();
    await keyed.locator(".badge").waitFor();
    expect(await page.content()).not.toContain(SECRET_KEY);
    expect(JSON.stringify((await apiAs(host.url, host.adminKey, "/v1/connections")).body)).not.toContain(SECRET_KEY);
    await goto(page, "/");
    await expect.poll(() => card(page, "Keyed").locator(".badge").textContent()).toBe("Ready");
  });

  it("activity lists the calls made, with their outcome codes", async () => {
    await goto(page, "/activity");
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const text = (await rows.allTextContents()).join("\n");
    expect(text).toContain("demo/Write Greeting");
    expect(text).toMatch(/ok/);
    await checkPage(page, "activity");
  });

  it("admin: adds a user (key shown once), makes a sign-in link, lists settings without values", async () => {
    await goto(page, "/admin");
    const users = page.locator("section", { has: page.getByRole("heading", { name: "Users" }) });
    await expect.poll(() => users.locator("tbody th").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("default"), "bob"]));
    await page.getByLabel("User id").fill("carol");
    await page.getByRole("button", { name: "Add user" }).click();
    const shown = users.locator("code.secret");
    await expect.poll(() => shown.first().textContent()).toMatch(/^agx_[0-9a-f]{16}_/);
    const carolKey = (await shown.first().textContent())!;
    expect((await apiAs(host.url, carolKey, "/v1/session")).status).not.toBe(403);
    expect((await apiAs(host.url, carolKey, "/v1/extensions")).status).toBe(200);

    const carolRow = users.locator("tbody tr", { has: page.getByRole("rowheader", { name: "carol", exact: true }) });
    await carolRow.getByRole("button", { name: "Sign-in link" }).click();
    const link = users.locator("code.secret", { hasText: "/sign-in#token=" });
    await link.waitFor();
    carolLink = (await link.textContent())!;
    expect(carolLink).toMatch(new RegExp(`^${host.url}/sign-in#token=[A-Za-z0-9_-]+$`));

    const settings = page.locator("section", { has: page.getByRole("heading", { name: "Host settings" }) });
    const row = (name: string) => settings.locator("tbody tr", { has: page.getByRole("rowheader", { name, exact: true }) });
    await expect.poll(() => row("AGX_SECRET_KEY").locator(".outcome").textContent()).toBe("set");
    expect(await row("NEEDY_SERVICE_URL").locator(".outcome").textContent()).toBe("not set");
    expect(await row("NEEDY_SERVICE_URL").textContent()).toContain("needy");
    const html = await page.content();
    expect(html).not.toContain(env.AGX_SECRET_KEY);
    expect(html).not.toContain(provider.oauth.clientSecret);
    await checkPage(page, "admin");
  });

  it("a sign-in link signs in a fresh browser once, and leaves no token in the address", async () => {
    const carols = await open();
    await carols.page.goto(carolLink);
    await carols.page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    expect(carols.page.url()).toBe(`${host.url}/`);
    expect(await carols.page.locator(".who").textContent()).toContain("carol");
    await carols.close();

    const again = await open();
    await again.page.goto(carolLink);
    await again.page.getByRole("alert").waitFor();
    expect(again.page.url()).not.toContain("token=");
    expect(await again.page.getByText(/Sign-in links work once/).count()).toBe(1);
    await again.close();
  });

  it("a member sees no admin page", async () => {
    const bobs = await open();
    await goto(bobs.page, "/sign-in");
    await bobs.page.getByLabel("API key").fill(bobKey);
    await bobs.page.getByRole("button", { name: "Sign in" }).click();
    await bobs.page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    expect(await bobs.page.getByRole("link", { name: "Admin" }).count()).toBe(0);
    await goto(bobs.page, "/admin");
    await bobs.page.getByText("Only admins can see this page.").waitFor();
    await bobs.close();
  });

  it("a connect link opened in a second browser shows whom it connects for, and connects that user", async () => {
    const link = await apiAs(host.url, bobKey, "/v1/connect-links", { body: { provider: "demo" } });
    expect(link.status).toBe(201);
    const other = await open();
    await other.page.goto(link.body.url);
    expect(await other.page.locator("body").textContent()).toContain("bob");
    await other.page.getByRole("button", { name: "Connect" }).click();
    await other.page.waitForURL((url) => !url.pathname.startsWith("/connect/"), { waitUntil: "commit" }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await other.page.content()}`);
    });
    await other.page.waitForURL((url) => url.href.startsWith(provider.authorizeUrl));
    await other.page.getByRole("button", { name: "Allow" }).click();
    await other.page.getByText("demo is connected").waitFor();
    expect(await connectionOf(bobKey, "demo")).toMatchObject({ connected: true });
    await other.close();
  });

  it("disconnects", async () => {
    await goto(page, "/connections");
    const demo = card(page, "demo");
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Connected");
    await demo.getByRole("button", { name: "Disconnect" }).click();
    await demo.getByRole("button", { name: "Yes, disconnect demo" }).click();
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Not connected");
    expect((await connectionOf(host.adminKey, "demo"))?.connected ?? false).toBe(false);

    // Its command now fails, and the result says why with the error's code.
    await goto(page, "/commands/demo_write_greeting");
    await page.getByLabel(/^name/).fill("Ada");
    await page.getByLabel(/^day/).fill("2025-03-04");
    await page.getByRole("button", { name: "Run" }).click();
    const alert = page.locator("section.result").getByRole("alert");
    await expect.poll(() => alert.textContent()).toMatch(/^NOT_CONNECTED /);
  });

  it("THE ATTACK: a flow started in one browser and finished in another connects nobody", async () => {
    await goto(page, "/connections");
    const exchanges = provider.oauth.tokenRequestCount("authorization_code");
    await card(page, "demo").getByRole("button", { name: "Connect demo" }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.authorizeUrl));
    // The admin hands the provider's page to someone else, whose browser finishes the flow.
    const victim = await open();
    await victim.page.goto(page.url());
    await victim.page.getByRole("button", { name: "Allow" }).click();
    await victim.page.waitForURL((url) => url.pathname === "/oauth/demo/callback");
    const body = (await victim.page.locator("body").textContent()) ?? "";
    expect(body).toMatch(/start the connection again/i);
    expect(await victim.page.evaluate(() => document.title)).toMatch(/failed/i);
    // Nobody got connected, and the code was never exchanged.
    expect((await connectionOf(host.adminKey, "demo"))?.connected ?? false).toBe(false);
    expect(provider.oauth.tokenRequestCount("authorization_code")).toBe(exchanges);
    await victim.close();
  });

  it("is usable on a phone: no sideways scrolling, the navigation still reachable", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/", "/connections", "/commands/demo_write_greeting", "/activity", "/admin"]) {
      await goto(page, path);
      await page.locator("main h1").first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
      expect(await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Activity" }).isVisible()).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
