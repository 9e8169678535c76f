import type { FakeProvider } from "@agx-ext/testing/provider";
import { googleError } from "./google-errors.js";

/** A push channel the fake Calendar holds, as events.watch made it. */
interface FakeChannel {
  id: string;
  resourceId: string;
  address: string;
  token?: string;
  calendarId: string;
  /** Unix ms. */
  expiration: number;
  stopped: boolean;
  /** Notifications sent so far (Google numbers them per channel, starting with the `sync` message). */
  messages: number;
}

export interface FakeChannels {
  channels: Map<string, FakeChannel>;
  /** The fake's clock for expirations (default the real one). */
  clock: () => Date;
  /** Lifetime Google grants at most, in seconds, whatever `params.ttl` asks (default a week). */
  maxTtlSeconds: number;
  /** The headers Google sends to the channel's address for a change (`exists`) or its first message (`sync`). */
  notification(channelId: string, state?: "sync" | "exists" | "not_exists"): Record<string, string>;
}

const CHANNEL_ID = /^[A-Za-z0-9\-_+/=]{1,64}$/;

/**
 * Calendar's push channels (events.watch, channels.stop) on the fake Calendar, with Google's checks: a channel id
 * of its charset and unique among live channels, type web_hook, an https address, a token of at most 256 characters.
 */
export function addChannelRoutes(provider: FakeProvider, calendarExists: (id: string) => boolean): FakeChannels {
  const channels = new Map<string, FakeChannel>();
  const state = { clock: () => new Date(), maxTtlSeconds: 604_800 };
  let resources = 0;

  provider.route("POST /calendar/v3/calendars/:calendarId/events/watch", (req) => {
    const calendarId = req.params.calendarId!;
    if (!calendarExists(calendarId)) return googleError(404, "Not Found", "notFound");
    const body = (req.body ?? {}) as { id?: unknown; type?: unknown; address?: unknown; token?: unknown; params?: { ttl?: unknown } };
    if (typeof body.id !== "string" || !CHANNEL_ID.test(body.id)) return googleError(400, "Invalid channel id.", "invalid");
    const live = channels.get(body.id);
    if (live && !live.stopped && live.expiration > state.clock().getTime()) return googleError(400, `Channel id ${body.id} not unique`, "channelIdNotUnique");
    if (body.type !== "web_hook" && body.type !== "webhook") return googleError(400, "Invalid channel type.", "invalid");
    if (typeof body.address !== "string" || !body.address.startsWith("https://"))
      return googleError(400, `WebHook callback must be HTTPS: ${String(body.address)}`, "push.webhookUrlNotHttps");
    if (body.token !== undefined && (typeof body.token !== "string" || body.token.length > 256)) return googleError(400, "Invalid channel token.", "invalid");
    const ttl = Math.min(Number(body.params?.ttl ?? state.maxTtlSeconds) || state.maxTtlSeconds, state.maxTtlSeconds);
    const channel: FakeChannel = {
      id: body.id,
      resourceId: `res-${calendarId.replace(/[^A-Za-z0-9]/g, "")}-${++resources}`,
      address: body.address,
      ...(typeof body.token === "string" ? { token: body.token } : {}),
      calendarId,
      expiration: state.clock().getTime() + ttl * 1000,
      stopped: false,
      messages: 0,
    };
    channels.set(channel.id, channel);
    return {
      json: {
        kind: "api#channel",
        id: channel.id,
        resourceId: channel.resourceId,
        resourceUri: `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
        ...(channel.token ? { token: channel.token } : {}),
        expiration: String(channel.expiration),
      },
    };
  });

  provider.route("POST /calendar/v3/channels/stop", (req) => {
    const body = (req.body ?? {}) as { id?: unknown; resourceId?: unknown };
    const channel = typeof body.id === "string" ? channels.get(body.id) : undefined;
    if (!channel || channel.resourceId !== body.resourceId || channel.stopped)
      return googleError(404, `Channel '${String(body.id)}' not found for project`, "notFound");
    channel.stopped = true;
    return { status: 204 };
  });

  return {
    channels,
    get clock() {
      return state.clock;
    },
    set clock(value: () => Date) {
      state.clock = value;
    },
    get maxTtlSeconds() {
      return state.maxTtlSeconds;
    },
    set maxTtlSeconds(value: number) {
      state.maxTtlSeconds = value;
    },
    notification(channelId, resourceState = "exists") {
      const channel = channels.get(channelId);
      if (!channel) throw new Error(`no channel ${channelId}`);
      return {
        "x-goog-channel-id": channel.id,
        ...(channel.token ? { "x-goog-channel-token": channel.token } : {}),
        "x-goog-channel-expiration": new Date(channel.expiration).toUTCString(),
        "x-goog-resource-id": channel.resourceId,
        "x-goog-resource-uri": `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(channel.calendarId)}/events?alt=json`,
        "x-goog-resource-state": resourceState,
        "x-goog-message-number": String(++channel.messages),
      };
    },
  };
}
