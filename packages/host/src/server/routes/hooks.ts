import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { HostEvents } from "@agx-ext/services";

export interface HookRouteOptions {
  events: HostEvents;
  /** Largest provider request body, in bytes (AGX_WEBHOOK_BODY_LIMIT); more is answered 413. */
  bodyLimit: number;
}

/** Provider payloads are small notifications; anything larger is refused before it is read in full. */
export const DEFAULT_WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * /hooks/<extension>/<trigger>: where providers post webhook triggers' requests (public: the trigger's declared
 * verification is the check, not an API key). GET answers the provider's verification challenge. The body is
 * kept as the provider sent it, whatever its type, since signatures are computed over the raw bytes.
 */
export async function hookRoutes(app: FastifyInstance, { events, bodyLimit }: HookRouteOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit }, (_request, body, done) => done(null, body));

  const handler = async (request: FastifyRequest<{ Params: { extension: string; trigger: string } }>, reply: FastifyReply) => {
    request.agx.command = `hook:${request.params.extension}/${request.params.trigger}`.slice(0, 200);
    const answer = await events.webhooks.receive(request.params.extension, request.params.trigger, {
      method: request.method,
      headers: singleValues(request.headers as Record<string, unknown>),
      query: singleValues(request.query as Record<string, unknown>),
      rawBody: typeof request.body === "string" ? request.body : "",
    });
    if (answer.type === "text") return reply.code(answer.status).type("text/plain; charset=utf-8").send(String(answer.body));
    return reply.code(answer.status).type("application/json; charset=utf-8").send(answer.body);
  };
  app.post<{ Params: { extension: string; trigger: string } }>("/hooks/:extension/:trigger", { bodyLimit }, handler);
  app.get<{ Params: { extension: string; trigger: string } }>("/hooks/:extension/:trigger", handler);
}

/** Headers and query values as single strings (a repeated one keeps its first value). */
function singleValues(values: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const single: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values ?? {}))
    single[key] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  return single;
}
