import { Command, ENTITY_MANAGER, Extension, HTTP, inject, SETTINGS, z } from "@agx-ext/core";
import { Entity, PrimaryKey, Property, UserOwned, type EntityManager } from "@agx-ext/db";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2, type HttpClient } from "../src/index.js";
import { connectUser, failure, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type AuthHost, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const declaration = (id: string) =>
  oauth2({
    authorizeUrl: `https://${id}.example/authorize`,
    tokenUrl: `https://${id}.example/token`,
    scopes: ["read"],
    pkce: false,
    clientAuth: "basic",
    clientIdSetting: `${id.toUpperCase()}_CLIENT_ID`,
    clientSecretSetting: `${id.toUpperCase()}_CLIENT_SECRET`,
  });

@Entity()
class RevokeMark extends UserOwned {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string" })
  note!: string;
}

/** An extension with its own tables: its calls run inside a database transaction that a failure rolls back. */
@Extension({
  id: "tabled",
  name: "Tabled",
  description: "Writes a row, then calls an OAuth API.",
  settings: z.object({ API_URL: z.string() }),
  entities: [RevokeMark],
  auth: declaration("tabled"),
})
class Tabled {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(SETTINGS) private readonly settings: { API_URL: string },
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
  ) {}

  @Command({ name: "Tabled Read", description: "Writes a row and fetches." })
  async read() {
    this.em.create(RevokeMark, { note: "read" } as never);
    await this.em.flush();
    return { data: await this.http.get(`${this.settings.API_URL}/v1/me`).json() };
  }
}

async function setup(dialect: TestDialect) {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const api = await startFakeProvider({ bearer: (t) => oauth.isValidAccessToken(t), routes: { "GET /v1/me": () => ({ json: { ok: true } }) } });
  cleanups.push(() => api.close());
  let offsetMs = 0;
  const settings: Record<string, string> = { API_URL: api.url };
  for (const id of ["ACME", "TABLED"])
    Object.assign(settings, {
      [`${id}_CLIENT_ID`]: oauth.clientId,
      [`${id}_CLIENT_SECRET`]: oauth.clientSecret,
      [`${id}_AUTHORIZE_URL`]: oauth.authorizeUrl,
      [`${id}_TOKEN_URL`]: oauth.tokenUrl,
    });
  const host = await startAuthHost({
    dialect,
    extensions: [providerExtension("acme", declaration("acme")), Tabled],
    settings,
    auth: { now: () => new Date(Date.now() + offsetMs) },
  });
  cleanups.push(() => host.close());
  await connectUser(host.auth, oauth, "alice", "acme");
  await connectUser(host.auth, oauth, "alice", "tabled");
  return { oauth, host, settings, now: () => new Date(Date.now() + offsetMs), advance: (ms: number) => (offsetMs += ms) };
}

/** The row's status as the database holds it (queued behind any write still pending on SQLite's one connection). */
async function storedStatus(host: AuthHost, provider: string): Promise<string | undefined> {
  const rows: Array<{ status: string }> = await host.database.transaction((em) =>
    em
      .getConnection()
      .execute("select status from agx_auth_connections where user_id = ? and provider = ?", ["alice", provider], "all", em.getTransactionContext()),
  );
  return rows[0]?.status;
}

describe.each(["sqlite", "postgresql"] as const)("a revoked grant on %s", (dialect) => {
  it("is recorded when a refresh due by the clock gets invalid_grant; later calls ask the provider nothing", async () => {
    const { oauth, host, advance } = await setup(dialect);
    oauth.revokeGrants();
    advance(2 * 3600_000); // the access token is past its expiry: the call refreshes first
    const revoked = await failure(host.runtime.execute("acme get", {}, { userId: "alice" }));
    expect(revoked).toMatchObject({ code: "NOT_CONNECTED", details: { connect: "agx connect acme" } });
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);

    expect(await storedStatus(host, "acme")).toBe("needs_reauth");
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "needs_reauth" });
    expect((await host.auth.connections("alice")).find((c) => c.provider === "acme")).toMatchObject({ status: "needs_reauth" });
    for (let i = 0; i < 10; i++) expect((await failure(host.runtime.execute("acme get", {}, { userId: "alice" }))).code).toBe("NOT_CONNECTED");
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
  });

  it("is recorded when a 401 inside a call that writes rows leads to invalid_grant", async () => {
    const { oauth, host } = await setup(dialect);
    oauth.revokeGrants();
    oauth.expireAccessTokens(); // not expired by the clock: the API's 401 asks for the refresh, inside the call's transaction
    const revoked = await failure(host.runtime.execute("Tabled Read", {}, { userId: "alice" }));
    expect(revoked).toMatchObject({ code: "NOT_CONNECTED", details: { connect: "agx connect tabled" } });
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);

    expect(await storedStatus(host, "tabled")).toBe("needs_reauth"); // in the database, not only in this process
    expect(await host.auth.connection("alice", "tabled")).toMatchObject({ status: "needs_reauth" });
    for (let i = 0; i < 10; i++) expect((await failure(host.runtime.execute("Tabled Read", {}, { userId: "alice" }))).code).toBe("NOT_CONNECTED");
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
  });
});

describe("a revoked grant seen by two hosts sharing PostgreSQL", () => {
  it("one token request in all: the host waiting on the refresh lock reads the broken mark", async () => {
    const { oauth, host, settings, now, advance } = await setup("postgresql");
    const second = await startAuthHost({
      dialect: "postgresql",
      extensions: [providerExtension("acme", declaration("acme")), Tabled],
      settings,
      shareWith: host,
      auth: { now },
    });
    cleanups.push(() => second.close());
    oauth.revokeGrants();
    oauth.setTokenDelay(30); // keeps the refused refresh in flight while the other host queues on the lock
    advance(2 * 3600_000);
    const calls = Array.from({ length: 20 }, (_, i) => failure((i % 2 ? host : second).runtime.execute("acme get", {}, { userId: "alice" })));
    const refusals = await Promise.all(calls);
    expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(["NOT_CONNECTED"]));
    expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
    expect(await storedStatus(second, "acme")).toBe("needs_reauth");
  });
});
