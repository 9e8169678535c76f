import type { FastifyInstance } from "fastify";
import { clip, CommandError, isCommandError } from "@agx-ext/core";
import { callerOf } from "../bearer.js";
import { callbackValues, type ConnectionsService } from "../connections.js";
import { resultPage } from "../html.js";

export interface ConnectionRouteOptions {
  connections?: ConnectionsService;
  /** Base of the redirect URIs registered at the providers (AGX_PUBLIC_URL). */
  publicUrl: () => string;
}

export function redirectUri(publicUrl: string, provider: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/oauth/${encodeURIComponent(provider)}/callback`;
}

function service(connections: ConnectionsService | undefined): ConnectionsService {
  if (!connections) throw new CommandError("NOT_CONFIGURED", "This host has no credentials service, so accounts cannot be connected.");
  return connections;
}

/** More names than any provider declares groups: a longer list is a mistake, not a choice. */
const MAX_SCOPE_NAMES = 50;
/** Longest group name or scope accepted (real scopes are URLs well under this). */
const MAX_SCOPE_LENGTH = 300;

/**
 * `?scopes=a,b` as a list (group names or scopes, like the CLI's --scopes); undefined when absent.
 * Empty, repeated-empty, overlong or too many names are INVALID_INPUT naming what was wrong.
 */
export function scopesParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(",") : String(value);
  const names = text.split(",").map((name) => name.trim());
  const bad = names.filter((name) => name === "" || name.length > MAX_SCOPE_LENGTH);
  if (bad.length || names.length > MAX_SCOPE_NAMES)
    throw new CommandError(
      "INVALID_INPUT",
      `scopes must be a comma-separated list of up to ${MAX_SCOPE_NAMES} scope group names or scopes, each 1 to ${MAX_SCOPE_LENGTH} characters; got "${clip(text)}".`,
      { details: { parameter: "scopes", ...(bad.length ? { invalid: bad.slice(0, 5).map((name) => clip(name)) } : { count: names.length }) } },
    );
  return names;
}

/** Authenticated: GET /v1/connections and GET /v1/connections/{provider}/authorize. */
export async function connectionRoutes(app: FastifyInstance, { connections, publicUrl }: ConnectionRouteOptions): Promise<void> {
  // The providers come with their scope groups, so a console or agent can offer them as `?scopes=` choices.
  app.get("/v1/connections", async (request) => ({
    connections: connections ? await connections.list(callerOf(request)) : [],
    providers: connections?.providers?.() ?? [],
  }));

  app.get<{ Params: { provider: string }; Querystring: { format?: string; scopes?: string } }>(
    "/v1/connections/:provider/authorize",
    async (request, reply) => {
      const { provider } = request.params;
      const scopes = scopesParam(request.query.scopes);
      const url = await service(connections).begin(callerOf(request), provider, redirectUri(publicUrl(), provider), scopes);
      request.agx.outcome = "ok";
      // Agents and scripts ask for JSON and open the URL themselves; a browser is sent straight on.
      if (request.query.format === "json" || request.headers.accept?.includes("application/json")) return { url };
      return reply.redirect(url, 302);
    },
  );
}

/** Public: GET /oauth/{provider}/callback, where the provider sends the user back. */
export async function oauthCallbackRoute(app: FastifyInstance, { connections }: ConnectionRouteOptions): Promise<void> {
  // The provider in the path is for people reading URLs: the state alone says which flow this is.
  app.get<{ Querystring: Record<string, string | undefined> }>(
    "/oauth/:provider/callback",
    async (request, reply) => {
      const { state } = request.query;
      reply.type("text/html; charset=utf-8").header("cache-control", "no-store");
      if (!state) {
        request.agx.outcome = "INVALID_INPUT";
        return reply.code(400).send(resultPage(false, "This page needs the state the provider sends back. Start again from agx connect."));
      }
      try {
        // A refusal (error=access_denied) still goes through complete, so its state is used up.
        const done = await service(connections).complete(state, callbackValues((name) => request.query[name]));
        request.agx.userId = done.userId;
        request.agx.outcome = "ok";
        return reply.send(resultPage(true, `${done.provider} is connected. You can close this window.`));
      } catch (failure) {
        if (!isCommandError(failure)) {
          request.agx.outcome = "INTERNAL";
          request.log.error({ err: failure }, "connect flow failed");
          return reply.code(500).send(resultPage(false, "The connection could not be completed; the host log has the details."));
        }
        request.agx.outcome = failure.code;
        return reply.code(400).send(resultPage(false, failure.message));
      }
    },
  );
}
