import { Command, Extension, HTTP, inject, SETTINGS, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2, type HttpClient } from "../src/index.js";
import { connectUser, startAuthHost, startFakeProvider, startOAuthServer, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

@Extension({
  id: "pager",
  name: "Pager",
  description: "Reads several pages of an OAuth API in one command.",
  settings: z.object({ API_URL: z.string() }),
  auth: oauth2({
    authorizeUrl: "https://pager.example/authorize",
    tokenUrl: "https://pager.example/token",
    scopes: ["read"],
    pkce: false,
    clientAuth: "basic",
    clientIdSetting: "PAGER_CLIENT_ID",
    clientSecretSetting: "PAGER_CLIENT_SECRET",
  }),
})
class Pager {
  constructor(
    @inject(HTTP) private readonly http: HttpClient,
    @inject(SETTINGS) private readonly settings: { API_URL: string },
  ) {}

  @Command({ name: "Read Pages", description: "Fetches three pages." })
  async pages() {
    const pages: unknown[] = [];
    for (const page of [1, 2, 3]) pages.push(await this.http.get(`${this.settings.API_URL}/v1/items`, { searchParams: { page } }).json());
    return { data: { pages } };
  }
}

/** Pager connected for alice; `connectionReads()` counts the statements that read the token vault's connections table. */
async function connectedPager(dialect: TestDialect) {
  const oauth = await startOAuthServer({ clientAuth: "basic", rotateRefreshTokens: true });
  cleanups.push(() => oauth.stop());
  const api = await startFakeProvider({
    bearer: (t) => oauth.isValidAccessToken(t),
    routes: { "GET /v1/items": (request) => ({ json: { page: Number(request.query.get("page")) } }) },
  });
  cleanups.push(() => api.close());
  const host = await startAuthHost({
    dialect,
    extensions: [Pager],
    settings: {
      API_URL: api.url,
      PAGER_CLIENT_ID: oauth.clientId,
      PAGER_CLIENT_SECRET: oauth.clientSecret,
      PAGER_AUTHORIZE_URL: oauth.authorizeUrl,
      PAGER_TOKEN_URL: oauth.tokenUrl,
    },
  });
  cleanups.push(() => host.close());
  await connectUser(host.auth, oauth, "alice", "pager");
  let reads = 0;
  const knex = (host.database.orm.em.getConnection() as unknown as { getKnex(): { on(event: "query", fn: (q: { sql: string }) => void): void } }).getKnex();
  knex.on("query", (q) => {
    if (/^\s*select\b/i.test(q.sql) && q.sql.includes("agx_auth_connections")) reads++;
  });
  return { oauth, api, host, connectionReads: () => reads };
}

describe.each(["sqlite", "postgresql"] as const)("a command call's provider requests on %s", (dialect) => {
  it("read and decrypt the connection once for the whole call, not once per request", async () => {
    const { host, api, connectionReads } = await connectedPager(dialect);
    const before = connectionReads();
    const result = await host.runtime.execute("Read Pages", {}, { userId: "alice" });
    expect(result.data).toEqual({ pages: [{ page: 1 }, { page: 2 }, { page: 3 }] });
    expect(api.requests.filter((r) => r.path === "/v1/items")).toHaveLength(3);
    expect(connectionReads() - before).toBe(1);
    // The next call reads it again: the memo lives for one call.
    await host.runtime.execute("Read Pages", {}, { userId: "alice" });
    expect(connectionReads() - before).toBe(2);
  });

  it("use the refreshed token for the rest of the call after a provider refuses the remembered one", async () => {
    const { host, oauth, api } = await connectedPager(dialect);
    oauth.expireAccessTokens();
    const result = await host.runtime.execute("Read Pages", {}, { userId: "alice" });
    expect(result.data).toEqual({ pages: [{ page: 1 }, { page: 2 }, { page: 3 }] });
    expect(oauth.tokenRequests.filter((r) => r.grantType === "refresh_token").map((r) => r.status)).toEqual([200]);
    // The first request, with the remembered token, is refused and repeated with the new one; the rest carry the new one.
    const tokens = api.requests.filter((r) => r.path === "/v1/items").map((r) => r.token);
    expect(tokens).toHaveLength(4);
    expect(tokens[1]).not.toBe(tokens[0]);
    expect(new Set(tokens.slice(1)).size).toBe(1);
  });
});
