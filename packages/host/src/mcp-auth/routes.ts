import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MCP_SCOPE, OAUTH_MOUNT } from "./constants.js";
import type { McpAuthorization } from "./service.js";

/** RFC 9728: where a client finds the metadata of the /mcp resource (the path form of its URL, and the root form). */
const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

/** The URL a 401 from /mcp points clients to (WWW-Authenticate resource_metadata). */
export function resourceMetadataUrl(auth: McpAuthorization): string {
  return `${auth.issuer()}${PROTECTED_RESOURCE_PATH}/mcp`;
}

/** RFC 9728 protected resource metadata of /mcp. */
function protectedResourceMetadata(auth: McpAuthorization): Record<string, unknown> {
  return {
    resource: auth.resource(),
    authorization_servers: [auth.issuer()],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ["header"],
    resource_name: "agx tools",
  };
}

type MountedRequest = IncomingMessage & { originalUrl?: string };

/**
 * The authorization server's routes: oidc-provider's endpoints under /oauth2/ (authorize, token, registration,
 * revocation, jwks), its metadata at the root well-known paths (RFC 8414 and OpenID discovery), and the
 * protected resource metadata of /mcp (RFC 9728).
 */
export async function mcpAuthorizationRoutes(app: FastifyInstance, { auth }: { auth: McpAuthorization }): Promise<void> {
  // oidc-provider (a Koa app) reads the request body itself: nothing here may consume it first.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, _payload, done) => done(null));

  let callback: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply, path: string) => {
    const provider = await auth.server();
    callback ??= provider.callback();
    const raw = request.raw as MountedRequest;
    const query = raw.url?.includes("?") ? raw.url.slice(raw.url.indexOf("?")) : "";
    // oidc-provider builds its URLs from the request and its mount path (the part of originalUrl before url),
    // so every endpoint it names is under /oauth2 whichever path brought the request in. Host and scheme are
    // those of AGX_PUBLIC_URL, whatever the client or a proxy sent: the URLs must match the issuer.
    raw.originalUrl = `${OAUTH_MOUNT}${path}${query}`;
    raw.url = `${path}${query}`;
    const publicUrl = new URL(auth.issuer());
    raw.headers.host = publicUrl.host;
    raw.headers["x-forwarded-proto"] = publicUrl.protocol.slice(0, -1);
    delete raw.headers["x-forwarded-host"];
    reply.hijack();
    await callback(raw, reply.raw);
  };

  app.all(`${OAUTH_MOUNT}/*`, (request, reply) => forward(request, reply, (request.raw.url ?? "").split("?")[0]!.slice(OAUTH_MOUNT.length)));
  for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
    app.get(path, (request, reply) => forward(request, reply, path));
    app.options(path, (request, reply) => forward(request, reply, path));
  }

  const metadata = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header("access-control-allow-origin", "*").header("cache-control", "public, max-age=300").send(protectedResourceMetadata(auth));
  app.get(`${PROTECTED_RESOURCE_PATH}/mcp`, metadata);
  app.get(PROTECTED_RESOURCE_PATH, metadata);
}
