import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startOAuthServer, type OAuthTestServer } from "../src/oauth.js";

let oauth: OAuthTestServer | undefined;
afterEach(async () => {
  await oauth?.stop();
  oauth = undefined;
});

const redirectUri = "http://127.0.0.1:9/callback";

function authorizeUrl(server: OAuthTestServer, extra: Record<string, string> = {}): string {
  const url = new URL(server.authorizeUrl);
  for (const [k, v] of Object.entries({ response_type: "code", client_id: server.clientId, redirect_uri: redirectUri, state: "s1", scope: "read", ...extra }))
    url.searchParams.set(k, v);
  return url.href;
}

async function token(server: OAuthTestServer, form: Record<string, string>, basic = true) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${server.clientId}:${server.clientSecret}`).toString("base64")}`;
  const response = await fetch(server.tokenUrl, { method: "POST", headers, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe("startOAuthServer", () => {
  it("runs code -> token -> refresh with rotation, single-use codes and revocation", async () => {
    oauth = await startOAuthServer({ clientAuth: "basic" });
    const { code, state } = await oauth.authorize(authorizeUrl(oauth));
    expect(state).toBe("s1");
    const first = await token(oauth, { grant_type: "authorization_code", code: code!, redirect_uri: redirectUri });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read" });
    expect(oauth.isValidAccessToken(first.body.access_token!)).toBe(true);

    const reused = await token(oauth, { grant_type: "authorization_code", code: code!, redirect_uri: redirectUri });
    expect(reused.body.error).toBe("invalid_grant");

    const refreshed = await token(oauth, { grant_type: "refresh_token", refresh_token: first.body.refresh_token! });
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const oldRefresh = await token(oauth, { grant_type: "refresh_token", refresh_token: first.body.refresh_token! });
    expect(oldRefresh).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    oauth.expireAccessTokens();
    expect(oauth.isValidAccessToken(refreshed.body.access_token!)).toBe(false);
    oauth.revokeGrants();
    const revoked = await token(oauth, { grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token! });
    expect(revoked.body.error).toBe("invalid_grant");
    expect(oauth.tokenRequestCount("refresh_token")).toBe(3);
    expect(oauth.tokenRequestCount()).toBe(5);
  });

  it("enforces the client authentication method and PKCE", async () => {
    oauth = await startOAuthServer({ clientAuth: "body", pkce: "required" });
    const refused = await oauth.authorize(authorizeUrl(oauth));
    expect(refused.error).toBe("invalid_request");

    const verifier = "v".repeat(50);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { code } = await oauth.authorize(authorizeUrl(oauth, { code_challenge: challenge, code_challenge_method: "S256" }));
    const viaBasic = await token(oauth, { grant_type: "authorization_code", code: code!, redirect_uri: redirectUri, code_verifier: verifier });
    expect(viaBasic).toMatchObject({ status: 401, body: { error: "invalid_client" } });

    const { code: code2 } = await oauth.authorize(authorizeUrl(oauth, { code_challenge: challenge, code_challenge_method: "S256" }));
    const body = { client_id: oauth.clientId, client_secret: oauth.clientSecret, grant_type: "authorization_code", code: code2!, redirect_uri: redirectUri };
    const missingVerifier = await token(oauth, body, false);
    expect(missingVerifier.body.error).toBe("invalid_grant");

    const { code: code3 } = await oauth.authorize(authorizeUrl(oauth, { code_challenge: challenge, code_challenge_method: "S256" }));
    const ok = await token(oauth, { ...body, code: code3!, code_verifier: verifier }, false);
    expect(ok.status).toBe(200);
    expect(oauth.tokenRequests.at(-1)).toMatchObject({ grantType: "authorization_code", clientAuth: "body", status: 200 });
  });

  it("can fail the next token request", async () => {
    oauth = await startOAuthServer();
    oauth.failNextTokenRequest({ status: 503, json: { error: "temporarily_unavailable" } });
    const failed = await token(oauth, { grant_type: "refresh_token", refresh_token: "x" });
    expect(failed).toEqual({ status: 503, body: { error: "temporarily_unavailable" } });
  });
});
