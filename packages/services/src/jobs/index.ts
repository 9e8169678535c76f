import type { AuthModule } from "@agx-ext/auth/host";
import type { Logger } from "@agx-ext/core";
import type { Database } from "@agx-ext/db";
import type { JobEngine } from "./engine.js";
import { InProcessJobEngine, type SchedulerClock } from "./in-process-engine.js";
import { PgBossJobEngine } from "./pg-boss-engine.js";
import { JobRun, JobRunLog } from "./run-log.js";

export { InProcessJobEngine, type SchedulerClock } from "./in-process-engine.js";
export { JobRunLog } from "./run-log.js";

/** The keep-alive job: daily at 03:17 UTC (off the hour, away from other hosts' cron traffic). */
export const KEEP_ALIVE_JOB = "connection-keep-alive";

export interface HostJobs {
  engine: JobEngine;
  log: JobRunLog;
}

/**
 * The host's job engine (not started: `agx serve` starts it): pg-boss on PostgreSQL, the in-process scheduler on
 * SQLite, with the connection keep-alive job. Registers the run log's table; call before the database starts.
 */
export function createHostJobs(options: { database: Database; databaseUrl?: string; auth: AuthModule; logger: Logger; clock?: SchedulerClock }): HostJobs {
  options.database.registerSystemEntities([JobRun]);
  const log = new JobRunLog(options.database);
  const engine: JobEngine =
    options.database.dialect === "postgresql" && options.databaseUrl
      ? new PgBossJobEngine(options.databaseUrl, log, options.logger)
      : new InProcessJobEngine(log, options.logger, options.clock);
  engine.register({
    name: KEEP_ALIVE_JOB,
    description: "Refreshes OAuth connections whose refresh token would lapse unused (providers declaring keepAliveDays).",
    cron: "17 3 * * *",
    run: async () => ({ ...(await options.auth.keepAlive()) }),
  });
  return { engine, log };
}
