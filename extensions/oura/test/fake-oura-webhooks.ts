/**
 * A fake of Oura's webhook side (oura-openapi-latest.yaml, "Webhook Subscription Routes"): /v2/webhook/subscription
 * list, create, get, update, delete and renew, authenticated by the app's x-client-id and x-client-secret headers.
 * Creating a subscription first sends the verification GET (`verification_token` + `challenge`) to the callback URL
 * and refuses the subscription unless the callback answers `{ "challenge": <the challenge> }`, as Oura does. notify()
 * then posts real notifications to the subscribed callbacks, signed like Oura: x-oura-timestamp and
 * x-oura-signature = upper-case hex HMAC-SHA256 of "<timestamp><body>" under the client secret.
 */
import { createHmac, randomUUID } from "node:crypto";
import { startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";

interface FakeSubscription {
  id: string;
  callback_url: string;
  event_type: string;
  data_type: string;
  expiration_time: string;
  verification_token: string;
}

interface OuraNotification {
  event_type: string;
  data_type: string;
  object_id: string;
  user_id: string;
  event_time?: string;
}

export interface FakeOuraWebhooks {
  provider: FakeProvider;
  subscriptions: Map<string, FakeSubscription>;
  /** Posts the notification to every subscription of its data and event type; the callbacks' statuses. */
  notify(notification: OuraNotification, options?: { secret?: string; timestamp?: string }): Promise<number[]>;
  close(): Promise<void>;
}

const DATA_TYPES = [
  "tag",
  "enhanced_tag",
  "workout",
  "session",
  "sleep",
  "daily_sleep",
  "daily_readiness",
  "daily_activity",
  "daily_spo2",
  "sleep_time",
  "rest_mode_period",
  "ring_configuration",
  "daily_stress",
  "daily_cycle_phases",
];
const EVENT_TYPES = ["create", "update", "delete"];
/** How long a subscription lives before it must be renewed. */
const LIFETIME_MS = 90 * 86_400_000;

const invalid = (field: string, msg: string): FakeReply => ({ status: 422, json: { detail: [{ loc: ["body", field], msg, type: "value_error" }] } });

export function ouraSignature(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}${body}`).digest("hex").toUpperCase();
}

export async function startFakeOuraWebhooks(options: { clientId: string; clientSecret: string; now?: () => Date }): Promise<FakeOuraWebhooks> {
  const now = options.now ?? (() => new Date());
  const subscriptions = new Map<string, FakeSubscription>();
  const view = ({ verification_token: _token, ...rest }: FakeSubscription) => rest;
  const expiry = () => new Date(now().getTime() + LIFETIME_MS).toISOString();

  function authorised(req: FakeRequest): FakeReply | undefined {
    if (req.headers["x-client-id"] !== options.clientId || req.headers["x-client-secret"] !== options.clientSecret)
      return { status: 403, json: { detail: "Invalid client id or client secret." } };
    return undefined;
  }

  /** The create request's fields, or the 422 Oura answers for the first bad one. */
  function checked(body: unknown): { refused: FakeReply } | { fields: Omit<FakeSubscription, "id" | "expiration_time"> } {
    const record = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    for (const field of ["callback_url", "verification_token", "event_type", "data_type"])
      if (typeof record[field] !== "string" || !record[field]) return { refused: invalid(field, "Field required") };
    if (!EVENT_TYPES.includes(record.event_type as string))
      return { refused: invalid("event_type", `Input should be ${EVENT_TYPES.map((e) => `'${e}'`).join(", ")}`) };
    if (!DATA_TYPES.includes(record.data_type as string)) return { refused: invalid("data_type", "Input should be a valid data type") };
    const { callback_url, verification_token, event_type, data_type } = record as Record<string, string>;
    return { fields: { callback_url: callback_url!, verification_token: verification_token!, event_type: event_type!, data_type: data_type! } };
  }

  /** Oura's verification GET: the callback must echo the challenge. */
  async function verifies(callbackUrl: string, token: string): Promise<boolean> {
    const challenge = randomUUID();
    const url = new URL(callbackUrl);
    url.searchParams.set("verification_token", token);
    url.searchParams.set("challenge", challenge);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) return false;
      const body = (await response.json()) as { challenge?: unknown };
      return body.challenge === challenge;
    } catch {
      return false;
    }
  }

  const withSubscription = (handler: (req: FakeRequest, sub: FakeSubscription) => FakeReply | Promise<FakeReply>) => async (req: FakeRequest) => {
    const refused = authorised(req);
    if (refused) return refused;
    const sub = subscriptions.get(req.params.id!);
    if (!sub) return { status: 404, json: { detail: "Webhook with specified id does not exist." } };
    return handler(req, sub);
  };

  const provider = await startFakeProvider({
    routes: {
      "GET /v2/webhook/subscription": (req) => authorised(req) ?? { json: [...subscriptions.values()].map(view) },
      "POST /v2/webhook/subscription": async (req) => {
        const refused = authorised(req);
        if (refused) return refused;
        const body = checked(req.body);
        if ("refused" in body) return body.refused;
        if (!(await verifies(body.fields.callback_url, body.fields.verification_token)))
          return { status: 400, json: { detail: "Failed to verify the callback URL." } };
        const sub = { id: randomUUID(), ...body.fields, expiration_time: expiry() };
        subscriptions.set(sub.id, sub);
        return { status: 201, json: view(sub) };
      },
      "GET /v2/webhook/subscription/:id": withSubscription((_req, sub) => ({ json: view(sub) })),
      "DELETE /v2/webhook/subscription/:id": withSubscription((_req, sub) => {
        subscriptions.delete(sub.id);
        return { status: 204, text: "" };
      }),
      "PUT /v2/webhook/subscription/renew/:id": withSubscription((_req, sub) => {
        sub.expiration_time = expiry();
        return { json: view(sub) };
      }),
    },
  });

  return {
    provider,
    subscriptions,
    async notify(notification, sendOptions = {}) {
      const statuses: number[] = [];
      const body = JSON.stringify({ event_time: now().toISOString(), ...notification });
      for (const sub of subscriptions.values()) {
        if (sub.data_type !== notification.data_type || sub.event_type !== notification.event_type) continue;
        const timestamp = sendOptions.timestamp ?? String(Math.floor(Date.now() / 1000));
        const response = await fetch(sub.callback_url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-oura-timestamp": timestamp,
            "x-oura-signature": ouraSignature(sendOptions.secret ?? options.clientSecret, timestamp, body),
          },
          body,
        });
        statuses.push(response.status);
      }
      return statuses;
    },
    close: () => provider.close(),
  };
}
