import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SessionStore } from "../../users/sessions.js";
import { originAllowed } from "./origin.js";
import { sessionToken } from "./session-cookie.js";

/** Methods that change state: with a session cookie they need the CSRF checks. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const CSRF_HEADER = "x-agx-csrf";

/**
 * An onRequest hook in front of bearerKeyHook: a /v1 request without an Authorization header is admitted by its
 * console session cookie (request.agx.userId and .session set; the key hook then lets it through). A request with
 * no current session is left alone, so the key hook answers it 401. State-changing requests must also pass the
 * CSRF checks, else 403 here. /mcp never takes the cookie: agents authenticate with a key or token, and a cookie
 * would let any page a signed-in person visits call tools.
 */
export function sessionCookieHook(sessions: SessionStore, publicUrl: () => string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.headers.authorization !== undefined || !request.url.startsWith("/v1/")) return;
    const token = sessionToken(request.headers.cookie);
    const session = token ? await sessions.find(token) : undefined;
    if (!session) return;
    if (STATE_CHANGING.has(request.method)) {
      const problem = csrfProblem(request, publicUrl(), session.csrfToken);
      if (problem) {
        request.agx.outcome = "UNAUTHORIZED";
        void reply.code(403).send({ ok: false, error: { code: "UNAUTHORIZED", message: problem } });
        return reply;
      }
    }
    request.agx.userId = session.userId;
    request.agx.session = { role: session.role, csrfToken: session.csrfToken };
  };
}

/**
 * Why a state-changing cookie request is refused, or undefined when it passes: its Origin (when sent) must be this
 * host's, and it must carry the session's CSRF token, which only this host's own pages can read.
 */
export function csrfProblem(request: FastifyRequest, publicUrl: string, csrfToken: string): string | undefined {
  if (!originAllowed(request, publicUrl))
    return `The request comes from another site (Origin ${String(request.headers.origin).slice(0, 100)}); the console only accepts changes from its own pages.`;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== "string" || sent === "")
    return `The ${CSRF_HEADER} header is missing: send the csrfToken from GET /v1/session with every change made with the session cookie.`;
  if (!sameText(sent, csrfToken)) return `The ${CSRF_HEADER} header does not match this session's csrfToken (GET /v1/session has it).`;
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The console session a request's cookie carries, checked as on /v1 (for pages such as the MCP consent page). */
export function sessionOfRequest(sessions: SessionStore) {
  return async (request: FastifyRequest): Promise<{ userId: string; csrfToken: string } | undefined> => {
    const token = sessionToken(request.headers.cookie);
    return token ? sessions.find(token) : undefined;
  };
}
