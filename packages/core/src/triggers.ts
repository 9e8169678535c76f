import type { z } from "zod";
import type { Logger } from "./logger.js";
import { TRIGGERS_KEY, type TriggerMarked } from "./trigger-metadata.js";

/** A JSON value: what a poll cursor and an event's data may hold. */
export type TriggerJson = string | number | boolean | null | TriggerJson[] | { [key: string]: TriggerJson };

/** One thing that happened. `id` is stable: the same happening always gets the same id, so the host can drop repeats. */
export interface TriggerEvent<T = unknown> {
  /** Unique within the trigger and user (a provider's object id, or e.g. `2024-02-28:push-ups`). At most 200 characters. */
  id: string;
  /** Matches the trigger's output schema; events that do not are dropped (and logged). */
  data: T;
}

/**
 * What a poll trigger receives: the cursor it returned last time for this user and these params (null on the first
 * poll), and the params of the subscriptions being served. P is the output of the trigger's `input` schema.
 */
export interface PollInput<P = Record<string, never>> {
  cursor: TriggerJson | null;
  /**
   * The subscription's parameters, parsed by the trigger's `input` schema (`{}` for a trigger without one). The host
   * polls once per (user, trigger, params): subscriptions with equal params share the poll and its cursor.
   */
  params: P;
  /** True when a webhook of the same extension asked for this poll (see WebhookResult.wake), false on the schedule. */
  woken: boolean;
}

/** What a poll trigger returns: the new events and the cursor the next poll gets. */
export interface PollResult<T = unknown> {
  events: TriggerEvent<T>[];
  cursor: TriggerJson | null;
  /** The user's account id at the provider, when the poll learned it: webhook events naming this account reach this user. */
  account?: string;
}

/**
 * HMAC signature check of a provider's request. The signed text is the raw body, or the timestamp header's value
 * then the body (joined by `timestampSeparator`); the header holds `prefix` + the digest. With a timestamp,
 * requests older (or newer) than `toleranceSeconds` are refused as replays.
 */
export interface WebhookSignature {
  /** Host-wide setting holding the shared key (declare it in the extension's settings schema, as secret). */
  setting: string;
  /** Request header carrying the signature, e.g. "x-oura-signature". */
  header: string;
  algorithm?: "sha256" | "sha1";
  encoding?: "hex" | "base64";
  /** Text before the digest in the header, e.g. "sha256=". */
  prefix?: string;
  /** Header with the request's time (Unix seconds or ISO 8601), signed before the body. */
  timestampHeader?: string;
  /** What joins the timestamp and the body in the signed text (default ""). */
  timestampSeparator?: string;
  /** How far the timestamp may be from the host's clock (default 300 s). */
  toleranceSeconds?: number;
}

/** A secret the provider sends back as is, in a header or a query parameter of the URL it was given. */
export interface WebhookSharedSecret {
  setting: string;
  header?: string;
  query?: string;
}

/**
 * The provider's verification GET (Oura: `?verification_token=...&challenge=...`): the host answers the
 * `challenge` query parameter, after checking the token against `tokenSetting` when both are given.
 */
export interface WebhookChallenge {
  /** Query parameter carrying the value to echo. */
  query: string;
  /** Query parameter carrying the verification token the provider was given. */
  tokenQuery?: string;
  /** Host-wide setting holding the expected verification token. */
  tokenSetting?: string;
  /** `json` answers `{ "<query>": value }` (default), `text` the bare value. */
  respond?: "json" | "text";
}

/** How the host checks that a webhook request really comes from the provider. A signature or a shared secret is required. */
export interface WebhookVerification {
  signature?: WebhookSignature;
  sharedSecret?: WebhookSharedSecret;
  challenge?: WebhookChallenge;
}

/** A provider's request as a webhook trigger sees it, after verification. */
export interface WebhookRequest {
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  rawBody: string;
  receivedAt: Date;
}

/** One event of a webhook request, with whom it belongs to: a host user id, or the provider account a poll reported. */
export type WebhookEvent<T = unknown> = TriggerEvent<T> & ({ userId: string; account?: never } | { account: string; userId?: never });

/**
 * A poll a webhook asks the host to run now, for a user or for the users whose polls reported `account`: a push
 * notification that says only "something changed" (Google Calendar's channels) wakes the poll that reads what.
 */
export type WebhookWake = { trigger: string } & ({ userId: string; account?: never } | { account: string; userId?: never });

export interface WebhookResult<T = unknown> {
  events: WebhookEvent<T>[];
  /** Poll triggers of the same extension to run now (their next poll gets `woken: true`). */
  wake?: WebhookWake[];
}

/** What a webhook trigger's `setup` receives. */
export interface WebhookSetupContext {
  /** Where the provider must send this trigger's requests: `<AGX_PUBLIC_URL>/hooks/<extension id>/<trigger name, URL-encoded>`. */
  callbackUrl: string;
  /** The extension's host-wide settings (defaults applied); secrets included: never log or return them. */
  settings: Readonly<Record<string, unknown>>;
  signal: AbortSignal;
  logger: Logger;
  now: () => Date;
}

/** What a setup run did, in the provider's ids; the host logs it and shows it in `agx jobs`. */
export interface WebhookSetupReport {
  created: string[];
  renewed: string[];
  kept: string[];
}

export type TriggerKind = "poll" | "webhook";

/** A trigger's declaration. O is its output schema: every event's `data` is its output. */
export interface TriggerOptions<K extends TriggerKind = TriggerKind, O extends z.ZodType = z.ZodType, I extends z.ZodType | undefined = z.ZodType | undefined> {
  /** The name subscribers use, e.g. "Daily Goal Met"; qualified as "<extension id>/<name>". */
  name: string;
  description: string;
  kind: K;
  /** zod schema of each event's `data`; published as JSON Schema in the manifest. */
  output: O;
  /** Poll triggers: how often the host polls each subscribed user, e.g. "5m", "1h" (default "5m", at least "1m"). */
  every?: string;
  /** Webhook triggers: how the host verifies the provider's requests. */
  verify?: WebhookVerification;
  /**
   * Poll triggers: zod schema of a subscription's parameters (e.g. a Gmail search query, minutes before an event),
   * given as `subscription.input` and passed to the poll as `params`. Published as JSON Schema in the manifest.
   */
  input?: I;
  /**
   * Webhook triggers whose provider needs the callback registered (Oura's webhook subscriptions): makes the
   * provider's registrations match this trigger and renews those about to expire. The host runs it when it starts
   * with an https public URL and then daily, once across hosts; it uses app credentials, never a user's token.
   */
  setup?: (context: WebhookSetupContext) => Promise<WebhookSetupReport>;
  /** Settings the trigger needs beyond those the settings schema requires. */
  requires?: readonly string[];
}

export interface TriggerDefinition extends TriggerOptions {
  /** Name of the method on the extension class. */
  method: string | symbol;
}

/** The method a poll trigger with output O must be: cursor (and params) in, events of z.output<O> and the next cursor out. */
export type PollMethod<O extends z.ZodType, P = Record<string, never>> = (input: PollInput<P>) => PollResult<z.output<O>> | Promise<PollResult<z.output<O>>>;

/**
 * The method a webhook trigger with output O must be. It runs without a user (no injected services: `this`
 * has the class's methods but its constructor did not run) and only maps the verified request to events.
 */
export type WebhookMethod<O extends z.ZodType> = (request: WebhookRequest) => WebhookResult<z.output<O>> | Promise<WebhookResult<z.output<O>>>;

/** The params a poll trigger with input schema I receives. */
type PollParams<I> = I extends z.ZodType ? z.output<I> : Record<string, never>;

export type TriggerMethod<K extends TriggerKind, O extends z.ZodType, I = undefined> = K extends "poll" ? PollMethod<O, PollParams<I>> : WebhookMethod<O>;

/**
 * Marks a method as a trigger. A poll trigger takes `PollInput` and returns `PollResult<z.output<typeof output>>`;
 * a webhook trigger takes `WebhookRequest` and returns `WebhookResult<z.output<typeof output>>` (directly or as a
 * promise): nothing else compiles.
 */
export function Trigger<K extends TriggerKind, O extends z.ZodType, I extends z.ZodType | undefined = undefined>(options: TriggerOptions<K, O, I>) {
  return <M extends TriggerMethod<K, O, I>>(prototype: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<M>): void => {
    const ctor = prototype.constructor as TriggerMarked;
    const own = Object.prototype.hasOwnProperty.call(ctor, TRIGGERS_KEY) ? ctor[TRIGGERS_KEY]! : [];
    if (own.length === 0) Object.defineProperty(ctor, TRIGGERS_KEY, { value: own, enumerable: false });
    own.push({ ...(options as TriggerOptions), method });
  };
}
