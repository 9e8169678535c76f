import { createHash, randomBytes } from "node:crypto";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { ACCESS_TOKEN_TTL_SECONDS } from "../src/mcp-auth/constants.js";
import { TestBrowser } from "./browser.js";
import { call, makeHostDir, removeDir, type TestServer } from "./helpers.js";
import {
  authorizeClient,
  connectWith,
  consentForm,
  consentInBrowser,
  mcpStatus,
  MemoryOAuthProvider,
  REDIRECT_URL,
  signIn,
  startOAuthServer,
} from "./mcp-oauth-harness.js";

/** A PKCE pair (S256). */
function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

async function register(server: TestServer, metadata: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
  return call(`${server.url}/oauth2/reg`, {
    body: {
      client_name: "Raw Client",
      redirect_uris: [REDIRECT_URL],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      ...metadata,
    },
  });
}

async function token(server: TestServer, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.json() };
}

function authorizeUrl(server: TestServer, params: Record<string, string | undefined>): string {
  const url = new URL(`${server.url}/oauth2/auth`);
  for (const [name, value] of Object.entries({ response_type: "code", redirect_uri: REDIRECT_URL, scope: "mcp:tools", state: "s1", ...params }))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

describe.each(DATABASES)("MCP authorization on %s", (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let otherDir: string;
  let server: TestServer;
  let aliceKey: string;
  let bobKey: string;
  /** API keys by user: they sign the test's browsers in to the console. */
  const keys: Record<string, string> = {};
  const env = () => ({ AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: secretKey });
  const secretKey = randomBytes(32).toString("hex");

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
    otherDir = await makeHostDir();
    server = await startOAuthServer({ dir, env: env() });
    aliceKey = keys.alice = await server.users.add("alice");
    bobKey = keys.bob = await server.users.add("bob");
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database?.drop();
    await removeDir(dir);
    await removeDir(otherDir);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** A client authorized by a person through the consent page, by hand: the code and what exchanging it needs. */
  async function codeFor(userId: string, browser = new TestBrowser()) {
    const client = await register(server);
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    const { verifier, challenge } = pkce();
    await signIn(browser, server, keys[userId]!);
    const url = authorizeUrl(server, {
      client_id: client.body.client_id,
      code_challenge: challenge,
      code_challenge_method: "S256",
      resource: `${server.url}/mcp`,
    });
    const { redirect } = await consentInBrowser(browser, server.url, url);
    expect(redirect.searchParams.get("state")).toBe("s1");
    const code = redirect.searchParams.get("code")!;
    return { clientId: client.body.client_id as string, code, verifier };
  }

  it("tells an MCP client without credentials where to authorize (RFC 9728, RFC 8414)", async () => {
    const challenge = await call(`${server.url}/mcp`, { body: { jsonrpc: "2.0", id: 1, method: "tools/list" } });
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
    const resource = await call(`${server.url}/.well-known/oauth-protected-resource/mcp`);
    expect(resource.body).toMatchObject({ resource: `${server.url}/mcp`, authorization_servers: [server.url], scopes_supported: ["mcp:tools"] });
    expect((await call(`${server.url}/.well-known/oauth-protected-resource`)).body).toEqual(resource.body);
    const metadata = await call(`${server.url}/.well-known/oauth-authorization-server`);
    expect(metadata.body).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/oauth2/auth`,
      token_endpoint: `${server.url}/oauth2/token`,
      registration_endpoint: `${server.url}/oauth2/reg`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
    });
    expect(metadata.body.grant_types_supported).not.toContain("implicit");
    expect((await call(`${server.url}/.well-known/openid-configuration`)).body.token_endpoint).toBe(`${server.url}/oauth2/token`);
    // A bad token says so (error="invalid_token"); an access token is no key for the rest of the API.
    const bad = await call(`${server.url}/mcp`, { key: "x".repeat(43), body: { jsonrpc: "2.0", id: 1, method: "tools/list" } });
    expect(bad.headers.get("www-authenticate")).toContain('error="invalid_token"');
    // A console session cookie is no credential for /mcp (any page a signed-in person opens could use it).
    const browser = new TestBrowser();
    await signIn(browser, server, aliceKey);
    const withCookie = await browser.request(`${server.url}/mcp`, {
      json: { jsonrpc: "2.0", id: 1, method: "tools/list" },
      headers: { accept: "application/json, text/event-stream", origin: server.url },
    });
    expect(withCookie.status).toBe(401);
    const openapi = (await call(`${server.url}/openapi.json`)).body as { paths: Record<string, unknown> };
    for (const path of [
      "/.well-known/oauth-protected-resource/mcp",
      "/.well-known/oauth-authorization-server",
      "/oauth2/auth",
      "/oauth2/token",
      "/oauth2/reg",
      "/oauth/consent/{uid}",
      "/v1/grants",
    ])
      expect(openapi.paths[path], path).toBeDefined();
  });

  it("lets the SDK's client register, get a person's consent, list and call tools, and refresh with rotation", async () => {
    await server.users.toolSets.setEnabled("alice", "needy", false);
    const { provider, page } = await authorizeClient(server, keys.alice!);
    expect(page.body).toContain("Test Agent wants to use your agx tools as <strong>alice</strong>");
    expect(page.body).toContain("(probe)");
    expect(page.body).not.toContain("(needy)");

    const client = await connectWith(server, provider);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("probe_echo");
      expect(tools.some((t) => t.name.startsWith("needy_"))).toBe(false);
      const result = await client.callTool({ name: "probe_echo", arguments: { text: "hi" } });
      expect(result.structuredContent).toEqual({ text: "hi", user: "alice" });
    } finally {
      await client.close();
    }
    // The access token is for /mcp only.
    expect((await call(`${server.url}/v1/commands`, { key: provider.saved!.access_token })).status).toBe(401);

    const grants = await call(`${server.url}/v1/grants`, { key: aliceKey });
    expect(grants.status).toBe(200);
    expect(grants.body.grants).toEqual([expect.objectContaining({ clientName: "Test Agent", clientId: (provider.client as { client_id: string }).client_id })]);

    // Refresh: a new pair; the old refresh token is refused, and its reuse revokes the grant (RFC 9700 4.14.2).
    const first = provider.saved!;
    expect(await auth(provider, { serverUrl: `${server.url}/mcp` })).toBe("AUTHORIZED");
    const second = provider.saved!;
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await mcpStatus(server, second.access_token)).toBe(200);
    const clientId = (provider.client as { client_id: string }).client_id;
    const reuse = await token(server, { grant_type: "refresh_token", refresh_token: first.refresh_token!, client_id: clientId });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe("invalid_grant");
    expect(await mcpStatus(server, second.access_token)).toBe(401);
    await server.users.toolSets.setEnabled("alice", "needy", true);
  }, 60_000);

  it("refuses the tokens of a revoked grant, and lets only its owner (or an admin) revoke it", async () => {
    const { provider } = await authorizeClient(server, keys.alice!);
    const tokens = provider.saved!;
    expect(await mcpStatus(server, tokens.access_token)).toBe(200);
    const listed = (await call(`${server.url}/v1/grants`, { key: aliceKey })).body.grants as { id: string; clientId: string }[];
    const grant = listed.find((g) => g.clientId === (provider.client as { client_id: string }).client_id)!;

    expect((await call(`${server.url}/v1/grants/${grant.id}`, { key: bobKey, method: "DELETE" })).status).toBe(404);
    const asBob = await call(`${server.url}/v1/grants?user=alice`, { key: bobKey });
    expect(asBob.status).toBe(403);
    expect(await mcpStatus(server, tokens.access_token)).toBe(200);

    expect((await call(`${server.url}/v1/grants/${grant.id}`, { key: aliceKey, method: "DELETE" })).status).toBe(204);
    expect(await mcpStatus(server, tokens.access_token)).toBe(401);
    const refresh = await token(server, { grant_type: "refresh_token", refresh_token: tokens.refresh_token!, client_id: grant.clientId });
    expect(refresh.body.error).toBe("invalid_grant");
    const after = (await call(`${server.url}/v1/grants`, { key: aliceKey })).body.grants as { id: string }[];
    expect(after.map((g) => g.id)).not.toContain(grant.id);
    expect((await call(`${server.url}/v1/grants/${grant.id}`, { key: aliceKey, method: "DELETE" })).status).toBe(404);
  }, 60_000);

  it("refuses a code used twice, and revokes what the first use got", async () => {
    const { clientId, code, verifier } = await codeFor("alice");
    const form = { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: REDIRECT_URL, client_id: clientId };
    const first = await token(server, form);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(await mcpStatus(server, first.body.access_token)).toBe(200);
    const second = await token(server, form);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_grant");
    expect(await mcpStatus(server, first.body.access_token)).toBe(401);
  }, 60_000);

  it("refuses a code exchanged without its PKCE verifier or with another redirect URI", async () => {
    const { clientId, code, verifier } = await codeFor("alice");
    const base = { grant_type: "authorization_code", code, client_id: clientId };
    expect((await token(server, { ...base, redirect_uri: REDIRECT_URL })).body.error).toBe("invalid_grant");
    expect((await token(server, { ...base, redirect_uri: REDIRECT_URL, code_verifier: pkce().verifier })).body.error).toBe("invalid_grant");
    const other = await codeFor("alice");
    const mismatched = await token(server, {
      grant_type: "authorization_code",
      code: other.code,
      code_verifier: other.verifier,
      client_id: other.clientId,
      redirect_uri: `${REDIRECT_URL}/other`,
    });
    expect(mismatched.body.error).toBe("invalid_grant");
    expect(verifier).toBeTruthy();
  }, 60_000);

  it("refuses authorization requests without PKCE, with plain PKCE, for another resource, or to an unregistered redirect URI", async () => {
    const client = (await register(server)).body.client_id as string;
    const browser = new TestBrowser();
    await signIn(browser, server, keys.alice!);
    const { challenge } = pkce();
    const errorOf = async (params: Record<string, string | undefined>) => {
      const hop = await browser.request(authorizeUrl(server, { client_id: client, ...params }));
      expect(hop.status, hop.body).toBe(303);
      expect(hop.location!.startsWith(REDIRECT_URL), hop.location).toBe(true);
      const back = new URL(hop.location!);
      // Errors come in the query, or in the fragment for response types that would have used it.
      return back.searchParams.has("error") ? back.searchParams : new URLSearchParams(back.hash.slice(1));
    };
    const missing = await errorOf({});
    expect(missing.get("error")).toBe("invalid_request");
    expect(missing.get("error_description")).toMatch(/PKCE/);
    expect((await errorOf({ code_challenge: challenge, code_challenge_method: "plain" })).get("error")).toBe("invalid_request");
    const elsewhere = await errorOf({ code_challenge: challenge, code_challenge_method: "S256", resource: "https://elsewhere.example/mcp" });
    expect(elsewhere.get("error")).toBe("invalid_target");
    expect((await errorOf({ code_challenge: challenge, code_challenge_method: "S256", response_type: "token" })).get("error")).toBe(
      "unsupported_response_type",
    );

    // An unregistered redirect URI is never redirected to: the person sees an error page.
    const page = await browser.request(
      authorizeUrl(server, { client_id: client, code_challenge: challenge, code_challenge_method: "S256", redirect_uri: `${REDIRECT_URL}x` }),
    );
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.body).toContain("redirect_uri did not match");
    // Loopback redirect URIs match exactly too (no port leeway).
    const native = (await register(server, { application_type: "native" })).body.client_id as string;
    const otherPort = await browser.request(
      authorizeUrl(server, { client_id: native, code_challenge: challenge, code_challenge_method: "S256", redirect_uri: REDIRECT_URL.replace(":9/", ":10/") }),
    );
    expect(otherPort.status).toBe(400);
    // Registration refuses implicit clients.
    expect((await register(server, { response_types: ["token"], grant_types: ["implicit"] })).status).toBe(400);
  }, 60_000);

  it("refuses an access token once it expired (clock driven past its lifetime)", async () => {
    const { provider } = await authorizeClient(server, keys.bob!);
    const access = provider.saved!.access_token;
    expect(provider.saved!.expires_in).toBe(ACCESS_TOKEN_TTL_SECONDS);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
    expect(await mcpStatus(server, access)).toBe(401);
    vi.useRealTimers();
    expect(await mcpStatus(server, access)).toBe(200);
  }, 60_000);

  it("refuses the tokens of a revoked user", async () => {
    keys.carol = await server.users.add("carol");
    const { provider } = await authorizeClient(server, keys.carol!);
    expect(await mcpStatus(server, provider.saved!.access_token)).toBe(200);
    await server.users.revoke("carol");
    expect(await mcpStatus(server, provider.saved!.access_token)).toBe(401);
  }, 60_000);

  it("sends a person without a console session to sign in, checks the form's CSRF token, and honours Deny", async () => {
    const client = (await register(server)).body.client_id as string;
    const { challenge } = pkce();
    const url = authorizeUrl(server, { client_id: client, code_challenge: challenge, code_challenge_method: "S256" });
    const browser = new TestBrowser();
    const first = await browser.request(url);
    const consent = (await browser.follow(first)).at(0)!;
    expect(consent.status).toBe(303);
    const consentPath = new URL(first.location!).pathname;
    expect(consent.location).toBe(`${server.url}/sign-in?next=${encodeURIComponent(consentPath)}`);

    await signIn(browser, server, keys.alice!);
    const page = await browser.request(first.location!);
    expect(page.status).toBe(200);
    const { action, csrf } = consentForm(page.body);
    const target = new URL(action, server.url).href;
    expect((await browser.request(target, { form: { decision: "allow", csrf: "forged" }, headers: { origin: server.url } })).status).toBe(403);
    expect((await browser.request(target, { form: { decision: "allow", csrf }, headers: { origin: "https://evil.example" } })).status).toBe(403);
    // Another browser (no interaction cookie) cannot answer this request, even signed in.
    const stranger = new TestBrowser();
    await signIn(stranger, server, keys.alice!);
    expect((await stranger.request(target, { form: { decision: "allow", csrf: "x" }, headers: { origin: server.url } })).status).toBe(403);

    const denied = await browser.request(target, { form: { decision: "deny", csrf }, headers: { origin: server.url } });
    expect(denied.status).toBe(303);
    const back = (await browser.follow(denied, (u) => u.startsWith(REDIRECT_URL))).at(-1)!;
    expect(new URL(back.location!).searchParams.get("error")).toBe("access_denied");
  }, 60_000);

  it("asks again for every authorization, as whoever is signed in to the console now", async () => {
    const browser = new TestBrowser();
    const asAlice = new MemoryOAuthProvider("First Agent");
    await authorizeClient(server, keys.alice!, asAlice, browser);
    // Same browser, now signed in as bob: the consent page names bob, and the tokens act as bob.
    const asBob = new MemoryOAuthProvider("Second Agent");
    const { page } = await authorizeClient(server, keys.bob!, asBob, browser);
    expect(page.body).toContain("as <strong>bob</strong>");
    const client = await connectWith(server, asBob);
    try {
      const result = await client.callTool({ name: "probe_echo", arguments: { text: "who" } });
      expect(result.structuredContent).toEqual({ text: "who", user: "bob" });
    } finally {
      await client.close();
    }
  }, 60_000);

  it("serves the same state to a second host on the database; a host with another public URL refuses the token (audience)", async () => {
    const { provider } = await authorizeClient(server, keys.alice!);
    const tokens = provider.saved!;
    // Same database and vault key, another address that is its public URL: another resource.
    const other = await startOAuthServer({ dir: otherDir, env: env() });
    try {
      expect(await mcpStatus(other, tokens.access_token)).toBe(401);
      expect(await mcpStatus(server, tokens.access_token)).toBe(200);
      // Its authorization server has the same keys (one JWKS for both).
      const jwksA = await call(`${server.url}/oauth2/jwks`);
      const jwksB = await call(`${other.url}/oauth2/jwks`);
      expect(jwksA.body.keys.length).toBeGreaterThan(0);
      expect(jwksB.body).toEqual(jwksA.body);
    } finally {
      await other.close();
    }
  }, 60_000);
});
