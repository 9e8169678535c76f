import type { FastifyInstance, FastifyReply } from "fastify";
import { CommandError, isCommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import { callerOf } from "../bearer.js";
import { callbackValues, type ConnectionsService } from "../connections.js";
import { clearedFlowCookie, cookieValue, flowCookieName, startedInConsole } from "../connect-links/flow-cookie.js";
import { pageReply } from "../connect-links/page-reply.js";
import { allowedRedirect } from "../connect-links/redirects.js";
import type { ConnectLinks } from "../connect-links/service.js";
import { resultPage } from "../html.js";

export interface ConnectionRouteOptions {
  connections?: ConnectionsService;
  /** Base of the redirect URIs registered at the providers (AGX_PUBLIC_URL). */
  publicUrl: () => string;
  /** Connect links: the authorize route answers with one; the callback returns to a link's redirect_url. */
  links?: ConnectLinks;
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
export async function connectionRoutes(app: FastifyInstance, { connections, links }: ConnectionRouteOptions): Promise<void> {
  // The providers come with their scope groups, so a console or agent can offer them as `?scopes=` choices.
  app.get("/v1/connections", async (request) => ({
    connections: connections ? await connections.list(callerOf(request)) : [],
    providers: connections?.providers?.() ?? [],
  }));

  // A connect link, not the provider's URL: a provider URL would let whichever browser opens it connect its
  // account to the caller. The link's page says who it connects for, and binds the flow to its browser.
  app.get<{ Params: { provider: string }; Querystring: { format?: string; scopes?: string } }>(
    "/v1/connections/:provider/authorize",
    async (request, reply) => {
      const { provider } = request.params;
      const scopes = scopesParam(request.query.scopes);
      service(connections);
      if (!links) throw new CommandError("NOT_CONFIGURED", "This host makes no connect links, so accounts cannot be connected over HTTP.");
      const link = await links.create(callerOf(request), { provider, ...(scopes ? { scopes } : {}) });
      request.agx.outcome = "ok";
      // Agents and scripts ask for JSON and pass the link on; a browser is sent straight to the link's page.
      if (request.query.format === "json" || request.headers.accept?.includes("application/json")) return link;
      return reply.redirect(link.url, 302);
    },
  );
}

/**
 * Public: GET /oauth/{provider}/callback, where the provider sends the user back. It finishes a flow only in
 * the browser that started it: the state must come with that browser's flow cookie.
 */
export async function oauthCallbackRoute(app: FastifyInstance, { connections, links, publicUrl }: ConnectionRouteOptions): Promise<void> {
  // The provider in the path is for people reading URLs: the state alone says which flow this is.
  app.get<{ Querystring: Record<string, string | undefined> }>("/oauth/:provider/callback", async (request, reply) => {
    const { state } = request.query;
    if (!state) {
      request.agx.outcome = "INVALID_INPUT";
      return pageReply(reply, 400).send(resultPage(false, "This page needs the state the provider sends back. Start the connection again."));
    }
    const secure = publicUrl().startsWith("https:");
    const browserSecret = cookieValue(request.headers.cookie, flowCookieName(state)) ?? "";
    try {
      // A refusal (error=access_denied) still goes through complete, so its state is used up.
      const done = await service(connections).complete(
        state,
        callbackValues((name) => request.query[name]),
        { browserSecret },
      );
      request.agx.userId = done.userId;
      request.agx.outcome = "ok";
      void reply.header("set-cookie", clearedFlowCookie(state, secure));
      if (startedInConsole(browserSecret)) return consoleReturn(reply, publicUrl(), "connected", done.provider);
      const back = await returnAddress(links, state);
      if (back) {
        back.searchParams.set("agx_connect", "connected");
        back.searchParams.set("provider", done.provider);
        return reply.header("cache-control", "no-store").redirect(back.href, 303);
      }
      return pageReply(reply, 200).send(resultPage(true, `${done.provider} is connected. You can close this window.`));
    } catch (failure) {
      if (!isCommandError(failure)) {
        request.agx.outcome = "INTERNAL";
        request.log.error({ err: failure }, "connect flow failed");
        return pageReply(reply, 500).send(resultPage(false, "The connection could not be completed; the host log has the details."));
      }
      request.agx.outcome = failure.code;
      if (startedInConsole(browserSecret)) {
        void reply.header("set-cookie", clearedFlowCookie(state, secure));
        return consoleReturn(reply, publicUrl(), "error", failure.message);
      }
      return pageReply(reply, 400).send(resultPage(false, failure.message));
    }
  });
}

/** Back to the console's connections page, which shows the outcome (`?connected=<provider>` or `?error=<message>`). */
function consoleReturn(reply: FastifyReply, publicUrl: string, key: "connected" | "error", value: string) {
  const back = new URL(`${publicUrl.replace(/\/+$/, "")}/connections`);
  back.searchParams.set(key, clip(value, 300));
  return reply.header("cache-control", "no-store").redirect(back.href, 303);
}

/** Where the link that started this flow returns to, when its origin is (still) allowed. */
async function returnAddress(links: ConnectLinks | undefined, state: string): Promise<URL | undefined> {
  const link = links ? await links.store.byState(state) : undefined;
  return link?.redirectUrl ? allowedRedirect(link.redirectUrl, links!.allowedOrigins) : undefined;
}
