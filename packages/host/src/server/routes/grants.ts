import type { FastifyInstance, FastifyRequest } from "fastify";
import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import { grantJson, type Grants } from "../../mcp-auth/grants.js";
import { callerOf } from "../bearer.js";

export interface GrantRouteOptions {
  grants: Grants;
  /** Whether a user may act on other users' grants. */
  isAdmin(userId: string): Promise<boolean>;
}

/**
 * GET /v1/grants and DELETE /v1/grants/{id}: the MCP clients a user allowed (on the consent page) to use the
 * user's tools. The caller's own grants; an admin may name another user with ?user=.
 */
export async function grantRoutes(app: FastifyInstance, { grants, isAdmin }: GrantRouteOptions): Promise<void> {
  const subject = async (request: FastifyRequest<{ Querystring: { user?: string } }>): Promise<string> => {
    const caller = callerOf(request);
    const named = request.query.user;
    if (named === undefined || named === caller) return caller;
    if (!(await isAdmin(caller)))
      throw new CommandError("UNAUTHORIZED", "Only admins may see or revoke other users' grants (?user=).", { details: { fields: ["user"] } });
    if (named === "") throw new CommandError("INVALID_INPUT", "?user= names the user whose grants to use; it is empty.", { details: { fields: ["user"] } });
    return clip(named, 128);
  };

  app.get<{ Querystring: { user?: string } }>("/v1/grants", async (request) => {
    const userId = await subject(request);
    return { user: userId, grants: (await grants.list(userId)).map(grantJson) };
  });

  app.delete<{ Params: { id: string }; Querystring: { user?: string } }>("/v1/grants/:id", async (request, reply) => {
    const userId = await subject(request);
    await grants.revoke(userId, request.params.id);
    request.agx.outcome = "ok";
    return reply.code(204).send();
  });
}
