import { Command, ENTITY_MANAGER, Extension, HTTP, inject, SETTINGS, z } from "@agx-ext/core";
import { Entity, PrimaryKey, Property, UserOwned, type EntityManager } from "@agx-ext/db";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2, type HttpClient } from "../src/index.js";
import { connectUser, failure, startAuthHost, startFakeProvider, startOAuthServer } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

@Entity()
class SyncMark extends UserOwned {
  @PrimaryKey({ type: "integer", autoincrement: true })
  id!: number;

  @Property({ type: "string" })
  note!: string;
}

@Extension({
  id: "cachey",
  name: "Cachey",
  description: "Keeps rows and calls an OAuth API.",
  settings: z.object({ API_URL: z.string() }),
  entities: [SyncMark],
  auth: oauth2({
    authorizeUrl: "https://cachey.example/authorize",
    tokenUrl: "https://cachey.example/token",
    scopes: ["read"],
    pkce: false,
    clientAuth: "basic",
    clientIdSetting: "CACHEY_CLIENT_ID",
    clientSecretSetting: "CACHEY_CLIENT_SECRET",
  }),
})
class Cachey {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(SETTINGS) private readonly settings: { API_URL: string },
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
  ) {}

  @Command({ name: "Cachey Read", description: "Fetches and writes a row." })
  async read() {
    const data = await this.http.get(`${this.settings.API_URL}/v1/me`).json();
    this.em.create(SyncMark, { note: "read" } as never);
    await this.em.flush();
    return { data };
  }

  @Command({ name: "Cachey Sync", description: "Fetches, writes a row, then fails." })
  async sync(): Promise<never> {
    await this.http.get(`${this.settings.API_URL}/v1/me`).json();
    this.em.create(SyncMark, { note: "synced" } as never);
    await this.em.flush();
    throw new Error("the sync failed after writing");
  }
}

/** Cachey connected for alice against an authorization server that rotates refresh tokens; `setClockAhead` moves the auth module's clock. */
async function connectedCachey() {
  const oauth = await startOAuthServer({ clientAuth: "basic", rotateRefreshTokens: true });
  cleanups.push(() => oauth.stop());
  const api = await startFakeProvider({ bearer: (t) => oauth.isValidAccessToken(t), routes: { "GET /v1/me": () => ({ json: { ok: true } }) } });
  cleanups.push(() => api.close());
  let offsetMs = 0;
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [Cachey],
    settings: {
      API_URL: api.url,
      CACHEY_CLIENT_ID: oauth.clientId,
      CACHEY_CLIENT_SECRET: oauth.clientSecret,
      CACHEY_AUTHORIZE_URL: oauth.authorizeUrl,
      CACHEY_TOKEN_URL: oauth.tokenUrl,
    },
    auth: { now: () => new Date(Date.now() + offsetMs) },
  });
  cleanups.push(() => host.close());
  await connectUser(host.auth, oauth, "alice", "cachey");
  return { oauth, host, setClockAhead: (ms: number) => (offsetMs = ms) };
}

describe("a refresh during a call that fails", () => {
  it("keeps the rotated refresh token although the call's transaction rolls back (SQLite)", async () => {
    const { oauth, host, setClockAhead } = await connectedCachey();
    setClockAhead(2 * 3600_000);
    expect((await failure(host.runtime.execute("Cachey Sync", {}, { userId: "alice" }))).code).toBe("INTERNAL");
    setClockAhead(4 * 3600_000);
    expect((await failure(host.runtime.execute("Cachey Sync", {}, { userId: "alice" }))).code).toBe("INTERNAL");
    expect(oauth.tokenRequests.filter((r) => r.grantType === "refresh_token").map((r) => r.status)).toEqual([200, 200]);
    expect(await host.auth.connection("alice", "cachey")).toMatchObject({ status: "active" });
  });
});

describe("a 401-driven refresh inside a call that fails", () => {
  it("keeps the rotated tokens although the call's transaction rolls back (SQLite)", async () => {
    const { oauth, host } = await connectedCachey();
    // Not expired by the clock, so no refresh ahead of the call: the provider's 401 triggers it mid-call.
    oauth.expireAccessTokens();
    expect((await failure(host.runtime.execute("Cachey Sync", {}, { userId: "alice" }))).code).toBe("INTERNAL");
    expect(oauth.tokenRequests.filter((r) => r.grantType === "refresh_token").map((r) => r.status)).toEqual([200]);

    // The rotated refresh token and the new access token survived the rollback: the next call needs no refresh.
    expect((await host.runtime.execute("Cachey Read", {}, { userId: "alice" })).data).toEqual({ ok: true });
    oauth.expireAccessTokens();
    expect((await host.runtime.execute("Cachey Read", {}, { userId: "alice" })).data).toEqual({ ok: true });
    expect(oauth.tokenRequests.filter((r) => r.grantType === "refresh_token").map((r) => r.status)).toEqual([200, 200]);
    expect(await host.auth.connection("alice", "cachey")).toMatchObject({ status: "active" });
  });
});

describe("configuration problems", () => {
  it("names the missing client settings when connecting", async () => {
    const host = await startAuthHost({ dialect: "sqlite", extensions: [Cachey], settings: { API_URL: "http://127.0.0.1:9" } });
    cleanups.push(() => host.close());
    const missing = await failure(host.auth.begin("alice", "cachey"));
    expect(missing).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["CACHEY_CLIENT_ID", "CACHEY_CLIENT_SECRET"] } });
  });
});
