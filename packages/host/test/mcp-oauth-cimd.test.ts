// Client ID metadata documents: an MCP client names itself with an https URL instead of registering; the host
// fetches the document there and holds the client to it. The document is served by a local HTTPS server whose
// certificate the test makes; the host fetches it with a fetch that trusts that certificate (oidc-provider's own
// fetch reaches public addresses only).
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, request, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachMcpAuthorization } from "../src/mcp-auth/attach.js";
import { attachConsole } from "../src/server/console/attach.js";
import { sessionOfRequest } from "../src/server/console/session-auth.js";
import { TestBrowser } from "./browser.js";
import { makeHostDir, removeDir, startTestServer, type TestServer } from "./helpers.js";
import { consentInBrowser, REDIRECT_URL, signIn } from "./mcp-oauth-harness.js";

/** A fetch that trusts only `ca`, through node:https (oidc-provider's loopback-refusing dispatcher is left out). */
function fetchTrusting(ca: Buffer) {
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = input instanceof Request ? input.url : input;
      const req = request(url, { method: init?.method ?? "GET", ca, headers: { accept: "application/json" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers.set(name, value);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers }));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
}

describe("client ID metadata documents on sqlite", () => {
  let certDir: string;
  let documents: Server;
  let origin: string;
  let dir: string;
  let server: TestServer;
  let key: string;
  /** The documents the local server answers, by path (each names its own URL as client_id). */
  const served = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), "agx-cimd-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(certDir, "key.pem"),
        "-out",
        join(certDir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const [tlsKey, cert] = await Promise.all([readFile(join(certDir, "key.pem")), readFile(join(certDir, "cert.pem"))]);
    documents = createServer({ key: tlsKey, cert }, (req, res) => {
      const document = served.get(req.url ?? "");
      res.writeHead(document ? 200 : 404, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(document ?? { error: "not found" }));
    });
    await new Promise<void>((resolve) => documents.listen(0, "127.0.0.1", resolve));
    origin = `https://127.0.0.1:${(documents.address() as AddressInfo).port}`;
    dir = await makeHostDir({});
    server = await startTestServer({
      dir,
      env: { AGX_SECRET_KEY: "e".repeat(64) },
      attach: (host, users) => {
        const consoleSetup = attachConsole(host);
        return {
          mcpAuthorization: { ...attachMcpAuthorization(host, users), fetchClientMetadata: fetchTrusting(cert) },
          console: consoleSetup,
          sessions: sessionOfRequest(consoleSetup.sessions),
        };
      },
    });
    key = await server.users.add("carol");
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => documents?.close(resolve));
    await removeDir(dir);
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  /** Publishes a document at `path` naming its own URL as client_id; returns that URL. */
  const publish = (path: string, metadata: Record<string, unknown>): string => {
    const clientId = `${origin}${path}`;
    served.set(path, {
      client_id: clientId,
      client_name: "Metadata Agent",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      ...metadata,
    });
    return clientId;
  };

  const authorizeUrl = (clientId: string, challenge: string) => {
    const url = new URL(`${server.url}/oauth2/auth`);
    for (const [name, value] of Object.entries({
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URL,
      scope: "mcp:tools",
      state: "s1",
      code_challenge: challenge,
      code_challenge_method: "S256",
      resource: `${server.url}/mcp`,
    }))
      url.searchParams.set(name, value);
    return url.href;
  };

  it("fetches the document the client_id URL names, shows its name on the consent page, and completes the flow", async () => {
    const clientId = publish("/agent.json", { redirect_uris: [REDIRECT_URL] });
    const verifier = randomBytes(32).toString("base64url");
    const browser = new TestBrowser();
    await signIn(browser, server, key);
    const { page, redirect } = await consentInBrowser(browser, server.url, authorizeUrl(clientId, createHash("sha256").update(verifier).digest("base64url")));
    expect(page.body).toContain("Metadata Agent wants to use your agx tools as <strong>carol</strong>");
    const code = redirect.searchParams.get("code")!;
    const exchanged = await fetch(`${server.url}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        client_id: clientId,
        redirect_uri: REDIRECT_URL,
      }).toString(),
    });
    const tokens = (await exchanged.json()) as { access_token?: string };
    expect(exchanged.status, JSON.stringify(tokens)).toBe(200);
    const tools = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.access_token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(tools.status).toBe(200);
  });

  it("refuses a redirect_uri the document does not list", async () => {
    const clientId = publish("/other.json", { redirect_uris: ["http://127.0.0.1:9/elsewhere"] });
    const browser = new TestBrowser();
    await signIn(browser, server, key);
    const answer = await browser.request(authorizeUrl(clientId, createHash("sha256").update("v".repeat(43)).digest("base64url")));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/redirect_uri/);
    expect(answer.location ?? "").not.toContain(REDIRECT_URL);
  });
});
