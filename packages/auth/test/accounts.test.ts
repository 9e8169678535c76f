import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@agx-ext/db";
import { oauth2 } from "../src/index.js";
import { VaultCipher } from "../src/host.js";
import { ConnectionsBeforeAccounts } from "./fixtures/connections-before-accounts.js";
import {
  createTestDatabase,
  failure,
  providerExtension,
  startAuthHost,
  startFakeProvider,
  startOAuthServer,
  TEST_KEY,
  type AuthHost,
  type TestDialect,
} from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const declaration = oauth2({
  authorizeUrl: "https://acme.example/authorize",
  tokenUrl: "https://acme.example/token",
  scopes: ["read"],
  pkce: true,
  clientAuth: "basic",
  clientIdSetting: "ACME_CLIENT_ID",
  clientSecretSetting: "ACME_CLIENT_SECRET",
  userInfo: { url: "https://acme.example/userinfo", accountField: "email" },
});

/** A token the previous version stored; the fake provider accepts it like one the OAuth server issued. */
const OLD_TOKEN = "at_from_before_accounts_0123456789";

async function servers() {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const provider = await startFakeProvider({
    bearer: (token) => token === OLD_TOKEN || oauth.isValidAccessToken(token),
    routes: { "GET /v1/me": () => ({ json: { ok: true } }) },
  });
  cleanups.push(() => provider.close());
  const settings = {
    API_URL: provider.url,
    ACME_CLIENT_ID: oauth.clientId,
    ACME_CLIENT_SECRET: oauth.clientSecret,
    ACME_AUTHORIZE_URL: oauth.authorizeUrl,
    ACME_TOKEN_URL: oauth.tokenUrl,
    ACME_USERINFO_URL: oauth.userInfoUrl,
  };
  return { oauth, provider, settings };
}

/** Connects one more account of alice's, stored under `account` when given (like `agx connect acme --account work`). */
async function connect(host: AuthHost, oauth: Awaited<ReturnType<typeof servers>>["oauth"], account?: string) {
  const begun = await host.auth.begin("alice", "acme", account === undefined ? {} : { account });
  const { code, state } = await oauth.authorize(begun.url);
  return host.auth.complete(state!, { code: code! });
}

/** The token the provider saw on the last request. */
const lastToken = (provider: Awaited<ReturnType<typeof servers>>["provider"]) => provider.requests.at(-1)?.token;

describe.each(["sqlite", "postgresql"] as const)("several accounts per provider on %s", (dialect: TestDialect) => {
  it("calls use the account the input names, else the default one; the default can change; disconnecting one keeps the other", async () => {
    const { oauth, provider, settings } = await servers();
    const host = await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings });
    cleanups.push(() => host.close());

    // The first account is named by the provider and becomes the default; the second is stored under the chosen label.
    expect(await connect(host, oauth)).toMatchObject({ label: "user@example.test", default: true, account: "user@example.test" });
    expect(await connect(host, oauth, "work")).toMatchObject({ label: "work", default: false, account: "user@example.test" });
    const personalToken = await host.auth.accessToken("alice", "acme", "user@example.test");
    const workToken = await host.auth.accessToken("alice", "acme", "work");
    expect(personalToken).not.toBe(workToken);

    await host.runtime.execute("acme get", { account: "work" }, { userId: "alice" });
    expect(lastToken(provider)).toBe(workToken);
    await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(lastToken(provider)).toBe(personalToken);

    expect((await host.auth.connections("alice")).map((c) => [c.label, c.default])).toEqual([
      ["user@example.test", true],
      ["work", false],
    ]);
    expect(await host.auth.setDefaultAccount("alice", "acme", "work")).toMatchObject({ label: "work", default: true });
    await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(lastToken(provider)).toBe(workToken);

    // Disconnecting the default account makes the other one the default; its own calls keep working.
    expect(await host.auth.disconnect("alice", "acme", "work")).toBe(true);
    expect((await host.auth.connections("alice")).map((c) => [c.label, c.default])).toEqual([["user@example.test", true]]);
    await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(lastToken(provider)).toBe(personalToken);

    const gone = await failure(host.runtime.execute("acme get", { account: "work" }, { userId: "alice" }));
    expect(gone).toMatchObject({ code: "NOT_CONNECTED", details: { provider: "acme", account: "work", accounts: ["user@example.test"] } });
    expect(gone.message).toContain('no acme account "work"');
    expect(gone.message).toContain('"user@example.test" (default)');
    expect(gone.message).toContain("agx connect acme --account work");
  });

  it("an unknown account, a blank one, or a default that does not exist are refused clearly, and no request is sent", async () => {
    const { oauth, provider, settings } = await servers();
    const host = await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings });
    cleanups.push(() => host.close());
    await connect(host, oauth, "home");

    const unknown = await failure(host.runtime.execute("acme get", { account: "nope" }, { userId: "alice" }));
    expect(unknown).toMatchObject({ code: "NOT_CONNECTED", details: { account: "nope", accounts: ["home"] } });
    const blank = await failure(host.runtime.execute("acme get", { account: " " }, { userId: "alice" }));
    expect(blank).toMatchObject({ code: "INVALID_INPUT", details: { fields: ["account"] } });
    const noDefault = await failure(host.auth.setDefaultAccount("alice", "acme", "nope"));
    expect(noDefault).toMatchObject({ code: "NOT_CONNECTED", details: { account: "nope", accounts: ["home"] } });
    // Bob has none at all: the plain "not connected yet".
    const bob = await failure(host.runtime.execute("acme get", { account: "home" }, { userId: "bob" }));
    expect(bob.message).toMatch(/You have not connected acme yet/);
    expect(provider.requests).toHaveLength(0);
  });

  it("a plain reconnect of the same provider account replaces it instead of adding one", async () => {
    const { oauth, settings } = await servers();
    const host = await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings });
    cleanups.push(() => host.close());
    await connect(host, oauth, "work");
    // The provider names the same account again: the connection stored for it ("work") is the one replaced.
    expect(await connect(host, oauth)).toMatchObject({ label: "work", default: true });
    expect(await host.auth.connections("alice")).toHaveLength(1);
  });

  it("each account refreshes on its own: one token request per account and expiry, across hosts", async () => {
    const { oauth, provider, settings } = await servers();
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const first = await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings, auth: { now } });
    cleanups.push(() => first.close());
    // On PostgreSQL a second host shares the database; a SQLite file has one host here (two processes: sqlite-lease test).
    const second =
      dialect === "postgresql"
        ? await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings, shareWith: first, auth: { now } })
        : first;
    if (second !== first) cleanups.push(() => second.close());
    await connect(first, oauth, "home");
    await connect(first, oauth, "work");

    offsetMs = 2 * 3600_000;
    oauth.setTokenDelay(30);
    const calls = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? first : second).runtime.execute("acme get", { account: i % 4 < 2 ? "home" : "work" }, { userId: "alice" }),
    );
    await Promise.all(calls);
    expect(oauth.tokenRequestCount("refresh_token")).toBe(2);
    expect(new Set(provider.requests.map((r) => r.token)).size).toBe(2);
    expect((await first.auth.connections("alice")).every((c) => c.status === "active")).toBe(true);
  });

  it("upgrades a database made before accounts: the stored connection becomes the default account and keeps working", async () => {
    const { oauth, provider, settings } = await servers();
    const testDb = await createTestDatabase(dialect);
    cleanups.push(() => testDb.drop());
    // What the previous version left: its connections table, with one connection in it.
    const old = openDatabase({ hostDir: testDb.hostDir, url: testDb.url });
    old.registerSystemEntities([ConnectionsBeforeAccounts]);
    await old.start([]);
    const sealed = new VaultCipher(Buffer.from(TEST_KEY, "hex")).seal(
      JSON.stringify({ accessToken: OLD_TOKEN, tokenType: "Bearer" }),
      ["connection", "alice", "acme"].join("\u0000"),
    );
    const at = new Date();
    await old.transaction((em) =>
      em.insert(ConnectionsBeforeAccounts, {
        userId: "alice",
        provider: "acme",
        kind: "oauth2",
        status: "active",
        scopes: "read",
        account: "old@example.test",
        sealed,
        createdAt: at,
        updatedAt: at,
      }),
    );
    await old.stop();

    const host = await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings, shareWith: { testDb } as AuthHost });
    cleanups.push(() => host.close());
    expect(await host.auth.connections("alice")).toMatchObject([
      { provider: "acme", label: "default", default: true, account: "old@example.test", status: "active" },
    ]);
    await host.runtime.execute("acme get", {}, { userId: "alice" });
    expect(lastToken(provider)).toBe(OLD_TOKEN);
    await host.runtime.execute("acme get", { account: "default" }, { userId: "alice" });
    expect(lastToken(provider)).toBe(OLD_TOKEN);

    // The new key (user, provider, label) is in place: a second account of the same provider can be stored.
    await connect(host, oauth, "work");
    await host.runtime.execute("acme get", { account: "work" }, { userId: "alice" });
    expect(lastToken(provider)).not.toBe(OLD_TOKEN);
    expect((await host.auth.connections("alice")).map((c) => [c.label, c.default])).toEqual([
      ["default", true],
      ["work", false],
    ]);
    // A second start on the upgraded database changes nothing more.
    await host.close();
    cleanups.pop();
    const again = await startAuthHost({ dialect, extensions: [providerExtension("acme", declaration)], settings, shareWith: { testDb } as AuthHost });
    cleanups.push(() => again.close());
    expect(again.database.appliedSchemaSql).toBe("");
    expect(await again.auth.connections("alice")).toHaveLength(2);
  });
});
