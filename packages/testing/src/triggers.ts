import { type PollResult, type TriggerJson } from "@agx-ext/core";
import { describeIssues, type TriggerDefinition } from "@agx-ext/core/host";
import type { WebhookAnswer } from "@agx-ext/services";
import type { TestHost } from "./index.js";

/** Splits "<extension id>/<trigger name>" (the trigger name may itself hold no "/"). */
function splitName(qualified: string): { extensionId: string; name: string } {
  const slash = qualified.indexOf("/");
  if (slash <= 0) throw new Error(`name the trigger as "<extension id>/<trigger name>", got "${qualified}"`);
  return { extensionId: qualified.slice(0, slash), name: qualified.slice(slash + 1) };
}

async function definitionOf(host: TestHost, qualified: string): Promise<TriggerDefinition> {
  const { extensionId, name } = splitName(qualified);
  const handle = host.runtime.extensions.find((e) => e.id === extensionId);
  if (!handle) throw new Error(`no extension "${extensionId}" in this test host`);
  const trigger = (await host.runtime.load(handle)).definition.triggers?.find((t) => t.name === name);
  if (!trigger) throw new Error(`extension "${extensionId}" has no trigger "${name}"`);
  return trigger;
}

/**
 * Runs a poll trigger once for a user (default "alice") with a cursor (default null: the first poll) and a
 * subscription's params (default {}; passed as given: the host parses them with the trigger's input schema when a
 * subscription is made), in the call scope the host gives it. Rejects with the trigger's CommandError, or with an Error when an event's id is not a
 * string or its data does not match the trigger's output schema. Feed the returned cursor to the next call.
 */
export async function runPollTrigger(
  host: TestHost,
  trigger: string,
  options: { userId?: string; cursor?: TriggerJson | null; params?: Record<string, unknown>; woken?: boolean } = {},
): Promise<PollResult> {
  const definition = await definitionOf(host, trigger);
  if (definition.kind !== "poll") throw new Error(`"${trigger}" is a ${definition.kind} trigger, not a poll trigger`);
  const { extensionId, name } = splitName(trigger);
  const result = (await host.runtime.invokeTrigger(
    extensionId,
    name,
    { cursor: options.cursor ?? null, params: options.params ?? {}, woken: options.woken ?? false },
    { userId: options.userId ?? "alice" },
  )) as PollResult;
  if (!result || !Array.isArray(result.events)) throw new Error(`"${trigger}" returned no events array`);
  JSON.stringify(result.cursor); // a cursor the host could not store fails here
  for (const event of result.events) {
    if (typeof event.id !== "string" || !event.id) throw new Error(`"${trigger}" returned an event without a string id`);
    const parsed = definition.output.safeParse(event.data);
    if (!parsed.success) throw new Error(`"${trigger}" event ${event.id} does not match its output schema: ${describeIssues(parsed.error)}`);
  }
  return result;
}

/** A provider request for postWebhook; the body is sent as is (a string) or as JSON. */
export interface TestWebhookRequest {
  method?: "POST" | "GET";
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * Hands a provider request to the test host's webhook endpoint for a trigger (what `POST /hooks/<extension>/<trigger>`
 * does over HTTP): verification, the challenge, mapping and recording. Resolves with the status and body the
 * provider would get. Events are recorded only for users subscribed to the trigger
 * (`host.services.events.subscriptions.add`).
 */
export async function postWebhook(host: TestHost, trigger: string, request: TestWebhookRequest = {}): Promise<WebhookAnswer> {
  const { extensionId, name } = splitName(trigger);
  const rawBody = request.body === undefined ? "" : typeof request.body === "string" ? request.body : JSON.stringify(request.body);
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  return host.services.events.webhooks.receive(extensionId, name, { method: request.method ?? "POST", headers, query: request.query ?? {}, rawBody });
}
