import type { Logger } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { oauth2 } from "../src/index.js";
import { connectUser, providerExtension, startAuthHost, startFakeProvider, startOAuthServer } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const declaration = oauth2({
  authorizeUrl: "https://acme.example/authorize",
  tokenUrl: "https://acme.example/token",
  revokeUrl: "https://acme.example/revoke",
  scopes: ["read"],
  pkce: true,
  clientAuth: "basic",
  clientIdSetting: "ACME_CLIENT_ID",
  clientSecretSetting: "ACME_CLIENT_SECRET",
});

/** Records warnings; everything else is dropped. */
function warningLog(): { logger: Logger; warnings: Array<{ message: string; fields?: Record<string, unknown> }> } {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => warnings.push({ message, ...(fields ? { fields } : {}) }),
    error: () => undefined,
    child: () => logger,
  };
  return { logger, warnings };
}

async function connected(revokeUrl: (oauthRevokeUrl: string) => Promise<string>) {
  const oauth = await startOAuthServer({ clientAuth: "basic" });
  cleanups.push(() => oauth.stop());
  const log = warningLog();
  const host = await startAuthHost({
    dialect: "sqlite",
    extensions: [providerExtension("acme", declaration)],
    settings: {
      API_URL: "http://127.0.0.1:9",
      ACME_CLIENT_ID: oauth.clientId,
      ACME_CLIENT_SECRET: oauth.clientSecret,
      ACME_AUTHORIZE_URL: oauth.authorizeUrl,
      ACME_TOKEN_URL: oauth.tokenUrl,
      ACME_REVOKE_URL: await revokeUrl(oauth.revokeUrl),
    },
    auth: { logger: log.logger },
  });
  cleanups.push(() => host.close());
  await connectUser(host.auth, oauth, "alice", "acme");
  const accessToken = await host.auth.accessToken("alice", "acme");
  return { oauth, host, accessToken, refreshToken: oauth.currentRefreshToken()!, warnings: log.warnings };
}

describe("disconnect", () => {
  it("revokes the grant at the provider (RFC 7009) and forgets the tokens", async () => {
    const { oauth, host, accessToken, warnings } = await connected(async (url) => url);
    expect(oauth.isValidAccessToken(accessToken)).toBe(true);
    expect(await host.auth.disconnect("alice", "acme")).toBe(true);
    expect(oauth.isValidAccessToken(accessToken)).toBe(false);
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "not_connected" });
    expect(warnings).toEqual([]);
  });

  it("still forgets the tokens when the revocation endpoint fails, and warns without naming a token", async () => {
    const { host, accessToken, refreshToken, warnings } = await connected(async () => {
      const broken = await startFakeProvider({ routes: { "POST /revoke": () => ({ status: 503, json: { error: "temporarily_unavailable" } }) } });
      cleanups.push(() => broken.close());
      return `${broken.url}/revoke`;
    });
    expect(await host.auth.disconnect("alice", "acme")).toBe(true);
    expect(await host.auth.connection("alice", "acme")).toMatchObject({ status: "not_connected" });
    expect(warnings).toEqual([
      { message: "could not revoke the grant at the provider", fields: { userId: "alice", provider: "acme", error: "the revocation endpoint answered 503" } },
    ]);
    expect(JSON.stringify(warnings)).not.toContain(accessToken);
    expect(JSON.stringify(warnings)).not.toContain(refreshToken);
  });
});
