import { CommandError, isCommandError, type Logger, type WebhookRequest } from "@agx-ext/core";
import { clip, isValidUserId, type Runtime, type SettingsSource, type TriggerDefinition } from "@agx-ext/core/host";
import type { Database } from "@agx-ext/db";
import { findTrigger, listTriggers } from "./catalog.js";
import { SubscriptionEntity, TriggerAccountEntity, type EventRow } from "./entities.js";
import { checkedEvents } from "./event-check.js";
import { recordEvents } from "./record.js";
import { sameSecret, verifyWebhook } from "./verify-webhook.js";
import { checkedWakes, wakePolls, type PollWake } from "./wake.js";

/** A provider's request as the HTTP route hands it over. */
export interface IncomingWebhook {
  method: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: string;
}

/** What the route answers the provider. */
export interface WebhookAnswer {
  status: number;
  body: unknown;
  /** "text" answers a challenge with the bare value. */
  type?: "json" | "text";
}

/**
 * Receives provider requests for webhook triggers (/hooks/<extension>/<trigger>): answers the verification
 * challenge, verifies the request as the trigger declares, lets the trigger map it to events and users, and records
 * the events of subscribed users. The trigger method runs without a user: an instance whose constructor did not
 * run, so it maps the request and nothing more.
 */
export class WebhookReceiver {
  constructor(
    private readonly database: Database,
    private readonly runtime: () => Runtime,
    private readonly settings: SettingsSource,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly onRecorded: (events: EventRow[]) => void,
    /** Called when the request woke polls (WebhookResult.wake), after its transaction committed: run them soon. */
    private readonly onWoken: () => void = () => undefined,
  ) {}

  async receive(extensionId: string, triggerName: string, request: IncomingWebhook): Promise<WebhookAnswer> {
    const entry = findTrigger(this.runtime().extensions, `${extensionId}/${triggerName}`);
    if (entry.kind !== "webhook") throw new CommandError("NOT_FOUND", `Trigger "${entry.qualifiedName}" is polled by the host; it takes no webhooks.`);
    const definition = await this.definitionOf(entry.extensionId, entry.name);
    const verify = definition.verify!;
    if (request.method === "GET") return this.challenge(definition, request);
    const verdict = verifyWebhook(verify, request, this.settings, this.now());
    if (!verdict.ok) {
      this.logger.warn("webhook refused", { trigger: entry.qualifiedName, reason: verdict.reason });
      if (verdict.status === 200)
        return { status: 200, body: { ok: true, accepted: 0, ignored: "the request's timestamp is outside the accepted window (a replay)" } };
      if (verdict.status === 503)
        return { status: 503, body: { ok: false, error: { code: "NOT_CONFIGURED", message: "This trigger's verification is not configured on the host." } } };
      return { status: 401, body: { ok: false, error: { code: "UNAUTHORIZED", message: `The request could not be verified: ${verdict.reason}.` } } };
    }
    const handle = this.runtime().extensions.find((e) => e.id === entry.extensionId)!;
    const target = (await this.runtime().load(handle)).definition.target;
    const mapping: WebhookRequest = {
      method: request.method,
      headers: request.headers,
      query: request.query,
      body: parseJson(request.rawBody),
      rawBody: request.rawBody,
      receivedAt: this.now(),
    };
    let answer: { events?: unknown; wake?: unknown };
    try {
      // No constructor: a webhook has no user, so there is nothing to inject.
      const bare = Object.create(target.prototype as object) as Record<string | symbol, (request: WebhookRequest) => unknown>;
      answer = (await bare[definition.method]!(mapping)) as { events?: unknown; wake?: unknown };
    } catch (error) {
      if (isCommandError(error) && error.code === "INVALID_INPUT")
        return { status: 400, body: { ok: false, error: { code: error.code, message: error.message } } };
      this.logger.error("webhook trigger failed", { trigger: entry.qualifiedName, error: (error as Error).message });
      return {
        status: 500,
        body: { ok: false, error: { code: "INTERNAL", message: "The trigger could not read the request; the host log has the details." } },
      };
    }
    const events = checkedEvents<{ id: string; data: unknown; userId?: unknown; account?: unknown }>(
      definition,
      entry.qualifiedName,
      answer?.events,
      this.logger,
    );
    const polls = new Set(
      listTriggers(this.runtime().extensions)
        .filter((t) => t.extensionId === entry.extensionId && t.kind === "poll")
        .map((t) => t.qualifiedName),
    );
    const wakes = checkedWakes(answer?.wake, entry.extensionId, polls, entry.qualifiedName, this.logger);
    return { status: 200, body: { ok: true, ...(await this.record(entry.extensionId, entry.qualifiedName, events, wakes)) } };
  }

  /** The verification GET: echoes the challenge once the verification token (when declared) matches. */
  private challenge(definition: TriggerDefinition, request: IncomingWebhook): WebhookAnswer {
    const challenge = definition.verify?.challenge;
    const value = challenge && request.query[challenge.query];
    if (!challenge || !value) return { status: 405, body: { ok: false, error: { code: "INVALID_INPUT", message: "This webhook takes POST requests." } } };
    if (challenge.tokenQuery && challenge.tokenSetting) {
      const expected = this.settings.get(challenge.tokenSetting);
      const given = request.query[challenge.tokenQuery];
      if (!expected || !given || !sameSecret(given, expected))
        return { status: 401, body: { ok: false, error: { code: "UNAUTHORIZED", message: "The verification token does not match." } } };
    }
    return challenge.respond === "text" ? { status: 200, body: value, type: "text" } : { status: 200, body: { [challenge.query]: value } };
  }

  /**
   * Resolves each event's user (directly or through the account a poll reported) and records those of subscribed
   * users; marks the polls the request wakes due now.
   */
  private async record(extensionId: string, trigger: string, events: { id: string; data: unknown; userId?: unknown; account?: unknown }[], wakes: PollWake[]) {
    const now = this.now();
    let unmatched = 0;
    let woken = 0;
    const recorded = await this.database.transaction(async (em) => {
      woken = await wakePolls(em, extensionId, wakes, now);
      const accounts = events.map((e) => e.account).filter((a): a is string => typeof a === "string");
      const owners = new Map(
        accounts.length
          ? (await em.find(TriggerAccountEntity, { extensionId, account: { $in: accounts } }, { disableIdentityMap: true })).map((a) => [a.account, a.userId])
          : [],
      );
      const byUser = new Map<string, { id: string; data: unknown }[]>();
      for (const event of events) {
        const userId = typeof event.userId === "string" ? event.userId : typeof event.account === "string" ? owners.get(event.account) : undefined;
        if (!userId || !isValidUserId(userId)) {
          unmatched++;
          continue;
        }
        byUser.set(userId, [...(byUser.get(userId) ?? []), { id: event.id, data: event.data }]);
      }
      const subscribed = new Set(
        byUser.size
          ? (await em.find(SubscriptionEntity, { trigger, userId: { $in: [...byUser.keys()] } }, { fields: ["userId"], disableIdentityMap: true })).map(
              (s) => s.userId,
            )
          : [],
      );
      const fresh: EventRow[] = [];
      for (const [userId, ofUser] of byUser) {
        if (!subscribed.has(userId)) {
          unmatched += ofUser.length;
          continue;
        }
        fresh.push(...(await recordEvents(em, trigger, userId, ofUser, now)));
      }
      return fresh;
    });
    if (recorded.length) this.onRecorded(recorded);
    if (woken) this.onWoken();
    const matched = events.length - unmatched;
    return { accepted: recorded.length, duplicates: matched - recorded.length, unmatched, ...(wakes.length ? { woken } : {}) };
  }

  private async definitionOf(extensionId: string, name: string): Promise<TriggerDefinition> {
    const runtime = this.runtime();
    const handle = runtime.extensions.find((e) => e.id === extensionId)!;
    const trigger = (await runtime.load(handle)).definition.triggers?.find((t) => t.name === name);
    if (!trigger) throw new CommandError("NOT_FOUND", `Extension "${extensionId}" no longer has trigger "${clip(name)}".`);
    return trigger;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
