import type { FastifyRequest } from "fastify";
import { CommandError } from "@agx-ext/core";
import type { Role, UserStore } from "../../users/store.js";
import { callerOf } from "../bearer.js";

/** The caller's role as of this request: the session read it with the session, a key's caller is looked up. */
async function callerRole(request: FastifyRequest, users: UserStore): Promise<Role> {
  if (request.agx.session) return request.agx.session.role;
  return (await users.get(callerOf(request)))?.role ?? "member";
}

/** UNAUTHORIZED (403) unless the caller is an admin. */
export async function requireAdmin(request: FastifyRequest, users: UserStore): Promise<string> {
  if ((await callerRole(request, users)) !== "admin")
    throw new CommandError("UNAUTHORIZED", "Only admins may do this: ask an admin, or run agx users on the host.");
  return callerOf(request);
}
