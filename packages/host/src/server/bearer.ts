import type { FastifyReply, FastifyRequest } from "fastify";
import type { UserStore } from "../users/store.js";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The same answer for a missing, malformed, unknown or revoked key: nothing tells which. */
const UNAUTHORIZED_BODY = {
  ok: false,
  error: { code: "UNAUTHORIZED", message: "A valid API key is required: send Authorization: Bearer <key>." },
} as const;

/** An onRequest hook that admits a request only with an active user's key and records who it is. */
export function bearerKeyHook(users: UserStore) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = BEARER.exec(request.headers.authorization ?? "")?.[1];
    const userId = key ? await users.authenticate(key) : undefined;
    if (!userId) {
      request.agx.outcome = "UNAUTHORIZED";
      void reply.code(401).header("www-authenticate", 'Bearer realm="agx"').send(UNAUTHORIZED_BODY);
      return reply;
    }
    request.agx.userId = userId;
  };
}

/** The caller of an authenticated route; the hook guarantees it is set. */
export function callerOf(request: { agx: { userId?: string } }): string {
  const userId = request.agx.userId;
  if (!userId) throw new Error("route reached without an authenticated user");
  return userId;
}
