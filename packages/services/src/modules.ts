import type { Logger } from "@agx-ext/core";
import type { ServiceModule, SettingsSource } from "@agx-ext/core/host";
import { openDatabase, type Database } from "@agx-ext/db";
import { createAuthModule, type AuthModule } from "@agx-ext/auth/host";
import { HostEvents } from "./events/service.js";
import { HOST_MIGRATIONS } from "./host-migrations.js";
import { entities as hostEntities } from "./system-entities.js";
import { createHostJobs, type HostJobs } from "./jobs/index.js";

/** What the host knows when it assembles its services. */
export interface HostEnvironment {
  /** The host directory: extensions are discovered under it, .agx/ state lives in it. */
  dir: string;
  /** AGX_DATABASE_URL, AGX_SECRET_KEY(_PREVIOUS) and AGX_PUBLIC_URL are read from it. */
  env: NodeJS.ProcessEnv;
  settings: SettingsSource;
  logger: Logger;
}

/** The host's services. Each package adds its handle here (database, auth...). */
export interface HostServices {
  /** Run around every call, in this order (database first: auth keeps its vault in it). */
  modules: ServiceModule[];
  /** The host database (AGX_DATABASE_URL or <dir>/.agx/agx.db); register system entities before start. */
  database: Database;
  /** Connect flows (begin/complete), connections and the token vault; runs after the database. */
  auth: AuthModule;
  /** Scheduled jobs (connection keep-alive): pg-boss on PostgreSQL, in-process on SQLite; `agx serve` starts them. */
  jobs: HostJobs;
  /** Triggers, subscriptions and event delivery; its polls and deliveries are jobs of `jobs`. */
  events: HostEvents;
}

/** Assembles the service modules; nothing else in the host knows their internals. */
export async function createServices(host: HostEnvironment): Promise<HostServices> {
  const database = openDatabase({ hostDir: host.dir, url: host.env.AGX_DATABASE_URL, logger: host.logger, systemMigrations: HOST_MIGRATIONS });
  // All of the host's tables, whichever features use them later: its migrations create them all, and a
  // database made by schema sync is recognised by them (baseline) even by a command that only migrates.
  database.registerSystemEntities(hostEntities);
  const auth = createAuthModule({
    database,
    settings: host.settings,
    hostDir: host.dir,
    ...(host.env.AGX_SECRET_KEY ? { secretKey: host.env.AGX_SECRET_KEY } : {}),
    ...(host.env.AGX_SECRET_KEY_PREVIOUS ? { previousSecretKeys: host.env.AGX_SECRET_KEY_PREVIOUS } : {}),
    ...(host.env.AGX_PUBLIC_URL ? { publicUrl: host.env.AGX_PUBLIC_URL } : {}),
    logger: host.logger,
  });
  const jobs = createHostJobs({ database, ...(host.env.AGX_DATABASE_URL ? { databaseUrl: host.env.AGX_DATABASE_URL } : {}), auth, logger: host.logger });
  const events = new HostEvents({ database, settings: host.settings, logger: host.logger, jobs: jobs.engine });
  // Last, so it stops first: attempts in progress are recorded before the database closes.
  const eventsModule = { name: "events", stop: () => events.stop() };
  return { modules: [database.module, auth, eventsModule], database, auth, jobs, events };
}
