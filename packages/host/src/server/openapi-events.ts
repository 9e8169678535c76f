import type { OpenApiPieces } from "../mcp-auth/openapi-paths.js";

const jsonBody = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const idParameter = (description: string) => ({ name: "id", in: "path", required: true, schema: { type: "string" }, description });

const SUBSCRIPTION = {
  type: "object",
  properties: {
    id: { type: "string" },
    userId: { type: "string" },
    trigger: { type: "string", description: "<extension id>/<trigger name>" },
    deliver: {
      oneOf: [
        { type: "object", properties: { url: { type: "string", format: "uri" } }, required: ["url"] },
        { type: "object", properties: { mcp: { const: true } }, required: ["mcp"] },
      ],
    },
    filter: { type: ["object", "null"] },
    input: { type: ["object", "null"], description: "Poll triggers with an input schema: the params the subscription's input parsed to" },
    createdAt: { type: "string", format: "date-time" },
    resource: { type: "string", description: "MCP subscriptions: the resource URI (agx://subscriptions/<id>)" },
    poll: { type: "object", description: "Poll triggers: last poll, next poll, last error" },
  },
  required: ["id", "userId", "trigger", "deliver", "filter", "input", "createdAt"],
};

/** The events routes: triggers, the caller's subscriptions, failed deliveries and the providers' webhook endpoint. */
export function eventPaths({ everyRoute, authenticated, failure, sortByStatus }: OpenApiPieces): Record<string, unknown> {
  const caller = { ...everyRoute, ...authenticated };
  return {
    "/v1/triggers": {
      get: {
        operationId: "listTriggers",
        summary:
          "Every installed trigger with its kind, interval or hook path, the JSON Schema of its events' data, and of its subscriptions' input (inputSchema) when it takes params",
        responses: sortByStatus({
          "200": jsonBody({ type: "object", properties: { triggers: { type: "array", items: { type: "object" } } }, required: ["triggers"] }, "The triggers"),
          ...caller,
        }),
      },
    },
    "/v1/subscriptions": {
      get: {
        operationId: "listSubscriptions",
        summary: "The caller's subscriptions",
        responses: sortByStatus({
          "200": jsonBody(
            { type: "object", properties: { subscriptions: { type: "array", items: SUBSCRIPTION } }, required: ["subscriptions"] },
            "The subscriptions",
          ),
          ...caller,
        }),
      },
      post: {
        operationId: "createSubscription",
        summary: "Subscribe the caller to a trigger: events go to an https URL (signed with AGX_WEBHOOK_SECRET) or to an MCP resource",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  trigger: { type: "string" },
                  deliver: SUBSCRIPTION.properties.deliver,
                  filter: { type: "object", description: "Dotted paths into the event's data and the value (or list of values) each must have" },
                  input: {
                    type: "object",
                    description: "The trigger's params, checked against its inputSchema (GET /v1/triggers); subscriptions with equal params share one poll",
                  },
                },
                required: ["trigger", "deliver"],
                additionalProperties: false,
              },
            },
          },
        },
        responses: sortByStatus({
          "201": jsonBody({ type: "object", properties: { subscription: SUBSCRIPTION }, required: ["subscription"] }, "Subscribed"),
          ...caller,
          "400": failure("INVALID_INPUT: a field is missing or wrong (named in details.fields)"),
          "404": failure("NOT_FOUND: no such trigger"),
          "409": failure("CONFLICT: the same subscription exists, or the caller holds the most allowed"),
          "412": failure("NOT_CONFIGURED: URL delivery needs AGX_WEBHOOK_SECRET on the host"),
        }),
      },
    },
    "/v1/subscriptions/{id}": {
      delete: {
        operationId: "deleteSubscription",
        summary: "Remove one of the caller's subscriptions (and what it was still owed)",
        parameters: [idParameter("The subscription id")],
        responses: sortByStatus({ "204": { description: "Removed" }, ...caller, "404": failure("NOT_FOUND: no such subscription of the caller") }),
      },
    },
    "/v1/events/failed": {
      get: {
        operationId: "listFailedDeliveries",
        summary: "The caller's deliveries that were refused for 24 h and given up",
        responses: sortByStatus({
          "200": jsonBody(
            { type: "object", properties: { deliveries: { type: "array", items: { type: "object" } } }, required: ["deliveries"] },
            "Failed deliveries",
          ),
          ...caller,
        }),
      },
    },
    "/v1/events/failed/{id}/replay": {
      post: {
        operationId: "replayDelivery",
        summary: "Queue a failed delivery again, with another 24 h of retries",
        parameters: [idParameter("The delivery id")],
        responses: sortByStatus({
          "202": jsonBody({ type: "object", properties: { ok: { const: true }, replayed: { type: "string" } }, required: ["ok", "replayed"] }, "Queued"),
          ...caller,
          "404": failure("NOT_FOUND: no such delivery of the caller"),
          "409": failure("CONFLICT: the delivery is not failed (still retried, or delivered)"),
        }),
      },
    },
    "/hooks/{extension}/{trigger}": {
      post: {
        operationId: "receiveWebhook",
        summary: "A provider's webhook for a trigger; verified as the trigger declares (signature or shared secret), not by API key",
        security: [],
        parameters: [
          { name: "extension", in: "path", required: true, schema: { type: "string" } },
          { name: "trigger", in: "path", required: true, schema: { type: "string" } },
        ],
        requestBody: { required: false, content: { "*/*": { schema: {} } } },
        responses: sortByStatus({
          "200": jsonBody(
            {
              type: "object",
              properties: {
                ok: { const: true },
                accepted: { type: "integer" },
                duplicates: { type: "integer" },
                unmatched: { type: "integer" },
                woken: { type: "integer", description: "Polls the request woke (WebhookResult.wake)" },
                ignored: { type: "string" },
              },
              required: ["ok", "accepted"],
            },
            "Received: new events recorded; repeats and stale (replayed) requests ignored",
          ),
          ...everyRoute,
          "400": failure("INVALID_INPUT: the trigger could not read the body"),
          "401": failure("UNAUTHORIZED: the signature or shared secret is missing or wrong"),
          "404": failure("NOT_FOUND: no such webhook trigger"),
          "413": failure("INVALID_INPUT: the body is larger than AGX_WEBHOOK_BODY_LIMIT"),
          "503": failure("NOT_CONFIGURED: the trigger's verification setting is not set on the host"),
        }),
      },
      get: {
        operationId: "answerWebhookChallenge",
        summary: "The provider's verification challenge, echoed once its verification token matches",
        security: [],
        parameters: [
          { name: "extension", in: "path", required: true, schema: { type: "string" } },
          { name: "trigger", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: sortByStatus({
          "200": {
            description: "The challenge, as { <parameter>: value } or plain text",
            content: { "application/json": { schema: { type: "object" } }, "text/plain": { schema: { type: "string" } } },
          },
          ...everyRoute,
          "401": failure("UNAUTHORIZED: the verification token does not match"),
          "404": failure("NOT_FOUND: no such webhook trigger"),
          "405": failure("The trigger declares no challenge"),
        }),
      },
    },
  };
}
