import type { FastifyInstance, FastifyRequest } from "fastify";
import { CommandError } from "@agx-ext/core";
import { clip, type Runtime } from "@agx-ext/core/host";
import type { ToolSetStore } from "../../users/tool-sets.js";
import type { UserStore } from "../../users/store.js";
import { callerOf } from "../bearer.js";
import { bodyObject, booleanField } from "./body.js";
import { requireAdmin } from "./roles.js";

export interface ToolRouteOptions {
  runtime: Runtime;
  users: UserStore;
  toolSets: ToolSetStore;
}

/**
 * Authenticated: GET /v1/tools and PUT /v1/tools/{extension}, the caller's tool set (which extensions' commands
 * their agents see); an admin may add ?user= to see or change another user's.
 */
export async function toolRoutes(app: FastifyInstance, { runtime, users, toolSets }: ToolRouteOptions): Promise<void> {
  /** Whose tool set: the caller's, or (admins only) ?user='s, who must be an active user. */
  const subject = async (request: FastifyRequest<{ Querystring: { user?: string } }>): Promise<string> => {
    const other = request.query.user;
    if (other === undefined || other === callerOf(request)) return callerOf(request);
    await requireAdmin(request, users);
    if (!(await users.isActive(other))) throw new CommandError("NOT_FOUND", `There is no active user "${clip(other, 60)}".`, { details: { fields: ["user"] } });
    return other;
  };

  app.get<{ Querystring: { user?: string } }>("/v1/tools", async (request) => {
    const userId = await subject(request);
    const off = await toolSets.disabledExtensions(userId);
    request.agx.outcome = "ok";
    return { user: userId, extensions: runtime.extensions.map((e) => ({ id: e.id, name: e.manifest.name, enabled: !off.has(e.id) })) };
  });

  app.put<{ Params: { extension: string }; Querystring: { user?: string } }>("/v1/tools/:extension", async (request) => {
    const userId = await subject(request);
    const extension = runtime.extensions.find((e) => e.id === request.params.extension);
    if (!extension)
      throw new CommandError("NOT_FOUND", `No installed extension "${clip(request.params.extension, 64)}".`, {
        details: { extensions: runtime.extensions.map((e) => e.id) },
      });
    const enabled = booleanField(bodyObject(request.body, ["enabled"]), "enabled", true)!;
    await toolSets.setEnabled(userId, extension.id, enabled);
    request.agx.outcome = "ok";
    return { user: userId, extension: { id: extension.id, name: extension.manifest.name, enabled } };
  });
}
