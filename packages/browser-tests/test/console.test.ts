// The console in Debian's Chromium against a real `agx serve` on SQLite, with a provider that shows a
// consent page. One host and one Chromium serve the whole file; every test makes its own user and signs its
// own browser context in, so each stands alone: any one can run (or fail) without the others.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loginLink, makeHostDir, removeDir, serve, type ServedHost } from "./harness/agx.js";
import { apiAs } from "./harness/api.js";
import { launchChromium, newVisitor, type Visitor } from "./harness/chromium.js";
import { card, connectDemo, connectionOf, newUser, signIn } from "./harness/console.js";
import { startConsentProvider, type ConsentProvider } from "./harness/consent-provider.js";
import { AGENT_REDIRECT_URL, agentAuthorizationUrl } from "./harness/mcp-grant.js";
import { checkPage } from "./harness/page-check.js";

const SECRET_KEY = "sk-browser-test-0a1b2c3d4e";

describe("the console in a browser, on SQLite", () => {
  let provider: ConsentProvider;
  let dir: string;
  let host: ServedHost;
  let env: Record<string, string>;
  let chromium: Browser;
  let visitors: Visitor[] = [];

  /** A fresh browser context: another person's browser, sharing no cookies with any other. */
  const visit = async (viewport?: { width: number; height: number }) => {
    const visitor = await newVisitor(chromium, viewport);
    visitors.push(visitor);
    return visitor;
  };
  /** A new user of the given name, and a browser signed in as them. */
  const personAt = async (id: string, options: { admin?: boolean } = {}) => {
    const key = await newUser(host.url, host.adminKey, id, options);
    const visitor = await visit();
    await signIn(visitor, host.url, key);
    return { key, visitor, page: visitor.page };
  };

  beforeAll(async () => {
    provider = await startConsentProvider({ clientAuth: "basic", pkce: "required" });
    dir = await makeHostDir(["demo", "needy", "keyed", "broken", "watched"]);
    env = {
      DEMO_CLIENT_ID: provider.oauth.clientId,
      DEMO_CLIENT_SECRET: provider.oauth.clientSecret,
      DEMO_AUTHORIZE_URL: provider.authorizeUrl,
      DEMO_TOKEN_URL: provider.oauth.tokenUrl,
      AGX_SECRET_KEY: "c".repeat(64),
    };
    [host, chromium] = await Promise.all([serve(dir, env), launchChromium()]);
  });

  afterEach(async () => {
    for (const visitor of visitors) await visitor.close().catch(() => undefined);
    visitors = [];
  });

  afterAll(async () => {
    await chromium?.close();
    await host?.stop();
    await provider?.stop();
    if (dir) await removeDir(dir);
  });

  it("sends a person without a session to sign in, refuses a wrong key, signs in with the right one, and signs out", async () => {
    // agx serve names the console's address when it starts.
    expect(host.agx.output).toContainEqual(expect.stringContaining(`Console: ${host.url}/`));
    const { page, context } = await visit();
    await page.goto(`${host.url}/connections`);
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

    const cookie = (await context.cookies(host.url)).find((c) => c.name === "agx_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie!.value).not.toContain(host.adminKey);
    // The key never stays in the page.
    expect(await page.content()).not.toContain(host.adminKey);

    // Signing out ends the session on the host: the old cookie no longer works, and the page asks to sign in.
    await page.locator(".who").getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    const reused = await fetch(`${host.url}/v1/session`, { headers: { cookie: `agx_session=${cookie!.value}` } });
    expect(reused.status).toBe(401);
  });

  it("overview: each extension's status, naming the setting one still needs and why one failed to load", async () => {
    const { page } = await personAt("olive");
    await page.goto(`${host.url}/`);
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    const needy = card(page, "Needy");
    await expect.poll(() => needy.locator(".badge").textContent()).toBe("Needs settings");
    expect(await needy.textContent()).toContain("NEEDY_SERVICE_URL");
    expect(await card(page, "Demo").locator(".badge").textContent()).toBe("Needs a connection");
    expect(await card(page, "Keyed").locator(".badge").textContent()).toBe("Needs settings");
    // A package that failed to load, with the reason the host gave.
    const broken = card(page, "@agx-ext/broken");
    expect(await broken.locator(".badge").textContent()).toBe("Failed to load");
    expect(await broken.locator(".reason").textContent()).toContain("the broken fixture throws on import");
    await checkPage(page, "overview");
  });

  it("connects through the provider's consent page and back, then shows the token's expiry and what it shares", async () => {
    const { page } = await personAt("connie");
    await page.goto(`${host.url}/connections`);
    const demo = card(page, "demo");
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Not connected");
    // Scope groups are choices; the provider's default group comes checked.
    const groups = demo.getByRole("group", { name: /share/ });
    expect(await groups.getByRole("checkbox").count()).toBe(2);
    expect(await groups.getByRole("checkbox", { name: /\(profile\)/ }).isChecked()).toBe(true);
    expect(await groups.getByRole("checkbox", { name: /\(notes\)/ }).isChecked()).toBe(false);
    await groups.getByRole("checkbox", { name: /\(notes\)/ }).check();
    await checkPage(page, "connections");

    const allowed = provider.allowed;
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
    // Granted scopes in words: each group by its description.
    const shares = await demo.locator("dt:text-is('Shares') + dd li").allTextContents();
    expect(shares).toEqual(["Lets the host use: profile", "Lets the host use: notes"]);
    expect(provider.allowed).toBe(allowed + 1);
    await checkPage(page, "connections-connected");
  });

  it("runs a command from its generated form and renders the result safely", async () => {
    const { page, visitor } = await personAt("grace");
    await connectDemo(page, host.url, provider);
    await page.goto(`${host.url}/commands`);
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

    // Out of the schema's range: the form says so under the field and sends nothing (the result stays the last run's).
    await times.fill("9");
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => page.locator(".error-detail").allTextContents()).not.toEqual([]);
    expect(await result.getByRole("heading", { name: /Greeting for Ada/ }).count()).toBe(1);
    expect(visitor.errors).toEqual([]);
  });

  it("stores an API key write-only: the field never shows it back", async () => {
    const { page, key } = await personAt("kim");
    await page.goto(`${host.url}/connections`);
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
    expect(JSON.stringify((await apiAs(host.url, key, "/v1/connections")).body)).not.toContain(SECRET_KEY);
    await page.goto(`${host.url}/`);
    await expect.poll(() => card(page, "Keyed").locator(".badge").textContent()).toBe("Ready");
  });

  it("activity lists the user's own calls, with their outcome codes", async () => {
    const { page, key } = await personAt("ada");
    // Two calls with the user's key, as an agent makes them: one that fails for want of a connection, one that works.
    expect((await apiAs(host.url, key, "/v1/commands/demo_write_greeting", { body: { name: "Ada", day: "2025-03-04" } })).body.error.code).toBe(
      "NOT_CONNECTED",
    );
    expect((await apiAs(host.url, key, "/v1/connections/keyed/credentials", { method: "PUT", body: { fields: { KEYED_API_KEY: SECRET_KEY } } })).status).toBe(
      200,
    );
    expect((await apiAs(host.url, key, "/v1/commands/keyed_check", { body: {} })).status).toBe(200);
    // The host writes its call log in batches off the request path: reload until both calls are there.
    const rows = page.locator("tbody tr");
    await expect
      .poll(async () => {
        await page.goto(`${host.url}/activity`);
        await page.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
        await page.locator("table, p:text-is('No calls yet.')").first().waitFor();
        return rows.count();
      })
      .toBe(2);
    const text = (await rows.allTextContents()).join("\n");
    expect(text).toContain("demo/Write Greeting");
    expect(text).toContain("NOT_CONNECTED");
    expect(text).toContain("keyed/Keyed Check");
    expect(await rows.locator(".outcome").allTextContents()).toEqual(["ok", "NOT_CONNECTED"]);
    expect(text).not.toContain(SECRET_KEY);
    await checkPage(page, "activity");
  });

  it("admin: adds a user (key shown once), makes a sign-in link, changes a role, revokes, lists settings without values", async () => {
    const { page } = await personAt("root", { admin: true });
    await page.goto(`${host.url}/admin`);
    const users = page.locator("section", { has: page.getByRole("heading", { name: "Users" }) });
    await expect.poll(() => users.locator("tbody th").allTextContents()).toEqual(expect.arrayContaining(["default", expect.stringMatching(/^root/)]));
    await page.getByLabel("User id").fill("carol");
    await page.getByRole("button", { name: "Add user" }).click();
    const shown = users.locator("code.secret");
    await expect.poll(() => shown.first().textContent()).toMatch(/^agx_[0-9a-f]{16}_/);
    const carolKey = (await shown.first().textContent())!;
    expect((await apiAs(host.url, carolKey, "/v1/extensions")).status).toBe(200);

    const carolRow = users.locator("tbody tr", { has: page.getByRole("rowheader", { name: "carol", exact: true }) });
    await carolRow.getByRole("button", { name: "Sign-in link" }).click();
    const link = users.locator("code.secret", { hasText: "/sign-in#token=" });
    await link.waitFor();
    expect(await link.textContent()).toMatch(new RegExp(`^${host.url}/sign-in#token=[A-Za-z0-9_-]+$`));

    // Make admin, then revoke: the role column follows, and a revoked user's key stops working at once.
    await carolRow.getByRole("button", { name: "Make admin" }).click();
    await expect.poll(() => carolRow.locator("td").first().textContent()).toBe("admin");
    expect((await apiAs(host.url, carolKey, "/v1/admin/users")).status).toBe(200);
    await carolRow.getByRole("button", { name: "Revoke", exact: true }).click();
    await carolRow.getByRole("button", { name: "Yes, revoke carol" }).click();
    await expect.poll(() => carolRow.locator("td").nth(1).textContent()).toMatch(/^revoked /);
    expect((await apiAs(host.url, carolKey, "/v1/extensions")).status).toBe(401);

    // Host settings: set or not, never their values; the OAuth client id and secret an extension's sign-in names are listed too.
    const settings = page.locator("section", { has: page.getByRole("heading", { name: "Host settings" }) });
    const row = (name: string) => settings.locator("tbody tr", { has: page.getByRole("rowheader", { name, exact: true }) });
    await expect.poll(() => row("AGX_SECRET_KEY").locator(".outcome").textContent()).toBe("set");
    expect(await row("DEMO_CLIENT_ID").locator(".outcome").textContent()).toBe("set");
    expect(await row("DEMO_CLIENT_SECRET").locator(".outcome").textContent()).toBe("set");
    expect(await row("NEEDY_SERVICE_URL").locator(".outcome").textContent()).toBe("not set");
    expect(await row("NEEDY_SERVICE_URL").textContent()).toContain("needy");
    const html = await page.content();
    expect(html).not.toContain(env.AGX_SECRET_KEY);
    expect(html).not.toContain(provider.oauth.clientSecret);
    await checkPage(page, "admin");
  });

  it("a sign-in link from agx users login-link signs in a fresh browser once, and leaves no token in the address", async () => {
    await newUser(host.url, host.adminKey, "linda");
    // The CLI runs beside the server, so it is told the public URL the server answers on.
    const link = await loginLink(dir, "linda", { ...env, AGX_PUBLIC_URL: host.url });

    const first = await visit();
    await first.page.goto(link);
    await first.page
      .getByRole("heading", { name: "Overview", level: 1 })
      .waitFor()
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nat ${first.page.url()}:\n${await first.page.locator("body").innerText()}`);
      });
    expect(first.page.url()).toBe(`${host.url}/`);
    expect(await first.page.locator(".who").textContent()).toContain("linda");

    const again = await visit();
    await again.page.goto(link);
    await again.page.getByRole("alert").waitFor();
    expect(again.page.url()).not.toContain("token=");
    expect(await again.page.getByText(/Sign-in links work once/).count()).toBe(1);
  });

  it("a member sees no admin page", async () => {
    const { page, key } = await personAt("mia");
    await page.goto(`${host.url}/`);
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
    await page.goto(`${host.url}/admin`);
    await page.getByText("Only admins can see this page.").waitFor();
    expect((await apiAs(host.url, key, "/v1/admin/users")).status).toBe(403);
  });

  it("a connect link opened in a second browser context shows whom it connects for, and connects that user", async () => {
    const bobKey = await newUser(host.url, host.adminKey, "bob");
    const link = await apiAs(host.url, bobKey, "/v1/connect-links", { body: { provider: "demo" } });
    expect(link.status).toBe(201);
    const other = await visit();
    const page = other.page;
    await page.goto(link.body.url);
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).toContain("bob");
    expect(text).toContain(new URL(host.url).host);
    // The link leaves the scope groups open: the page offers them, the provider's default checked; bob adds notes.
    const groups = page.getByRole("group", { name: "Ask demo to share" });
    expect(await groups.getByRole("checkbox", { name: /^profile/ }).isChecked()).toBe(true);
    expect(await groups.getByRole("checkbox", { name: /^notes/ }).isChecked()).toBe(false);
    await groups.getByRole("checkbox", { name: /^notes/ }).check();
    await checkPage(page, "connect-link");
    await page.getByRole("button", { name: "Connect" }).click();
    await page
      .waitForURL((url) => url.href.startsWith(provider.authorizeUrl))
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\n${await page.content()}`);
      });
    expect(new URL(page.url()).searchParams.get("scope")?.split(" ").sort()).toEqual(["notes", "profile"]);
    await page.getByRole("button", { name: "Allow" }).click();
    await page.getByText("demo is connected").waitFor();
    expect(await connectionOf(host.url, bobKey, "demo")).toMatchObject({ connected: true });
    // Used once: opening it again says so.
    const again = await visit();
    const reopened = await again.page.goto(link.body.url);
    expect(reopened?.status()).toBe(410);
  });

  it("disconnects, after which the command fails with its error code", async () => {
    const { page, key } = await personAt("dora");
    await connectDemo(page, host.url, provider);
    const demo = card(page, "demo");
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Connected");
    await demo.getByRole("button", { name: "Disconnect" }).click();
    await demo.getByRole("button", { name: "Yes, disconnect demo" }).click();
    await expect.poll(() => demo.locator(".badge").textContent()).toBe("Not connected");
    expect((await connectionOf(host.url, key, "demo"))?.connected ?? false).toBe(false);

    // Its command now fails, and the result says why with the error's code.
    await page.goto(`${host.url}/commands/demo_write_greeting`);
    await page.getByLabel(/^name/).fill("Ada");
    await page.getByLabel(/^day/).fill("2025-03-04");
    await page.getByRole("button", { name: "Run" }).click();
    const alert = page.locator("section.result").getByRole("alert");
    await expect.poll(() => alert.textContent()).toMatch(/^NOT_CONNECTED /);
  });

  it("THE ATTACK: a flow started in one browser and finished in another connects nobody", async () => {
    const { page, key } = await personAt("mallory");
    await page.goto(`${host.url}/connections`);
    const exchanges = provider.oauth.tokenRequestCount("authorization_code");
    await card(page, "demo").getByRole("button", { name: "Connect demo" }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.authorizeUrl));
    // mallory hands the provider's page to someone else, whose browser finishes the flow.
    const victim = await visit();
    await victim.page.goto(page.url());
    await victim.page.getByRole("button", { name: "Allow" }).click();
    await victim.page.waitForURL((url) => url.pathname === "/oauth/demo/callback");
    const body = (await victim.page.locator("body").textContent()) ?? "";
    expect(body).toMatch(/start the connection again/i);
    expect(await victim.page.evaluate(() => document.title)).toMatch(/failed/i);
    // Nobody got connected, and the code was never exchanged.
    expect((await connectionOf(host.url, key, "demo"))?.connected ?? false).toBe(false);
    expect(provider.oauth.tokenRequestCount("authorization_code")).toBe(exchanges);
  });

  it("agents: lists the MCP client the person allowed on the consent page, and revokes it", async () => {
    const { page, key } = await personAt("agent-owner");
    await page.goto(`${host.url}/agents`);
    await page.getByRole("heading", { name: "Agents", level: 1 }).waitFor();
    await page.getByText("No agent may use your tools.").waitFor();

    await page.goto(await agentAuthorizationUrl(host.url, "Browser Agent"));
    await page.getByRole("heading", { name: /Browser Agent wants to use your agx tools as agent-owner/ }).waitFor();
    // The agent's own listener, played by the browser: the consent ends on its redirect URI with a code.
    await page.route(`${AGENT_REDIRECT_URL}?**`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Agent</title>" }),
    );
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((url) => url.href.startsWith(AGENT_REDIRECT_URL));
    expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();

    await page.goto(`${host.url}/agents`);
    const agent = card(page, "Browser Agent");
    await agent.waitFor();
    await checkPage(page, "agents");
    expect((await apiAs(host.url, key, "/v1/grants")).body.grants).toEqual([expect.objectContaining({ clientName: "Browser Agent" })]);

    await agent.getByRole("button", { name: "Revoke Browser Agent" }).click();
    await agent.getByRole("button", { name: "Yes, revoke Browser Agent" }).click();
    await page.getByText("No agent may use your tools.").waitFor();
    expect((await apiAs(host.url, key, "/v1/grants")).body.grants).toEqual([]);
  });

  it("subscriptions: subscribes to a trigger through the form its input schema describes, lists the parameters, and removes it", async () => {
    const { page, key } = await personAt("subscriber");
    await page.goto(`${host.url}/subscriptions`);
    await page.getByRole("heading", { name: "Subscriptions", level: 1 }).waitFor();
    await page.getByText("You have no subscriptions.").waitFor();
    await page.getByLabel("Trigger").selectOption("watched/Word Seen");
    // The trigger's inputSchema as a form: its fields, with the default filled in.
    const word = page.getByRole("textbox", { name: /word/ });
    await word.waitFor();
    expect(await page.getByRole("spinbutton", { name: /minutes/ }).inputValue()).toBe("15");
    await word.fill("deploy");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByText(/^Subscribed \(sub_/).waitFor();
    const subscription = card(page, "watched/Word Seen");
    await subscription.waitFor();
    expect(await subscription.textContent()).toContain('{"minutes":15,"word":"deploy"}');
    // The form starts again for the next subscription.
    expect(await word.inputValue()).toBe("");
    await checkPage(page, "subscriptions");
    const [made] = (await apiAs(host.url, key, "/v1/subscriptions")).body.subscriptions;
    expect(made).toMatchObject({ trigger: "watched/Word Seen", deliver: { mcp: true }, input: { word: "deploy", minutes: 15 } });

    await subscription.getByRole("button", { name: /^Remove watched\/Word Seen/ }).click();
    await subscription.getByRole("button", { name: "Yes, remove it" }).click();
    await page.getByText("You have no subscriptions.").waitFor();
    expect((await apiAs(host.url, key, "/v1/subscriptions")).body.subscriptions).toEqual([]);
  });

  it("is usable on a phone: no sideways scrolling, the navigation still reachable", async () => {
    const key = await newUser(host.url, host.adminKey, "phoebe", { admin: true });
    const phone = await visit({ width: 390, height: 844 });
    await signIn(phone, host.url, key);
    for (const path of ["/", "/connections", "/commands/demo_write_greeting", "/activity", "/subscriptions", "/admin"]) {
      await phone.page.goto(`${host.url}${path}`);
      await phone.page.locator("main h1").first().waitFor();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
      expect(await phone.page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Activity" }).isVisible()).toBe(true);
    }
  });
});
