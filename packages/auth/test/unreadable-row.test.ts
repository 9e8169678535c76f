import { secret, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { credentials, oauth2 } from "../src/index.js";
import { VaultCipher } from "../src/host.js";
import { connectUser, failure, providerExtension, startAuthHost, startFakeProvider, startOAuthServer, type AuthHost, type TestDialect } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Another vault key: what a row sealed before a key change (or copied from another host) looks like to this host. */
const otherKey = new VaultCipher(Buffer.alloc(32, 9));

async function setup(dialect: TestDialect) {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const api = await startFakeProvider({
    bearer: (t) => oauth.isValidAccessToken(t),
    publicPaths: ["/v1/public"],
    routes: { "GET /v1/me": () => ({ json: { ok: true } }), "GET /v1/public": () => ({ json: { ok: true } }) },
  });
  cleanups.push(() => api.close());
  const declaration = oauth2({
    authorizeUrl: "https://acme.example/authorize",
    tokenUrl: "https://acme.example/token",
    scopes: ["read"],
    pkce: false,
    clientAuth: "basic",
    clientIdSetting: "ACME_CLIENT_ID",
    clientSecretSetting: "ACME_CLIENT_SECRET",
  });
  const host = await startAuthHost({
    dialect,
    extensions: [
      providerExtension("acme", declaration),
      providerExtension("creds", credentials({ fields: ["CREDS_PASSWORD"] }), { CREDS_PASSWORD: secret(z.string().min(1)) }),
    ],
    settings: {
      API_URL: api.url,
      ACME_CLIENT_ID: oauth.clientId,
      ACME_CLIENT_SECRET: oauth.clientSecret,
      ACME_AUTHORIZE_URL: oauth.authorizeUrl,
      ACME_TOKEN_URL: oauth.tokenUrl,
    },
  });
  cleanups.push(() => host.close());
  await connectUser(host.auth, oauth, "alice", "acme");
  await host.auth.setSecret("alice", "creds", "CREDS_PASSWORD", "hunter2-correct-horse");
  return { oauth, api, host };
}

/** Replaces a vault value with one sealed under another key (same row binding), as a key change would leave it. */
async function sealUnderOtherKey(host: AuthHost, table: "agx_auth_connections" | "agx_auth_secrets", rowBinding: string[], plaintext: string) {
  const sealed = otherKey.seal(plaintext, rowBinding.join("\u0000"));
  await host.database.transaction((em) =>
    em
      .getConnection()
      .execute(`update ${table} set sealed = ? where user_id = ? and provider = ?`, [sealed, rowBinding[1], rowBinding[2]], "run", em.getTransactionContext()),
  );
}

describe.each(["sqlite", "postgresql"] as const)("a vault row that does not open with the current key, on %s", (dialect) => {
  it("an OAuth connection: NOT_CONNECTED saying the credentials cannot be decrypted, listed as broken, no request sent", async () => {
    const { api, host } = await setup(dialect);
    await sealUnderOtherKey(host, "agx_auth_connections", ["connection", "alice", "acme"], JSON.stringify({ accessToken: "old-token" }));

    const refused = await failure(host.runtime.execute("acme get", {}, { userId: "alice" }));
    expect(refused).toMatchObject({ code: "NOT_CONNECTED", details: { provider: "acme", reason: "unreadable", connect: "agx connect acme" } });
    expect(refused.message).toMatch(/sealed under vault key [0-9a-f]{16}, which this host does not have/);
    expect(refused.message).toContain("agx connect acme");
    expect(refused.message).not.toMatch(/Could not reach/);
    expect(api.requestsTo("/v1/me")).toHaveLength(0);

    const listed = (await host.auth.connections("alice")).find((c) => c.provider === "acme");
    expect(listed).toMatchObject({ status: "unreadable", statusReason: expect.stringMatching(/AGX_SECRET_KEY/) });
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "unreadable" });
  });

  it("reconnecting (or disconnecting) repairs it", async () => {
    const { oauth, host } = await setup(dialect);
    await sealUnderOtherKey(host, "agx_auth_connections", ["connection", "alice", "acme"], JSON.stringify({ accessToken: "old-token" }));
    await connectUser(host.auth, oauth, "alice", "acme");
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "active" });
    expect((await host.runtime.execute("acme get", {}, { userId: "alice" })).data).toEqual({ ok: true });

    await sealUnderOtherKey(host, "agx_auth_connections", ["connection", "alice", "acme"], JSON.stringify({ accessToken: "old-token" }));
    expect(await host.auth.disconnect("alice", "acme")).toBe(true);
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "not_connected" });
  });

  it("a stored credential: listed as broken, never INTERNAL, and AUTH.secret explains it", async () => {
    const { host } = await setup(dialect);
    await sealUnderOtherKey(host, "agx_auth_secrets", ["secret", "alice", "creds", "CREDS_PASSWORD"], "hunter2-correct-horse");

    const listed = (await host.auth.connections("alice")).find((c) => c.provider === "creds");
    expect(listed).toMatchObject({ status: "unreadable", statusReason: expect.stringMatching(/AGX_SECRET_KEY/) });
    expect(await host.auth.connection("alice", "creds")).toMatchObject({ status: "unreadable" });

    // The value is left out, so the settings check names it as missing instead of crashing.
    const call = await failure(host.runtime.execute("creds get", { path: "/v1/public" }, { userId: "alice" }));
    expect(call).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["CREDS_PASSWORD"] } });
    const read = await failure(host.auth.secret("alice", "creds", "CREDS_PASSWORD"));
    expect(read).toMatchObject({ code: "NOT_CONNECTED", details: { reason: "unreadable" } });
    expect(read.message).toMatch(/sealed under vault key [0-9a-f]{16}, which this host does not have/);

    await host.auth.setSecret("alice", "creds", "CREDS_PASSWORD", "a-new-password");
    expect(await host.auth.connection("alice", "creds")).toMatchObject({ status: "active" });
  });
});
