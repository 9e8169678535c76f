import { randomBytes } from "node:crypto";
import { isCommandError, z, type Logger, type TriggerJson, type WebhookRequest, type WebhookResult } from "@agx-ext/core";
import type { GoogleClient } from "../shared/google-client.js";
import { parseResource } from "../shared/lenient.js";

/** The webhook trigger Google's Calendar notifications arrive at: `<public url>/hooks/google/Calendar%20Push`. */
export const CALENDAR_PUSH = "Calendar Push";
/** The poll trigger a notification wakes. */
export const STARTING_SOON = "Event Starting Soon";

/** Lifetime asked for each channel (Google may grant less); the poll renews a channel a day before it ends. */
const TTL_SECONDS = 7 * 86_400;
const RENEW_BEFORE_MS = 86_400_000;
/** After Google refused a channel, polling goes on alone and a new channel is asked for only after this. */
const RETRY_AFTER_MS = 3_600_000;

/** The push channel a poll keeps in its cursor. `key` stays the same through renewals; `serial` counts them. */
export const channelSchema = z.object({
  key: z.string().regex(/^[0-9a-f]{32}$/),
  serial: z.number().int().min(0).max(999_999_999),
  id: z.string().min(1).max(64),
  resourceId: z.string().min(1).max(1000),
  expiration: z.number(),
  address: z.string().max(2000),
});
type PushChannel = z.output<typeof channelSchema>;

/**
 * The provider account the poll reports for its channel (PollResult.account) and a notification names in its wake:
 * one per poll (user, calendar, minutes), the same through renewals, so the host's account row maps the channel to
 * the user whatever the user's other Google triggers report.
 */
export const channelAccount = (key: string): string => `calendar-channel:${key}`;
const channelId = (key: string, serial: number) => `agx-${key}-${serial}`;
/** The account of a channel id this extension made, or undefined for any other id. */
function accountOfChannelId(id: string | undefined): string | undefined {
  const match = /^agx-([0-9a-f]{32})-\d{1,9}$/.exec(id ?? "");
  return match ? channelAccount(match[1]!) : undefined;
}

const watchAnswer = z.object({
  id: z.string(),
  resourceId: z.string().min(1).max(1000),
  expiration: z.union([z.string().regex(/^\d{1,16}$/), z.number()]).optional(),
});

/** What keeping a channel needs from the call: where the host is reachable, the channel token, the clock, a logger. */
export interface ChannelContext {
  client: GoogleClient;
  /** `<calendar base>/calendar/v3` */
  apiBase: string;
  calendarId: string;
  publicUrl: string | undefined;
  token: string | undefined;
  now: number;
  logger: Logger;
}

/** The channel state a poll keeps: the live channel, and when to try again after Google refused one. */
export interface ChannelState {
  channel?: PushChannel;
  retryAt?: number;
}

/** Where Google must send the notifications, or undefined when the host has no https public URL (polling only). */
function pushAddress(publicUrl: string | undefined): string | undefined {
  if (!publicUrl) return undefined;
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:") return undefined;
  return `${publicUrl.replace(/\/+$/, "")}/hooks/google/${encodeURIComponent(CALENDAR_PUSH)}`;
}

async function stopChannel(ctx: ChannelContext, channel: PushChannel): Promise<void> {
  try {
    await ctx.client.call<unknown>(`${ctx.apiBase}/channels/stop`, {
      product: "calendar",
      api: "calendar.channels.stop",
      method: "POST",
      json: { id: channel.id, resourceId: channel.resourceId },
      what: `push channel ${channel.id}`,
    });
  } catch (error) {
    // A channel Google no longer knows has ended anyway; any other failure only means notifications until it expires.
    ctx.logger.warn("calendar push channel not stopped", { channel: channel.id, code: isCommandError(error) ? error.code : "INTERNAL" });
  }
}

/**
 * Keeps a push channel on the calendar's events while the host has an https public URL and a channel token: creates
 * one (events.watch, type web_hook, the host-wide token), renews it a day before it expires (a new channel with the
 * same key, then channels.stop for the old one), and stops it when the host no longer can receive notifications.
 * Google refusing a channel never fails the poll: it logs, polls alone, and asks again an hour later.
 */
export async function keepChannel(ctx: ChannelContext, state: ChannelState): Promise<ChannelState> {
  const address = pushAddress(ctx.publicUrl);
  const current = state.channel && state.channel.expiration > ctx.now ? state.channel : undefined;
  if (!address || !ctx.token) {
    if (current) await stopChannel(ctx, current);
    return {};
  }
  if (current && current.address === address && current.expiration - ctx.now > RENEW_BEFORE_MS) return { channel: current };
  if (state.retryAt !== undefined && ctx.now < state.retryAt) return { ...(current ? { channel: current } : {}), retryAt: state.retryAt };

  const key = state.channel?.key ?? randomBytes(16).toString("hex");
  const serial = state.channel ? state.channel.serial + 1 : 0;
  const id = channelId(key, serial);
  let answer: z.output<typeof watchAnswer>;
  try {
    const body = await ctx.client.call<unknown>(`${ctx.apiBase}/calendars/${encodeURIComponent(ctx.calendarId)}/events/watch`, {
      product: "calendar",
      api: "calendar.events.watch",
      method: "POST",
      json: { id, type: "web_hook", address, token: ctx.token, params: { ttl: String(TTL_SECONDS) } },
      what: `calendar ${ctx.calendarId}`,
    });
    answer = parseResource(watchAnswer, body, "calendar", "push channel");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.warn("calendar push channel not created; polling only for now", {
      code: isCommandError(error) ? error.code : "INTERNAL",
      // Google's words say why (an address it refuses...); a provider echoing the channel token must not log it.
      message: ctx.token ? message.split(ctx.token).join("[redacted]") : message,
    });
    return { ...(current ? { channel: current } : {}), retryAt: ctx.now + RETRY_AFTER_MS };
  }
  const expiration = answer.expiration === undefined ? ctx.now + TTL_SECONDS * 1000 : Number(answer.expiration);
  const channel: PushChannel = { key, serial, id, resourceId: answer.resourceId, expiration, address };
  if (current) await stopChannel(ctx, current);
  return { channel };
}

/** The channel state as cursor JSON. */
export function channelJson(state: ChannelState): { [key: string]: TriggerJson } {
  return { ...(state.channel ? { channel: { ...state.channel } } : {}), ...(state.retryAt !== undefined ? { retryAt: state.retryAt } : {}) };
}

/** Resource states that mean the calendar's events changed; `sync` only confirms a new channel. */
const CHANGED = new Set(["exists", "not_exists"]);

/**
 * Maps a verified Calendar notification (its x-goog-channel-token already checked by the host) to a wake of the
 * Event Starting Soon poll that owns the channel. Google's notification says only that something changed, so it
 * records no events; a channel id this extension did not make, or a `sync` message, asks for nothing.
 */
export function calendarPushResult(request: WebhookRequest): WebhookResult<Record<string, never>> {
  const account = accountOfChannelId(request.headers["x-goog-channel-id"]);
  const state = request.headers["x-goog-resource-state"];
  if (!account || !state || !CHANGED.has(state)) return { events: [] };
  return { events: [], wake: [{ trigger: STARTING_SOON, account }] };
}
