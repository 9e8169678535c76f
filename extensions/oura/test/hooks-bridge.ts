import type { TestHost } from "@agx-ext/testing";
import { startFakeProvider, type FakeProvider } from "@agx-ext/testing/provider";

/**
 * The host's public `/hooks/<extension>/<trigger>` route over real HTTP, for a fake provider to call: each request
 * goes to the test host's webhook receiver, as `agx serve` hands it over, and its answer goes back.
 */
export function startHooksBridge(host: TestHost): Promise<FakeProvider> {
  return startFakeProvider({
    routes: {
      "* /hooks/:extension/:trigger": async (req) => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
        const answer = await host.services.events.webhooks.receive(req.params.extension!, req.params.trigger!, {
          method: req.method,
          headers,
          query: Object.fromEntries(req.query),
          rawBody: req.rawBody,
        });
        return answer.type === "text" ? { status: answer.status, text: String(answer.body) } : { status: answer.status, json: answer.body };
      },
    },
  });
}
