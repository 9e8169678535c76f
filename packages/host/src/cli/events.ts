import { setTimeout as sleep } from "node:timers/promises";
import { eventView, type FeedPosition } from "@agx-ext/services";
import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";

/** How often tail reads the events table (any host sharing the database may record events). */
const TAIL_INTERVAL_MS = 1_000;

/**
 * agx events tail [--user <id>]: prints events as they are recorded, one JSON line each, until interrupted.
 * agx events failed [--user <id>] [--json]: deliveries that ran out of retries. agx events replay <delivery id>.
 */
export const events: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("events", args);
  const [action, id, ...extra] = positionals;
  const valid = extra.length === 0 && ((action === "replay" && id) || ((action === "tail" || action === "failed") && !id));
  if (!valid) throw usageError("events");
  const agx = await host();
  await agx.start();
  const service = agx.services.events;
  if (action === "replay") {
    await service.deliveries.replay(id!, values.user);
    io.out(`Delivery ${id} is queued again (agx serve delivers it within a minute, with another 24 h of retries).`);
    return EXIT.ok;
  }
  if (action === "failed") {
    const failed = await service.deliveries.failed(values.user);
    if (values.json) io.out(JSON.stringify(failed, null, 2));
    else if (failed.length === 0) io.out("No failed deliveries.");
    else
      io.out(
        table(
          ["DELIVERY", "TRIGGER", "USER", "URL", "ATTEMPTS", "LAST ERROR"],
          failed.map((f) => [f.id, f.trigger, f.userId, f.url, String(f.attempts), f.lastError ?? ""]),
        ),
      );
    return EXIT.ok;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    let position: FeedPosition | undefined = await service.feed.end();
    io.err(`Waiting for events${values.user ? ` of user "${values.user}"` : ""} (Ctrl-C stops)...`);
    while (!stop.signal.aborted) {
      const rows = await service.feed.after(position, values.user ? { userId: values.user } : {});
      for (const row of rows) io.out(JSON.stringify(eventView(row)));
      const last = rows.at(-1);
      if (last) position = { createdAt: new Date(last.createdAt), id: last.id };
      if (rows.length === 0) await sleep(TAIL_INTERVAL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return EXIT.ok;
};
