import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { webhookSignature } from "@agx-ext/auth/host";
import { startFakeProvider, type FakeProvider, type FakeRequest } from "@agx-ext/testing/provider";
import { makeHostDir } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const SIGNALS_FIXTURE = resolve(here, "fixtures/signals");
const WORKOUT_TRACKER = resolve(here, "../../../extensions/workout-tracker");
export const WEBHOOK_SECRET = "events-test-webhook-secret-0123456789";
export const SIGNALS_SECRET = "signals-provider-secret-9876543210";

/** A host directory with the signals fixture and the workout tracker installed. */
export function eventsHostDir(): Promise<string> {
  return makeHostDir({ signals: SIGNALS_FIXTURE, "workout-tracker": WORKOUT_TRACKER });
}

/** A subscriber's endpoint: records what arrives, answers 200 unless told to fail. */
export interface Receiver {
  provider: FakeProvider;
  url: string;
  /** Event bodies received, in order. */
  received(): { id: string; trigger: string; userId: string; data: unknown }[];
  /** True when every request's signature is right under the host's AGX_WEBHOOK_SECRET. */
  allSigned(): boolean;
}

export async function startReceiver(delayMs = 0): Promise<Receiver> {
  const provider = await startFakeProvider({
    routes: {
      "POST /receive": async () => {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        return { json: { ok: true } };
      },
    },
  });
  const answered = (r: FakeRequest) => r.path === "/receive";
  return {
    provider,
    url: `${provider.url}/receive`,
    received: () => provider.requests.filter(answered).map((r) => JSON.parse(r.rawBody) as { id: string; trigger: string; userId: string; data: unknown }),
    allSigned: () =>
      provider.requests
        .filter(answered)
        .every(
          (r) =>
            r.headers["x-agx-signature"] === webhookSignature(WEBHOOK_SECRET, String(r.headers["x-agx-timestamp"]), r.rawBody) &&
            r.headers["x-agx-event-id"] === (JSON.parse(r.rawBody) as { id: string }).id,
        ),
  };
}

/** The signals provider's feed: per user, a list of signals; counts the polls. */
export async function startSignalsFeed(): Promise<{
  provider: FakeProvider;
  add(user: string, id: string, level?: string): void;
  polls(user: string): number;
}> {
  const feeds = new Map<string, { id: string; level: string; text: string }[]>();
  const provider = await startFakeProvider({
    routes: {
      "GET /feed/:user": (request) => {
        const items = feeds.get(request.params.user!) ?? [];
        const after = Number(request.query.get("after") || 0);
        return { json: { items: items.slice(after), next: items.length, account: `acct-${request.params.user}` } };
      },
    },
  });
  return {
    provider,
    add: (user, id, level = "alarm") => feeds.set(user, [...(feeds.get(user) ?? []), { id, level, text: `signal ${id}` }]),
    polls: (user) => provider.requests.filter((r) => r.path === `/feed/${user}`).length,
  };
}

/** Waits until `check` holds, polling; fails after a generous bound (the machine is shared and slow). */
export async function until(check: () => boolean | Promise<boolean>, what: string, boundMs = 20_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A provider's signed push to the signals webhook. */
export function signedPush(body: unknown, options: { secret?: string; at?: Date } = {}): { headers: Record<string, string>; rawBody: string } {
  const rawBody = typeof body === "string" ? body : JSON.stringify(body);
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  return {
    rawBody,
    headers: {
      "content-type": "application/json",
      "x-signals-timestamp": timestamp,
      "x-signals-signature": webhookSignature(options.secret ?? SIGNALS_SECRET, timestamp, rawBody),
    },
  };
}
