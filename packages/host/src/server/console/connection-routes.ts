import type { FastifyInstance } from "fastify";
import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import { callerOf } from "../bearer.js";
import { flowCookie, newConsoleFlowSecret } from "../connect-links/flow-cookie.js";
import { connectableProvider } from "../connect-links/providers.js";
import type { ConnectionsService, ProviderChoice } from "../connections.js";
import { redirectUri, scopesParam } from "../routes/connections.js";
import { bodyObject, textField } from "./body.js";

export interface ConsoleConnectionRouteOptions {
  connections?: ConnectionsService;
  publicUrl: () => string;
}

/** Longest account label and credentials value accepted. */
const MAX_ACCOUNT_LENGTH = 200;
const MAX_FIELD_VALUE = 4096;

function service(connections: ConnectionsService | undefined): ConnectionsService {
  if (!connections) throw new CommandError("NOT_CONFIGURED", "This host has no credentials service, so accounts cannot be connected.");
  return connections;
}

function providerOf(connections: ConnectionsService, name: string): ProviderChoice {
  const found = connections.providers?.().find((p) => p.provider === name);
  if (!found)
    throw new CommandError("NOT_FOUND", `No extension on this host connects to "${clip(name, 60)}".`, {
      details: { provider: clip(name, 60), providers: connections.providers?.().map((p) => p.provider) ?? [] },
    });
  return found;
}

/**
 * Authenticated: what the console's Connections page does. begin starts a browser sign-in (session only);
 * credentials stores an API key or credentials fields; DELETE disconnects.
 */
export async function consoleConnectionRoutes(app: FastifyInstance, { connections, publicUrl }: ConsoleConnectionRouteOptions): Promise<void> {
  app.post<{ Params: { provider: string } }>("/v1/connections/:provider/begin", async (request, reply) => {
    // A provider URL handed to another browser would connect that browser's account to this user: only a browser
    // signed in as the user may start here, and the flow cookie binds the flow to it.
    if (!request.agx.session)
      throw new CommandError(
        "UNAUTHORIZED",
        "Starting a sign-in here needs a console session. With an API key, make a connect link instead (POST /v1/connect-links) and open it in the browser that should connect.",
      );
    const userId = callerOf(request);
    const input = bodyObject(request.body, ["scopes", "account"]);
    const scopes = input.scopes === undefined ? undefined : scopesParam(Array.isArray(input.scopes) ? input.scopes.map(String) : input.scopes);
    const account = textField(input, "account", MAX_ACCOUNT_LENGTH);
    const connect = service(connections);
    const choices = (connect.providers?.() ?? []).map(({ provider, kind }) => ({ provider, kind }));
    const provider = connectableProvider(choices, request.params.provider).provider;
    const secret = newConsoleFlowSecret();
    const begun = await connect.begin(userId, provider, redirectUri(publicUrl(), provider), {
      ...(scopes ? { scopes } : {}),
      ...(account !== undefined ? { account } : {}),
      browserSecret: secret,
    });
    request.agx.outcome = "ok";
    const secure = publicUrl().startsWith("https:");
    return reply
      .header("set-cookie", flowCookie(begun.state, secret, { secure, maxAgeSeconds: (begun.expiresAt.getTime() - Date.now()) / 1000 }))
      .header("cache-control", "no-store")
      .send({ url: begun.url });
  });

  app.put<{ Params: { provider: string } }>("/v1/connections/:provider/credentials", async (request) => {
    const userId = callerOf(request);
    const connect = service(connections);
    const provider = providerOf(connect, request.params.provider);
    if (!provider.fields)
      throw new CommandError("INVALID_INPUT", `${provider.provider} signs in through the browser (${provider.kind}), not with fields: use Connect.`, {
        details: { provider: provider.provider, kind: provider.kind },
      });
    const input = bodyObject(request.body, ["fields", "account"]);
    const account = textField(input, "account", MAX_ACCOUNT_LENGTH);
    const fields = credentialFields(input.fields, provider);
    if (!connect.saveCredentials) throw new CommandError("NOT_CONFIGURED", "This host's credentials service cannot store credentials.");
    await connect.saveCredentials(userId, provider.provider, fields, account !== undefined ? { account } : {});
    request.agx.outcome = "ok";
    const summary = (await connect.list(userId)).find((c) => c.provider === provider.provider);
    return summary ?? { provider: provider.provider, status: "not_connected", connected: false };
  });

  app.delete<{ Params: { provider: string }; Querystring: { account?: string } }>("/v1/connections/:provider", async (request, reply) => {
    const userId = callerOf(request);
    const connect = service(connections);
    const provider = providerOf(connect, request.params.provider).provider;
    const account = request.query.account;
    if (!connect.disconnect) throw new CommandError("NOT_CONFIGURED", "This host's credentials service cannot disconnect accounts.");
    await connect.disconnect(userId, provider, account !== undefined ? { account } : {});
    request.agx.outcome = "ok";
    return reply.code(204).send();
  });
}

/** The `fields` of a credentials body: an object of declared field names to non-empty strings; INVALID_INPUT naming the field. */
function credentialFields(value: unknown, provider: ProviderChoice): Record<string, string> {
  const declared = (provider.fields ?? []).map((f) => f.name);
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0)
    throw new CommandError("INVALID_INPUT", `fields must be an object of ${provider.provider}'s fields (${declared.join(", ")}) to their values.`, {
      details: { fields: ["fields"] },
    });
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(value)) {
    if (!declared.includes(name))
      throw new CommandError("INVALID_INPUT", `${provider.provider} has no field "${clip(name, 60)}"; its fields: ${declared.join(", ")}.`, {
        details: { fields: [`fields.${clip(name, 60)}`] },
      });
    // The value is never part of a message: it may be a secret.
    if (typeof text !== "string" || text.trim() === "" || text.length > MAX_FIELD_VALUE)
      throw new CommandError("INVALID_INPUT", `fields.${name} must be a string of 1 to ${MAX_FIELD_VALUE} characters.`, {
        details: { fields: [`fields.${name}`] },
      });
    out[name] = text;
  }
  return out;
}
