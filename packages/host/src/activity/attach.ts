import type { Host } from "../host.js";
import { CallLogEntity } from "@agx-ext/services";
import { CallLog } from "./call-log.js";
import { recordCallsOf } from "./recorder.js";

/** AGX_CALL_LOG=off (or false, 0, no) turns the call log off. */
function callLogEnabled(env: NodeJS.ProcessEnv): boolean {
  return !["off", "false", "0", "no"].includes((env.AGX_CALL_LOG ?? "").trim().toLowerCase());
}

/**
 * The host's call log, its table registered and every call of the host's runtime recorded in it. Call before the
 * host starts. Pending calls are written when the host stops (before the database closes).
 */
export function attachCallLog(host: Host, options: { now?: () => Date } = {}): CallLog {
  const database = host.services.database;
  database.registerSystemEntities([CallLogEntity]);
  const log = new CallLog(database, host.environment.logger, {
    enabled: callLogEnabled(host.environment.env),
    ...(options.now ? { now: options.now } : {}),
  });
  recordCallsOf(host.runtime, log);
  // After the database module, so it stops (and writes what is pending) before the database closes.
  host.services.modules.push({ name: "call-log", stop: () => log.flush() });
  return log;
}
