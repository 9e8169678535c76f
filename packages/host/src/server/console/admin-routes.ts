import type { FastifyInstance } from "fastify";
import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import { loginLinkUrl } from "../../users/login-links.js";
import { ROLES, type Role, type UserInfo, type UserStore } from "../../users/store.js";
import { bodyObject, booleanField, textField } from "./body.js";
import { requireAdmin } from "./roles.js";
import type { ConsoleSetup } from "./setup.js";

export interface AdminRouteOptions {
  users: UserStore;
  console: ConsoleSetup;
  publicUrl: () => string;
}

function userJson(user: UserInfo) {
  return {
    id: user.id,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    ...(user.revokedAt ? { revokedAt: user.revokedAt.toISOString() } : {}),
  };
}

/** Authenticated, admins only (others get 403): users, roles, sign-in links and which host settings are set. */
export async function adminRoutes(app: FastifyInstance, { users, console: setup, publicUrl }: AdminRouteOptions): Promise<void> {
  app.addHook("preHandler", async (request) => {
    await requireAdmin(request, users);
  });

  app.get("/v1/admin/users", async (request) => {
    request.agx.outcome = "ok";
    return { users: (await users.list()).map(userJson) };
  });

  app.post("/v1/admin/users", async (request, reply) => {
    const input = bodyObject(request.body, ["id", "admin"]);
    const id = textField(input, "id", 128, true);
    const admin = booleanField(input, "admin") ?? false;
    const apiKey = await users.add(id, { admin });
    const user = (await users.get(id))!;
    request.agx.outcome = "ok";
    return reply
      .code(201)
      .header("cache-control", "no-store")
      .send({ user: { id: user.id, role: user.role }, apiKey });
  });

  app.post<{ Params: { id: string } }>("/v1/admin/users/:id/revoke", async (request, reply) => {
    await users.revoke(request.params.id);
    request.agx.outcome = "ok";
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string } }>("/v1/admin/users/:id/role", async (request) => {
    const role = textField(bodyObject(request.body, ["role"]), "role", 16, true);
    if (!ROLES.includes(role as Role))
      throw new CommandError("INVALID_INPUT", `role must be admin or member, not "${clip(role, 16)}".`, { details: { fields: ["role"] } });
    const user = await users.setRole(request.params.id, role as Role);
    request.agx.outcome = "ok";
    return { user: { id: user.id, role: user.role } };
  });

  app.post<{ Params: { id: string } }>("/v1/admin/users/:id/login-link", async (request, reply) => {
    const { id } = request.params;
    if (!(await users.isActive(id))) throw new CommandError("NOT_FOUND", `There is no active user "${clip(id, 60)}".`);
    const { token, expiresAt } = await setup.loginLinks.create(id, request.agx.userId!);
    request.agx.outcome = "ok";
    return reply.header("cache-control", "no-store").send({ url: loginLinkUrl(publicUrl(), token), expiresAt: expiresAt.toISOString() });
  });

  app.get("/v1/admin/settings", async (request) => {
    request.agx.outcome = "ok";
    return { settings: setup.settings() };
  });
}
