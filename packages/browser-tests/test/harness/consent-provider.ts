// The OAuth provider a person meets in the browser: @agx-ext/testing's OAuth server (real codes,
// PKCE, token endpoint) behind a consent page with Allow and Deny buttons, as real providers show
// before they send the browser back.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startOAuthServer, type OAuthServerOptions, type OAuthTestServer } from "@agx-ext/testing/oauth";

export interface ConsentProvider {
  oauth: OAuthTestServer;
  /** Where agx sends browsers: the consent page. */
  authorizeUrl: string;
  /** How many times the consent page was shown, and how many times Allow was pressed. */
  shown: number;
  allowed: number;
  stop(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function consentPage(query: URLSearchParams): string {
  const scopes = (query.get("scope") ?? "").split(" ").filter(Boolean);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo provider: allow access?</title></head><body>
<main><h1>Allow access to your Demo account?</h1>
<p>The app <strong>${escape(query.get("client_id") ?? "?")}</strong> asks to use:</p>
<ul>${scopes.map((s) => `<li>${escape(s)}</li>`).join("")}</ul>
<form method="post" action="/authorize/decision">
<input type="hidden" name="query" value="${escape(query.toString())}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></main></body></html>`;
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startConsentProvider(options: OAuthServerOptions = {}): Promise<ConsentProvider> {
  const oauth = await startOAuthServer(options);
  const provider = { oauth, authorizeUrl: "", shown: 0, allowed: 0, stop: async () => {} } as ConsentProvider;
  const redirect = (res: ServerResponse, location: string) => {
    res.writeHead(303, { location, "cache-control": "no-store" });
    res.end();
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    void (async () => {
      if (req.method === "GET" && url.pathname === "/authorize") {
        provider.shown++;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(consentPage(url.searchParams));
      }
      if (req.method === "POST" && url.pathname === "/authorize/decision") {
        const form = await body(req);
        const query = new URLSearchParams(form.get("query") ?? "");
        if (form.get("decision") !== "allow") {
          const back = new URL(query.get("redirect_uri") ?? "");
          back.searchParams.set("error", "access_denied");
          back.searchParams.set("error_description", "The user denied access.");
          if (query.get("state")) back.searchParams.set("state", query.get("state")!);
          return redirect(res, back.href);
        }
        provider.allowed++;
        // The real authorization server issues the code; the browser is sent where it says.
        const issued = await fetch(`${oauth.authorizeUrl}?${query}`, { redirect: "manual" });
        return redirect(res, issued.headers.get("location") ?? "");
      }
      res.writeHead(404).end();
    })().catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  provider.authorizeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/authorize`;
  provider.stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await oauth.stop();
  };
  return provider;
}
