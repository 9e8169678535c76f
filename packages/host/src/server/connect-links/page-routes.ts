import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { CommandError, isCommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import type { ConnectionsService } from "../connections.js";
import { connectPage, resultPage, type ScopeGroupOption } from "../html.js";
import { redirectUri } from "../routes/connections.js";
import { ownOrigins } from "../console/origin.js";
import { STATUS_BY_CODE } from "../status.js";
import { flowCookie, newFlowSecret } from "./flow-cookie.js";
import { pageReply } from "./page-reply.js";
import { describeGroup, sharedItems, ungrouped, type ConnectableProvider } from "./providers.js";
import type { ConnectLinks } from "./service.js";
import type { ConnectLink } from "./store.js";

export interface ConnectPageOptions {
  links: ConnectLinks;
  connections?: ConnectionsService;
  publicUrl: () => string;
}

/** Longest form body the Connect button sends (a provider name). */
const FORM_LIMIT = 4096;

/** Why a link cannot be used, as a page: 404 unknown, 410 used or expired. */
function unusable(link: ConnectLink | undefined, now: Date): { status: number; message: string } | undefined {
  if (!link) return { status: 404, message: "This connect link is not one this host made. Ask for a new link." };
  if (link.usedAt) return { status: 410, message: "This connect link was already used. Ask for a new link to connect again." };
  if (link.expiresAt.getTime() <= now.getTime())
    return { status: 410, message: "This connect link expired (links are valid for 30 minutes). Ask for a new link." };
  return undefined;
}

/**
 * A POST must come from a page of this host (the connect page itself): a form on another site could otherwise
 * start a flow in a visitor's browser without showing who the connection is for. `Origin: null` (a sandboxed or
 * no-referrer page) is refused too; the connect pages send `Referrer-Policy: same-origin` so their own forms
 * carry their origin.
 */
export function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers["sec-fetch-site"] === "same-origin";
  return ownOrigins(request, publicUrl).has(origin);
}

/** Public: GET /connect/{token} shows the link's page; POST /connect/{token} (its Connect button) starts the flow. */
export async function connectPageRoutes(app: FastifyInstance, { links, connections, publicUrl }: ConnectPageOptions): Promise<void> {
  // Only this plugin takes forms: the API stays JSON-only.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_request, body, done) => {
    done(null, formFields(body as string));
  });

  const fail = (request: FastifyRequest, reply: FastifyReply, status: number, message: string, outcome = "INVALID_INPUT") => {
    request.agx.outcome = outcome;
    return pageReply(reply, status).send(resultPage(false, message, "Cannot connect"));
  };

  app.get<{ Params: { token: string } }>("/connect/:token", async (request, reply) => {
    const link = await links.store.find(request.params.token);
    const problem = unusable(link, new Date());
    if (problem || !link) return fail(request, reply, problem!.status, problem!.message, problem!.status === 404 ? "NOT_FOUND" : "INVALID_INPUT");
    request.agx.userId = link.userId;
    try {
      const page = connectPage({
        action: `/connect/${request.params.token}`,
        userId: link.userId,
        host: new URL(publicUrl()).host,
        expiresAt: link.expiresAt,
        ...(link.provider
          ? { provider: link.scopes ? describe(links.provider(link.provider), link.scopes) : offer(links.provider(link.provider)) }
          : { choices: links.providers().map((p) => describe(p)) }),
      });
      request.agx.outcome = "ok";
      return pageReply(reply, 200).send(page);
    } catch (error) {
      // The extension behind the link's provider is gone since the link was made.
      if (isCommandError(error)) return fail(request, reply, STATUS_BY_CODE[error.code], error.message, error.code);
      throw error;
    }
  });

  app.post<{ Params: { token: string } }>("/connect/:token", async (request, reply) => {
    if (!sameOrigin(request, publicUrl())) return fail(request, reply, 403, "Connect only from the connect link's own page: open the link and press Connect.");
    const { token } = request.params;
    const link = await links.store.find(token);
    const problem = unusable(link, new Date());
    if (problem || !link) return fail(request, reply, problem!.status, problem!.message, problem!.status === 404 ? "NOT_FOUND" : "INVALID_INPUT");
    request.agx.userId = link.userId;
    const form = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, string | string[]>;
    const chosen = link.provider ?? (typeof form.provider === "string" ? form.provider : "");
    if (!connections) return fail(request, reply, 412, "This host has no credentials service, so accounts cannot be connected.", "NOT_CONFIGURED");
    try {
      const connectable = links.provider(chosen);
      const provider = connectable.provider;
      const scopes = link.scopes ?? chosenGroups(connectable, form);
      const secret = newFlowSecret();
      const begun = await connections.begin(link.userId, provider, redirectUri(publicUrl(), provider), {
        ...(scopes ? { scopes } : {}),
        browserSecret: secret,
      });
      // Claimed only once the flow exists: a provider not configured yet leaves the link usable after the fix.
      if (!(await links.store.claim(token, begun.state)))
        return fail(request, reply, 410, "This connect link was already used. Ask for a new link to connect again.");
      const secure = publicUrl().startsWith("https:");
      request.agx.outcome = "ok";
      return reply
        .header("set-cookie", flowCookie(begun.state, secret, { secure, maxAgeSeconds: (begun.expiresAt.getTime() - Date.now()) / 1000 }))
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .redirect(begun.url, 303);
    } catch (error) {
      if (!isCommandError(error)) throw error;
      return fail(request, reply, STATUS_BY_CODE[error.code], clip(error.message, 500), error.code);
    }
  });
}

function describe(provider: ConnectableProvider, scopes?: readonly string[]): { name: string; shares: string[] } {
  return { name: provider.provider, shares: sharedItems(provider, scopes) };
}

/** A link that left the scope groups open offers them as choices, the provider's defaults checked. */
function offer(provider: ConnectableProvider): { name: string; shares: string[]; groups?: ScopeGroupOption[] } {
  const groups = Object.entries(provider.kind === "oauth2" ? (provider.scopeGroups ?? {}) : {});
  if (!groups.length) return describe(provider);
  const defaults = new Set(provider.defaultScopeGroups?.length ? provider.defaultScopeGroups : groups.map(([name]) => name));
  return {
    name: provider.provider,
    shares: ungrouped(provider),
    groups: groups.map(([name, scopes]) => ({ name, label: describeGroup(name, scopes), checked: defaults.has(name) })),
  };
}

/**
 * The groups checked on the page (`choosing` marks that the page offered them): at least one, each a group of
 * the provider (INVALID_INPUT naming the others). Undefined for a press without a choice: the provider's defaults.
 */
function chosenGroups(provider: ConnectableProvider, form: Record<string, string | string[]>): string[] | undefined {
  if (form.choosing !== "scopes") return undefined;
  const raw: unknown = form.scopes;
  const scopes = typeof raw === "string" ? [raw] : Array.isArray(raw) && raw.every((s) => typeof s === "string") ? raw : [];
  if (!scopes.length)
    throw new CommandError("INVALID_INPUT", `Choose at least one thing ${provider.provider} should share.`, { details: { fields: ["scopes"] } });
  sharedItems(provider, scopes);
  return scopes;
}

/** A form body's fields; a repeated field (checkboxes of one name) as the list of its values. */
function formFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : [...(typeof seen === "string" ? [seen] : seen), value];
  }
  return fields;
}
