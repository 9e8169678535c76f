import { CommandError } from "@agx-ext/core";
import { clip, type Runtime } from "@agx-ext/core/host";
import type { Database } from "@agx-ext/db";
import { findTrigger, type TriggerEntry } from "./catalog.js";
import { DeliveryEntity, PollStateEntity, SubscriptionEntity, type SubscriptionRow } from "./entities.js";
import { parseFilter, type EventFilter } from "./filter.js";
import { newId } from "./ids.js";
import { DEFAULT_PARAMS_KEY, paramsKeyOf, parseParams, stableJson } from "./params.js";
import { deliveryHostProblem } from "./url-guard.js";

/** A subscription as callers see it. */
export interface Subscription {
  id: string;
  userId: string;
  trigger: string;
  deliver: { url: string } | { mcp: true };
  filter: EventFilter | null;
  /** Poll triggers with an input schema: the params the subscription's input parsed to (defaults applied); null without. */
  input: Record<string, unknown> | null;
  createdAt: string;
  /** MCP subscriptions: the resource an MCP client reads and subscribes to. */
  resource?: string;
  /** Poll triggers: when the user's trigger was last polled with these params, and the last failure. */
  poll?: { lastPolledAt: string | null; nextPollAt: string; lastError: string | null };
}

/** Most subscriptions one user may hold: each URL one is a delivery per event. */
const MAX_SUBSCRIPTIONS_PER_USER = 100;
const MAX_URL_LENGTH = 2000;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The MCP resource URI of a subscription. */
export const subscriptionResource = (id: string) => `agx://subscriptions/${id}`;

/** Subscriptions per user, in the host database. */
export class SubscriptionStore {
  constructor(
    private readonly database: Database,
    /** The installed extensions, and the loaded code a trigger's input schema is read from. */
    private readonly runtime: () => Runtime,
    /** AGX_WEBHOOK_SECRET: URL deliveries are always signed, so they need it. */
    private readonly secret: () => string | undefined,
    private readonly now: () => Date,
    /** True: URLs may reach loopback, private and link-local addresses (AGX_WEBHOOK_ALLOW_PRIVATE). */
    private readonly allowPrivate: () => boolean = () => false,
  ) {}

  /** Checks and stores `{ trigger, deliver: { url } | { mcp: true }, filter?, input? }`; INVALID_INPUT names what is wrong. */
  async add(userId: string, body: unknown): Promise<Subscription> {
    const refuse = (field: string, message: string) => new CommandError("INVALID_INPUT", message, { details: { fields: [field] } });
    if (!body || typeof body !== "object" || Array.isArray(body))
      throw refuse(
        "(input)",
        'Send { "trigger": "<extension>/<trigger>", "deliver": { "url": "https://..." } or { "mcp": true }, "filter"?: {...}, "input"?: {...} }.',
      );
    const { trigger, deliver, filter, input, ...extra } = body as Record<string, unknown>;
    const unknown = Object.keys(extra);
    if (unknown.length) throw refuse(unknown[0]!, `Unknown field "${clip(unknown[0]!)}": a subscription has trigger, deliver, filter and input.`);
    const entry = findTrigger(this.runtime().extensions, trigger);
    const params = parseParams(entry.qualifiedName, await this.inputSchemaOf(entry), input);
    const target = this.deliveryTarget(deliver);
    if (target.url && !this.allowPrivate()) {
      const problem = await deliveryHostProblem(new URL(target.url).hostname);
      if (problem)
        throw new CommandError(
          "INVALID_INPUT",
          `deliver.url is refused: ${problem}. Deliveries go to public addresses unless the host sets AGX_WEBHOOK_ALLOW_PRIVATE=true.`,
          {
            details: { fields: ["deliver"] },
          },
        );
    }
    const parsedFilter = parseFilter(filter);
    const row: SubscriptionRow = {
      id: newId("sub"),
      userId,
      trigger: entry.qualifiedName,
      url: target.url ?? null,
      mcp: target.mcp,
      filter: parsedFilter ? JSON.stringify(parsedFilter) : null,
      input: entry.inputSchema ? params.json : null,
      paramsKey: params.key,
      createdAt: this.now(),
    };
    await this.database.transaction(async (em) => {
      const count = await em.count(SubscriptionEntity, { userId });
      if (count >= MAX_SUBSCRIPTIONS_PER_USER)
        throw new CommandError(
          "CONFLICT",
          `User "${userId}" already has ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions, the most one user may hold; remove some first.`,
        );
      const same = await em.findOne(
        SubscriptionEntity,
        { userId, trigger: row.trigger, paramsKey: row.paramsKey, url: row.url ?? null, mcp: row.mcp, filter: row.filter ?? null },
        { disableIdentityMap: true },
      );
      if (same) throw new CommandError("CONFLICT", `Subscription ${same.id} already delivers these events there.`, { details: { id: same.id } });
      await em.insert(SubscriptionEntity, row);
    });
    return view(row);
  }

  /** The trigger's input schema, from the extension's code (the manifest says whether there is one). */
  private async inputSchemaOf(entry: TriggerEntry) {
    if (entry.kind !== "poll" || !entry.inputSchema) return undefined;
    const runtime = this.runtime();
    const handle = runtime.extensions.find((e) => e.id === entry.extensionId)!;
    const definition = (await runtime.load(handle)).definition.triggers?.find((t) => t.name === entry.name);
    if (!definition?.input)
      throw new CommandError("NOT_FOUND", `Extension "${entry.extensionId}" no longer has trigger "${clip(entry.name)}" with an input schema.`);
    return definition.input;
  }

  private deliveryTarget(deliver: unknown): { url?: string; mcp: boolean } {
    const refuse = (message: string) => new CommandError("INVALID_INPUT", message, { details: { fields: ["deliver"] } });
    if (!deliver || typeof deliver !== "object" || Array.isArray(deliver)) throw refuse('deliver must be { "url": "https://..." } or { "mcp": true }.');
    const { url, mcp, ...extra } = deliver as Record<string, unknown>;
    if (Object.keys(extra).length || (url === undefined) === (mcp === undefined))
      throw refuse('deliver must be exactly one of { "url": "https://..." } and { "mcp": true }.');
    if (mcp !== undefined) {
      if (mcp !== true) throw refuse("deliver.mcp must be true.");
      return { mcp: true };
    }
    if (typeof url !== "string" || url.length > MAX_URL_LENGTH) throw refuse(`deliver.url must be a URL of at most ${MAX_URL_LENGTH} characters.`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw refuse(`deliver.url "${clip(url)}" is not a URL.`);
    }
    const loopback = LOOPBACK.test(parsed.hostname);
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback))
      throw refuse("deliver.url must be https (plain http only to this machine: localhost, 127.0.0.1, [::1]).");
    if (parsed.username || parsed.password) throw refuse("deliver.url must not carry a user name or password.");
    if (!this.secret())
      throw new CommandError(
        "NOT_CONFIGURED",
        "URL deliveries are signed with AGX_WEBHOOK_SECRET, which this host does not have: set it (a long random string the receiver also knows).",
      );
    return { url: parsed.toString(), mcp: false };
  }

  /** One user's subscriptions (everyone's without a user), oldest first, with their poll state. */
  async list(userId?: string): Promise<Subscription[]> {
    return this.database.read(async (em) => {
      const rows = await em.find(SubscriptionEntity, userId === undefined ? {} : { userId }, {
        orderBy: { createdAt: "asc", id: "asc" },
        disableIdentityMap: true,
      });
      const states = rows.length ? await em.find(PollStateEntity, userId === undefined ? {} : { userId }, { disableIdentityMap: true }) : [];
      const stateOf = new Map(states.map((s) => [`${s.userId}\0${s.trigger}\0${s.paramsKey}`, s]));
      return rows.map((row) => {
        const state = stateOf.get(`${row.userId}\0${row.trigger}\0${row.paramsKey}`);
        return {
          ...view(row),
          ...(state
            ? {
                poll: {
                  lastPolledAt: state.lastPolledAt ? new Date(state.lastPolledAt).toISOString() : null,
                  nextPollAt: new Date(state.nextPollAt).toISOString(),
                  lastError: state.lastError ?? null,
                },
              }
            : {}),
        };
      });
    });
  }

  /** The user's subscription, or NOT_FOUND. */
  async get(userId: string, id: string): Promise<Subscription> {
    const row = await this.database.read((em) => em.findOne(SubscriptionEntity, { id, userId }, { disableIdentityMap: true }));
    if (!row) throw notFound(id, userId);
    return view(row);
  }

  /** Removes a subscription and what it was still owed. Only its user may (anyone, without a user: the CLI admin path). */
  async remove(id: string, userId?: string): Promise<void> {
    await this.database.transaction(async (em) => {
      const removed = await em.nativeDelete(SubscriptionEntity, userId === undefined ? { id } : { id, userId });
      if (removed === 0) throw notFound(id, userId);
      await em.nativeDelete(DeliveryEntity, { subscriptionId: id, status: { $ne: "delivered" } });
    });
  }
}

function notFound(id: string, userId: string | undefined): CommandError {
  return new CommandError("NOT_FOUND", `No subscription "${clip(String(id))}"${userId === undefined ? "" : ` of user "${userId}"`}.`);
}

function view(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    userId: row.userId,
    trigger: row.trigger,
    deliver: row.mcp ? { mcp: true } : { url: row.url ?? "" },
    filter: row.filter ? (JSON.parse(row.filter) as EventFilter) : null,
    input: row.input ? (JSON.parse(row.input) as Record<string, unknown>) : null,
    createdAt: new Date(row.createdAt).toISOString(),
    ...(row.mcp ? { resource: subscriptionResource(row.id) } : {}),
  };
}

/** The key of the poll serving a subscription (its events are the ones recorded with this key). */
export function subscriptionParamsKey(subscription: Pick<Subscription, "input">): string {
  return subscription.input ? paramsKeyOf(stableJson(subscription.input)) : DEFAULT_PARAMS_KEY;
}
