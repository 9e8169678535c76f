import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ListResourcesRequestSchema, ReadResourceRequestSchema, SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { CommandError } from "@agx-ext/core";
import { eventView, subscriptionParamsKey, subscriptionResource, type HostEvents, type Subscription } from "@agx-ext/services";

export interface EventResourceOptions {
  events: HostEvents;
  userId: string;
  /**
   * True on transports that keep a session (stdio): clients may `resources/subscribe` and get
   * `notifications/resources/updated`. The stateless HTTP endpoint lists and reads the resources only.
   */
  updates: boolean;
  /** How often subscribed resources are checked for events other hosts recorded (default 2 s). */
  watchIntervalMs?: number;
}

const PREFIX = "agx://subscriptions/";
/** Events a resource read returns, newest first. */
const READ_LIMIT = 20;

/**
 * Each of the user's MCP subscriptions (`deliver: { mcp: true }`) is a resource, `agx://subscriptions/<id>`,
 * whose contents are its latest events as JSON. A client that subscribes to it is notified when a newer event
 * arrives: at once for events this process records, within the watch interval for those of other hosts.
 */
export function registerEventResources(server: Server, options: EventResourceOptions): void {
  const { events, userId } = options;
  const subscriptionOf = async (uri: string): Promise<Subscription> => {
    if (!uri.startsWith(PREFIX)) throw new CommandError("NOT_FOUND", `No resource "${uri.slice(0, 100)}": event resources are ${PREFIX}<subscription id>.`);
    const subscription = await events.subscriptions.get(userId, uri.slice(PREFIX.length));
    if (!("mcp" in subscription.deliver)) throw new CommandError("NOT_FOUND", `Subscription ${subscription.id} delivers to a URL, not to MCP.`);
    return subscription;
  };
  const latest = (subscription: Subscription, limit: number) =>
    events.feed.latest(
      userId,
      subscription.trigger,
      new Date(subscription.createdAt),
      subscription.filter ?? undefined,
      limit,
      subscriptionParamsKey(subscription),
    );

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await events.subscriptions.list(userId))
      .filter((s) => "mcp" in s.deliver)
      .map((s) => ({
        uri: subscriptionResource(s.id),
        name: s.trigger,
        description: `Latest events of ${s.trigger}${s.filter ? ` matching ${JSON.stringify(s.filter)}` : ""}, newest first.`,
        mimeType: "application/json",
      })),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const subscription = await subscriptionOf(request.params.uri);
    const rows = await latest(subscription, READ_LIMIT);
    return {
      contents: [
        {
          uri: request.params.uri,
          mimeType: "application/json",
          text: JSON.stringify({ subscription: subscription.id, trigger: subscription.trigger, events: rows.map(eventView) }, null, 2),
        },
      ],
    };
  });

  if (!options.updates) return;
  /** Subscribed URIs with the newest event id seen so far. */
  const watched = new Map<string, { subscription: Subscription; newest: string | undefined }>();
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  const check = () => {
    checking ??= (async () => {
      for (const [uri, watch] of watched) {
        const [newest] = await latest(watch.subscription, 1);
        if (newest && newest.id !== watch.newest) {
          watch.newest = newest.id;
          await server.sendResourceUpdated({ uri });
        }
      }
    })()
      .catch(() => undefined) // a closed transport or a passing database error: the next check tries again
      .finally(() => (checking = undefined));
    return checking;
  };
  const stopLocal = events.feed.onRecorded((recorded) => {
    if (recorded.some((e) => e.userId === userId)) void check();
  });
  const stopWatching = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const subscription = await subscriptionOf(request.params.uri);
    const [newest] = await latest(subscription, 1);
    watched.set(request.params.uri, { subscription, newest: newest?.id });
    timer ??= setInterval(() => void check(), options.watchIntervalMs ?? 2_000).unref();
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    watched.delete(request.params.uri);
    if (watched.size === 0) stopWatching();
    return {};
  });
  const previousOnClose = server.onclose;
  server.onclose = () => {
    stopWatching();
    stopLocal();
    previousOnClose?.();
  };
}
