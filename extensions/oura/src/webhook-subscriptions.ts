import { CommandError, type WebhookSetupContext, type WebhookSetupReport } from "@agx-ext/core";
import { OURA_WEBHOOK_DATA_TYPES, OURA_WEBHOOK_OPERATIONS } from "./webhook-trigger.js";

/** What Oura keeps for one webhook subscription (WebhookSubscriptionModel). */
export interface OuraWebhookSubscription {
  id: string;
  callback_url: string;
  event_type: string;
  data_type: string;
  expiration_time: string;
}

/** What syncOuraWebhooks needs: the app's credentials, Oura's API URL and the host's callback for Oura Data Changed. */
export interface OuraWebhookSetup {
  /** OURA_API_URL. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** The host's public hook URL of the trigger: `<AGX_PUBLIC_URL>/hooks/oura/Oura%20Data%20Changed`. */
  callbackUrl: string;
  /** OURA_WEBHOOK_VERIFICATION_TOKEN: Oura sends it back in the verification GET the host answers. */
  verificationToken: string;
  now?: () => Date;
  /** Subscriptions expiring sooner than this are renewed (default 7 days). */
  renewWithinMs?: number;
  /** Aborts the calls to Oura (the host's setup deadline or shutdown). */
  signal?: AbortSignal;
}

/** The ids of the subscriptions a sync created, renewed and left as they were. */
export interface OuraWebhookSync {
  created: string[];
  renewed: string[];
  kept: string[];
}

const DEFAULT_RENEW_WITHIN_MS = 7 * 86_400_000;

/**
 * Makes Oura's webhook subscriptions for the app match what Oura Data Changed listens to: one per data type and
 * operation, pointing at the host's callback URL. Missing ones are created (Oura then sends the verification GET
 * the host answers), ones expiring soon are renewed. Subscriptions of other callback URLs are left alone. Run it
 * when the host's public URL is set up, and daily to renew. Uses the app's client id and secret, never a user's token.
 */
export async function syncOuraWebhooks(setup: OuraWebhookSetup): Promise<OuraWebhookSync> {
  const now = (setup.now ?? (() => new Date()))().getTime();
  const renewWithin = setup.renewWithinMs ?? DEFAULT_RENEW_WITHIN_MS;
  const existing = (await call<OuraWebhookSubscription[]>(setup, "GET", "")).filter((s) => s.callback_url === setup.callbackUrl);
  const result: OuraWebhookSync = { created: [], renewed: [], kept: [] };
  for (const dataType of OURA_WEBHOOK_DATA_TYPES)
    for (const eventType of OURA_WEBHOOK_OPERATIONS) {
      const found = existing.find((s) => s.data_type === dataType && s.event_type === eventType);
      if (!found) {
        const made = await call<OuraWebhookSubscription>(setup, "POST", "", {
          callback_url: setup.callbackUrl,
          verification_token: setup.verificationToken,
          event_type: eventType,
          data_type: dataType,
        });
        result.created.push(made.id);
      } else if (!(Date.parse(found.expiration_time) - now > renewWithin)) {
        await call<OuraWebhookSubscription>(setup, "PUT", `/renew/${encodeURIComponent(found.id)}`);
        result.renewed.push(found.id);
      } else result.kept.push(found.id);
    }
  return result;
}

/**
 * The Oura Data Changed trigger's `setup`: the host runs it with the trigger's callback URL and the extension's
 * host-wide settings when it starts with an https AGX_PUBLIC_URL, and daily (once across hosts) to renew.
 */
export async function setupOuraWebhooks(context: WebhookSetupContext): Promise<WebhookSetupReport> {
  const text = (key: string) => {
    const value = context.settings[key];
    if (typeof value !== "string" || !value)
      throw new CommandError("NOT_CONFIGURED", `Oura's webhook subscriptions need the ${key} setting.`, { details: { missing: [key] } });
    return value;
  };
  return syncOuraWebhooks({
    apiUrl: text("OURA_API_URL"),
    clientId: text("OURA_CLIENT_ID"),
    clientSecret: text("OURA_CLIENT_SECRET"),
    verificationToken: text("OURA_WEBHOOK_VERIFICATION_TOKEN"),
    callbackUrl: context.callbackUrl,
    now: context.now,
    signal: context.signal,
  });
}

async function call<T>(setup: OuraWebhookSetup, method: string, path: string, body?: unknown): Promise<T> {
  const url = `${setup.apiUrl.replace(/\/+$/, "")}/v2/webhook/subscription${path}`;
  const headers: Record<string, string> = { "x-client-id": setup.clientId, "x-client-secret": setup.clientSecret };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: setup.signal ? AbortSignal.any([setup.signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CommandError("PROVIDER_ERROR", `Oura's webhook subscription API could not be reached: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    // Oura's error bodies are FastAPI's { detail }; never echo the request, which carries the client secret.
    const detail = (() => {
      try {
        const parsed = JSON.parse(text) as { detail?: unknown };
        return typeof parsed.detail === "string" ? parsed.detail : JSON.stringify(parsed.detail ?? "").slice(0, 300);
      } catch {
        return "";
      }
    })();
    const code = response.status === 401 || response.status === 403 ? "UNAUTHORIZED" : response.status === 422 ? "INVALID_INPUT" : "PROVIDER_ERROR";
    throw new CommandError(code, `Oura refused ${method} ${path || "/"} of its webhook subscriptions (HTTP ${response.status})${detail ? `: ${detail}` : ""}.`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CommandError("PROVIDER_ERROR", "Oura's webhook subscription API answered something that is not JSON.");
  }
}
