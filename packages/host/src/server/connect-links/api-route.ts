import type { FastifyInstance } from "fastify";
import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import { callerOf } from "../bearer.js";
import { scopesParam } from "../routes/connections.js";
import type { ConnectLinks, LinkRequest } from "./service.js";

const FIELDS = ["provider", "redirect_url", "user", "scopes"] as const;
/** Longest redirect_url accepted; real return addresses are far shorter. */
const MAX_URL_LENGTH = 2000;
const MAX_NAME_LENGTH = 128;

/** The JSON body of POST /v1/connect-links, checked: INVALID_INPUT naming each bad field. */
function linkRequest(body: unknown): LinkRequest {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body))
    throw new CommandError("INVALID_INPUT", 'The body must be a JSON object such as {"provider": "google"}.', { details: { fields: [] } });
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length)
    throw new CommandError(
      "INVALID_INPUT",
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${clip(k, 40)}"`).join(", ")}; accepted: ${FIELDS.join(", ")}.`,
      {
        details: { fields: unknown.slice(0, 5).map((k) => clip(k, 40)) },
      },
    );
  const text = (field: string, max: number): string | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "" || value.length > max)
      throw new CommandError("INVALID_INPUT", `${field} must be a string of 1 to ${max} characters.`, { details: { fields: [field] } });
    return value;
  };
  const provider = text("provider", MAX_NAME_LENGTH);
  const redirectUrl = text("redirect_url", MAX_URL_LENGTH);
  const user = text("user", MAX_NAME_LENGTH);
  const scopes = input.scopes === undefined ? undefined : scopesParam(Array.isArray(input.scopes) ? input.scopes.map(String) : input.scopes);
  return {
    ...(provider !== undefined ? { provider } : {}),
    ...(redirectUrl !== undefined ? { redirectUrl } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(scopes ? { scopes } : {}),
  };
}

/** Authenticated: POST /v1/connect-links makes a single-use connect link (valid 30 minutes) for the caller. */
export async function connectLinkApiRoute(app: FastifyInstance, { links }: { links: ConnectLinks }): Promise<void> {
  app.post("/v1/connect-links", async (request, reply) => {
    const created = await links.create(callerOf(request), linkRequest(request.body));
    request.agx.outcome = "ok";
    return reply.code(201).header("cache-control", "no-store").send(created);
  });
}
