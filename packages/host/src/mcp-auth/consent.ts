import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Runtime } from "@agx-ext/core/host";
import { sameOrigin } from "../server/connect-links/page-routes.js";
import { pageReply } from "../server/connect-links/page-reply.js";
import { resultPage } from "../server/html.js";
import type { ToolSetStore } from "../users/tool-sets.js";
import { consentPage } from "./consent-page.js";
import { CONSENT_PATH, MCP_SCOPE } from "./constants.js";
import type { McpAuthorization } from "./service.js";

/** The signed-in console user of a request, with the session's CSRF token. */
interface ConsoleSession {
  userId: string;
  csrfToken: string;
}

/** Reads the console session a request carries (the `agx_session` cookie), or undefined. */
export type SessionReader = (request: FastifyRequest) => Promise<ConsoleSession | undefined>;

export interface ConsentRouteOptions {
  auth: McpAuthorization;
  runtime: Runtime;
  toolSets?: ToolSetStore;
  sessions: SessionReader;
  publicUrl: () => string;
}

/** Longest form body the consent page sends (a CSRF token and a decision). */
const FORM_LIMIT = 4096;
/**
 * Scopes of the authorization server itself (oidc-provider's `scopes`: it checks registrations against them, so
 * the MCP scope is one too); the grant records those asked for, else the consent prompt would come back.
 */
const SERVER_SCOPES = ["openid", "offline_access", MCP_SCOPE];

/**
 * GET /oauth/consent/{uid}: the page where a signed-in person lets an MCP client use their tools (or not);
 * POST: the answer, back to oidc-provider, which redirects the browser to the client. Without a console
 * session both go to the console's sign-in page, which comes back here.
 */
export async function consentRoutes(app: FastifyInstance, options: ConsentRouteOptions): Promise<void> {
  const { auth, sessions } = options;
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: FORM_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const fail = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
    request.agx.outcome = status === 403 ? "UNAUTHORIZED" : "INVALID_INPUT";
    return pageReply(reply, status).send(resultPage(false, message, "Cannot authorize"));
  };
  const signIn = (reply: FastifyReply, uid: string) =>
    pageReply(reply, 303)
      .header("location", `/sign-in?next=${encodeURIComponent(`${CONSENT_PATH}/${uid}`)}`)
      .send();

  /** The pending authorization request of this browser, if it is the one the URL names. */
  const interactionOf = async (request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) => {
    const provider = await auth.server();
    try {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      return details.uid === request.params.uid ? { provider, details } : undefined;
    } catch {
      // No interaction cookie (another browser), or the request expired.
      return undefined;
    }
  };
  const EXPIRED = "This authorization request has expired or was started in another browser. Start again from your MCP client.";

  app.get<{ Params: { uid: string } }>(`${CONSENT_PATH}/:uid`, async (request, reply) => {
    const session = await sessions(request);
    if (!session) return signIn(reply, request.params.uid);
    request.agx.userId = session.userId;
    const found = await interactionOf(request, reply);
    if (!found) return fail(request, reply, 400, EXPIRED);
    const { provider, details } = found;
    const clientId = String(details.params.client_id);
    const client = await provider.Client.find(clientId);
    if (!client) return fail(request, reply, 400, "The application asking for access is no longer registered. Start again from your MCP client.");
    const off = options.toolSets ? await options.toolSets.disabledExtensions(session.userId) : new Set<string>();
    const page = consentPage({
      action: `${CONSENT_PATH}/${request.params.uid}`,
      csrfToken: session.csrfToken,
      clientName: client.clientName || clientId,
      clientId,
      returnsTo: new URL(String(details.params.redirect_uri)).host || String(details.params.redirect_uri),
      userId: session.userId,
      host: new URL(options.publicUrl()).host,
      extensions: options.runtime.extensions.filter((e) => !off.has(e.id)).map((e) => ({ id: e.id, name: e.manifest.name })),
    });
    request.agx.outcome = "ok";
    return pageReply(reply, 200).send(page);
  });

  app.post<{ Params: { uid: string } }>(`${CONSENT_PATH}/:uid`, async (request, reply) => {
    if (!sameOrigin(request, options.publicUrl())) return fail(request, reply, 403, "Answer from the consent page itself.");
    const session = await sessions(request);
    if (!session) return signIn(reply, request.params.uid);
    request.agx.userId = session.userId;
    const form = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, unknown>;
    if (typeof form.csrf !== "string" || !sameText(form.csrf, session.csrfToken))
      return fail(request, reply, 403, "The form's CSRF token is missing or not this session's: reload the consent page and answer again.");
    const found = await interactionOf(request, reply);
    if (!found) return fail(request, reply, 400, EXPIRED);
    const { provider, details } = found;
    const previous = details.session;
    if (previous?.accountId && previous.accountId !== session.userId) {
      // This browser's authorization-server session belongs to whoever allowed a client before. It never
      // signs anyone in (every request comes here), but oidc-provider would answer an account change with a
      // logout page: end that session and detach this request from it, so the answer goes through as the
      // console's current user.
      if (previous.uid) await (await provider.Session.findByUid(previous.uid))?.destroy();
      delete details.session;
      await details.save(Math.max(1, details.exp - Math.floor(Date.now() / 1000)));
    }
    let result;
    if (form.decision === "allow") {
      const grant = new provider.Grant({ accountId: session.userId, clientId: String(details.params.client_id) });
      grant.addResourceScope(auth.resource(), MCP_SCOPE);
      const requested = String(details.params.scope ?? "").split(" ");
      const oidc = SERVER_SCOPES.filter((scope) => requested.includes(scope));
      if (oidc.length) grant.addOIDCScope(oidc);
      result = { login: { accountId: session.userId }, consent: { grantId: await grant.save() } };
    } else if (form.decision === "deny") {
      result = { error: "access_denied", error_description: `${session.userId} did not allow the application to use the agx tools.` };
    } else return fail(request, reply, 400, 'The form must say "allow" or "deny" (field decision).');
    const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
    request.agx.outcome = form.decision === "allow" ? "ok" : "denied";
    return pageReply(reply, 303).header("location", returnTo).send();
  });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
