import { randomBytes } from "node:crypto";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { call, CLI, makeHostDir, removeDir, type TestServer } from "./helpers.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { TestBrowser } from "./browser.js";
import { authorizeClient, consentInBrowser, mcpStatus, MemoryOAuthProvider, REDIRECT_URL, signIn, startOAuthServer } from "./mcp-oauth-harness.js";
import { assertBuilt, runAgx } from "./process.js";

// Two hosts behind one public URL (A's address) on one PostgreSQL database and one vault key: what A's
// authorization server issued, B honours, refreshes and revokes, and the other way round.
let database: TestDatabase;
let dirs: string[] = [];
let a: TestServer;
let b: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase("postgresql");
  env = { AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: randomBytes(32).toString("hex") };
  dirs = [await makeHostDir(), await makeHostDir()];
  a = await startOAuthServer({ dir: dirs[0]!, env });
  b = await startOAuthServer({ dir: dirs[1]!, env: { ...env, AGX_PUBLIC_URL: a.url } });
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.drop();
  await Promise.all(dirs.map(removeDir));
});

describe("MCP authorization shared by two hosts on one PostgreSQL database", () => {
  it("accepts on B a token A issued, refreshes on B, and revokes everywhere", async () => {
    const key = await a.users.add("alice");
    const { provider } = await authorizeClient(a, key);
    const first = provider.saved!;
    expect(await mcpStatus(b, first.access_token)).toBe(200);

    // B's token endpoint rotates A's refresh token (same records, same keys).
    const clientId = (provider.client as { client_id: string }).client_id;
    const refreshed = await fetch(`${b.url}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: first.refresh_token!, client_id: clientId }).toString(),
    });
    const second = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(refreshed.status, JSON.stringify(second)).toBe(200);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await mcpStatus(a, second.access_token)).toBe(200);
    // The SDK refreshes again against A, with the token B issued.
    provider.saveTokens({ ...first, ...second });
    expect(await auth(provider, { serverUrl: `${a.url}/mcp` })).toBe("AUTHORIZED");
    const third = provider.saved!;
    expect(await mcpStatus(b, third.access_token)).toBe(200);

    // Revoked through B's API: A refuses at once.
    const grants = (await call(`${b.url}/v1/grants`, { key })).body.grants as { id: string }[];
    expect(grants).toHaveLength(1);
    expect((await call(`${b.url}/v1/grants/${grants[0]!.id}`, { key, method: "DELETE" })).status).toBe(204);
    expect(await mcpStatus(a, third.access_token)).toBe(401);
    expect(await mcpStatus(b, third.access_token)).toBe(401);
  }, 90_000);

  it("lets only one of two hosts exchange a code presented to both at once", async () => {
    const erin = await a.users.add("erin");
    const provider = new MemoryOAuthProvider();
    const browser = new TestBrowser();
    await signIn(browser, a, erin);
    const transport = new StreamableHTTPClientTransport(new URL(`${a.url}/mcp`), { authProvider: provider });
    await expect(new Client({ name: "race", version: "1" }).connect(transport)).rejects.toThrow(/Unauthorized/i);
    const { redirect } = await consentInBrowser(browser, a.url, provider.authorizationUrl!.href);
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      code: redirect.searchParams.get("code")!,
      code_verifier: provider.verifier,
      redirect_uri: REDIRECT_URL,
      client_id: (provider.client as { client_id: string }).client_id,
    }).toString();
    const exchange = (server: TestServer) =>
      fetch(`${server.url}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }).then(
        async (response) => ({ status: response.status, body: (await response.json()) as { access_token?: string; error?: string } }),
      );
    const answers = await Promise.all([exchange(a), exchange(b), exchange(a), exchange(b)]);
    const won = answers.filter((answer) => answer.status === 200);
    expect(won.length, JSON.stringify(answers)).toBeLessThanOrEqual(1);
    for (const answer of answers.filter((x) => x.status !== 200)) expect(answer.body.error).toBe("invalid_grant");
    // Reuse revokes whatever the winner got.
    for (const winner of won) expect(await mcpStatus(a, winner.body.access_token!)).toBe(401);
  }, 90_000);

  it("lists and revokes grants with agx grants", async () => {
    assertBuilt(CLI);
    const { provider } = await authorizeClient(a, await a.users.add("dora"));
    const listed = await runAgx(["grants", "list", "--user", "dora", "--json"], dirs[0]!, env);
    expect(listed.code, listed.stderr).toBe(0);
    const grants = (JSON.parse(listed.stdout) as { grants: { id: string; clientName: string }[] }).grants;
    expect(grants).toEqual([expect.objectContaining({ clientName: "Test Agent" })]);
    const table = await runAgx(["grants", "list", "--user", "dora"], dirs[1]!, env);
    expect(table.stdout).toContain(grants[0]!.id);
    expect(table.stdout).toContain("Test Agent");

    // Grant ids are random base64url and may start with "-", which only the "--" separator keeps from being read as an option.
    const wrongUser = await runAgx(["grants", "revoke", "--user", "alice", "--", grants[0]!.id], dirs[0]!, env);
    expect(wrongUser.code, wrongUser.stderr).toBe(1);
    expect(wrongUser.stderr).toMatch(/NOT_FOUND/);
    expect(await mcpStatus(a, provider.saved!.access_token)).toBe(200);

    const revoked = await runAgx(["grants", "revoke", "--user", "dora", "--", grants[0]!.id], dirs[0]!, env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await mcpStatus(b, provider.saved!.access_token)).toBe(401);
    expect((await runAgx(["grants", "list", "--user", "dora"], dirs[1]!, env)).stdout).toContain("has not allowed any MCP client");
    expect((await runAgx(["grants", "list", "revoke"], dirs[1]!, env)).code).toBe(2);
  }, 120_000);
});
