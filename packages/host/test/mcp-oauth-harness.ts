import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { expect } from "vitest";
import { attachMcpAuthorization } from "../src/mcp-auth/attach.js";
import { attachConsole } from "../src/server/console/attach.js";
import { sessionOfRequest } from "../src/server/console/session-auth.js";
import { TestBrowser, type Hop } from "./browser.js";
import { startTestServer, type TestServer } from "./helpers.js";

/** Signs `browser` in to the console of `server` with an API key (POST /v1/session, as the sign-in page does). */
export async function signIn(browser: TestBrowser, server: TestServer, apiKey: string): Promise<void> {
  const hop = await browser.request(`${server.url}/v1/session`, {
    json: { apiKey },
    headers: { origin: server.url },
  });
  expect(hop.status, hop.body).toBe(200);
}

/** An in-process `agx serve` with the console's sessions and MCP authorization on, as `agx serve` wires them. */
export async function startOAuthServer(options: { dir: string; env?: Record<string, string> }): Promise<TestServer> {
  return startTestServer({
    dir: options.dir,
    ...(options.env ? { env: options.env } : {}),
    attach: (host, users) => {
      const consoleSetup = attachConsole(host);
      return { mcpAuthorization: attachMcpAuthorization(host, users), console: consoleSetup, sessions: sessionOfRequest(consoleSetup.sessions) };
    },
  });
}

/** Where the test's MCP client says it listens for the answer (nothing listens: the test reads the redirect). */
export const REDIRECT_URL = "http://127.0.0.1:9/callback";

/** The MCP SDK's OAuth client side, kept in memory; the "browser" part is done by the test. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  authorizationUrl?: URL;

  constructor(private readonly name = "Test Agent") {}

  get redirectUrl(): string {
    return REDIRECT_URL;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [REDIRECT_URL],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  clientInformation() {
    return this.client;
  }

  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier;
  }
}

/** The consent page's form fields, read from its HTML. */
export function consentForm(html: string): { action: string; csrf: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !csrf) throw new Error(`no consent form in: ${html.slice(0, 300)}`);
  return { action, csrf };
}

/**
 * A person's part of an authorization: open the authorization URL in `browser` (already signed in), see the
 * consent page, answer it, and follow the redirects until the one to the client's redirect URI.
 * Returns the consent page and the final redirect.
 */
export async function consentInBrowser(
  browser: TestBrowser,
  origin: string,
  authorizationUrl: string,
  decision: "allow" | "deny" = "allow",
): Promise<{ page: Hop; redirect: URL }> {
  const toClient = (url: string) => url.startsWith(REDIRECT_URL);
  const first = await browser.request(authorizationUrl);
  const hops = [first, ...(await browser.follow(first, toClient))];
  const page = hops.at(-1)!;
  expect(page.status, page.body).toBe(200);
  const { action, csrf } = consentForm(page.body);
  const answer = await browser.request(new URL(action, origin).href, { form: { csrf, decision }, headers: { origin } });
  expect(answer.status, answer.body).toBe(303);
  const after = [answer, ...(await browser.follow(answer, toClient))];
  const last = after.at(-1)!;
  expect(last.location && toClient(last.location), JSON.stringify(last)).toBeTruthy();
  return { page, redirect: new URL(last.location!) };
}

/** Registration, consent and token through the SDK: the provider ends up holding tokens. */
export async function authorizeClient(server: TestServer, apiKey: string, provider = new MemoryOAuthProvider(), browser = new TestBrowser()) {
  await signIn(browser, server, apiKey);
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { authProvider: provider });
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  await expect(client.connect(transport)).rejects.toThrow(/Unauthorized/i);
  expect(provider.authorizationUrl).toBeDefined();
  const { page, redirect } = await consentInBrowser(browser, server.url, provider.authorizationUrl!.href);
  const code = redirect.searchParams.get("code");
  expect(code, redirect.href).toBeTruthy();
  await transport.finishAuth(code!);
  expect(provider.saved?.access_token).toBeTruthy();
  return { provider, browser, page, code: code! };
}

/** An MCP client connected with whatever tokens `provider` holds. */
export async function connectWith(server: TestServer, provider: OAuthClientProvider): Promise<Client> {
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { authProvider: provider }));
  return client;
}

/** POST /mcp tools/list with a bearer token, raw: the status says whether the token was accepted. */
export async function mcpStatus(server: TestServer, token: string): Promise<number> {
  const response = await fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  await response.text();
  return response.status;
}
