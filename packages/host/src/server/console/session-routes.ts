import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { CommandError } from "@agx-ext/core";
import type { UserStore } from "../../users/store.js";
import type { AuthFailureThrottle } from "../auth-throttle.js";
import { MAX_KEY_LENGTH } from "../limits.js";
import { failureBody } from "../status.js";
import { bodyObject } from "./body.js";
import { originAllowed } from "./origin.js";
import { csrfProblem } from "./session-auth.js";
import { clearedSessionCookie, sessionCookie, sessionToken } from "./session-cookie.js";
import type { ConsoleSetup } from "./setup.js";

export interface SessionRouteOptions {
  console: ConsoleSetup;
  users: UserStore;
  throttle: AuthFailureThrottle;
  version: string;
  publicUrl: () => string;
}

/** The same answer for a wrong key, a wrong, used or expired link, or a revoked user: nothing tells which. */
const SIGN_IN_REFUSED = "Sign-in refused: the API key or sign-in link is not valid (links work once, for 10 minutes).";
const NO_SESSION = "Not signed in: sign in with an API key or a sign-in link (POST /v1/session).";

/**
 * Public: POST /v1/session signs a browser in (API key or sign-in link) and sets the session cookie; GET says who
 * is signed in, with the CSRF token the page sends back on changes; DELETE signs out.
 */
export async function sessionRoutes(app: FastifyInstance, { console: setup, users, throttle, version, publicUrl }: SessionRouteOptions): Promise<void> {
  const { sessions, loginLinks } = setup;
  const secure = () => publicUrl().startsWith("https:");
  const unauthorized = (request: FastifyRequest, reply: FastifyReply, message: string) => {
    request.agx.outcome = "UNAUTHORIZED";
    return reply
      .code(401)
      .header("cache-control", "no-store")
      .send({ ok: false, error: { code: "UNAUTHORIZED", message } });
  };

  app.post("/v1/session", async (request, reply) => {
    // A sign-in form on another site could otherwise sign a visitor's browser in as the attacker's user.
    if (!originAllowed(request, publicUrl()))
      throw new CommandError("UNAUTHORIZED", "Sign in from the console's own page: this request comes from another site.");
    const waitSeconds = throttle.retryAfterSeconds(request.ip);
    if (waitSeconds !== undefined) {
      request.agx.outcome = "RATE_LIMITED";
      return reply
        .code(429)
        .header("retry-after", String(waitSeconds))
        .send(failureBody(new CommandError("RATE_LIMITED", `Too many failed sign-ins from this address; retry in ${waitSeconds} s.`)));
    }
    const input = bodyObject(request.body, ["apiKey", "loginToken"]);
    const { apiKey, loginToken } = input;
    if ((apiKey === undefined) === (loginToken === undefined))
      throw new CommandError("INVALID_INPUT", "Send exactly one of apiKey or loginToken.", { details: { fields: ["apiKey", "loginToken"] } });
    const secret = apiKey ?? loginToken;
    if (typeof secret !== "string" || secret.length > MAX_KEY_LENGTH)
      throw new CommandError("INVALID_INPUT", `${apiKey !== undefined ? "apiKey" : "loginToken"} must be a string of at most ${MAX_KEY_LENGTH} characters.`, {
        details: { fields: [apiKey !== undefined ? "apiKey" : "loginToken"] },
      });
    const userId = apiKey !== undefined ? await users.authenticate(secret) : await loginLinks.redeem(secret);
    const user = userId ? await users.get(userId) : undefined;
    if (!user || user.revokedAt) {
      throttle.recordFailure(request.ip);
      return unauthorized(request, reply, SIGN_IN_REFUSED);
    }
    const { token, csrfToken } = await sessions.create(user.id);
    request.agx.userId = user.id;
    request.agx.outcome = "ok";
    return reply
      .header("set-cookie", sessionCookie(token, secure()))
      .header("cache-control", "no-store")
      .send({ user: { id: user.id, role: user.role }, csrfToken });
  });

  app.get("/v1/session", async (request, reply) => {
    const token = sessionToken(request.headers.cookie);
    const session = token ? await sessions.find(token) : undefined;
    if (!session) return unauthorized(request, reply, NO_SESSION);
    request.agx.userId = session.userId;
    request.agx.outcome = "ok";
    return reply.header("cache-control", "no-store").send({
      user: { id: session.userId, role: session.role },
      csrfToken: session.csrfToken,
      host: { version, publicUrl: publicUrl() },
    });
  });

  app.delete("/v1/session", async (request, reply) => {
    const token = sessionToken(request.headers.cookie);
    const session = token ? await sessions.find(token) : undefined;
    if (session) {
      // Signing out is a change too: another site must not be able to sign people out.
      const problem = csrfProblem(request, publicUrl(), session.csrfToken);
      if (problem) throw new CommandError("UNAUTHORIZED", problem);
      request.agx.userId = session.userId;
      await sessions.end(token!);
    }
    request.agx.outcome = "ok";
    return reply.code(204).header("set-cookie", clearedSessionCookie(secure())).send();
  });
}
