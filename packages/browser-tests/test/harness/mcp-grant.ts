// An MCP client's authorization as a remote agent starts it: dynamic client registration (RFC 7591), then the
// authorization URL with PKCE S256 and the /mcp resource, which the person's signed-in browser opens and answers.
import { createHash, randomBytes } from "node:crypto";

/** Where the agent says it listens for the answer; nothing listens (the test watches the browser go there). */
export const AGENT_REDIRECT_URL = "http://127.0.0.1:9/callback";

/** Registers a public client named `name` with the host; returns its authorization URL. */
export async function agentAuthorizationUrl(baseUrl: string, name: string): Promise<string> {
  const registered = await fetch(`${baseUrl}/oauth2/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [AGENT_REDIRECT_URL],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    }),
  });
  const client = (await registered.json()) as { client_id?: string };
  if (registered.status !== 201 || !client.client_id) throw new Error(`POST /oauth2/reg: ${registered.status} ${JSON.stringify(client)}`);
  const challenge = createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url");
  const url = new URL(`${baseUrl}/oauth2/auth`);
  for (const [key, value] of Object.entries({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: AGENT_REDIRECT_URL,
    scope: "mcp:tools",
    state: "agent-state",
    code_challenge: challenge,
    code_challenge_method: "S256",
    resource: `${baseUrl}/mcp`,
  }))
    url.searchParams.set(key, value);
  return url.href;
}
