import { isValidTimeZone, type LogLevel, type Logger } from "@agx-ext/core";
import { createJsonLogger, Runtime } from "@agx-ext/core/host";
import { discoverInstalled, type InstalledOptions } from "./installed.js";
import { createServices, type HostEnvironment, type HostServices } from "@agx-ext/services";

export interface HostOptions extends InstalledOptions {
  logger?: Logger;
}

export interface Host {
  readonly runtime: Runtime;
  /** Discovery remarks that are not failures, e.g. a stale manifest. */
  readonly notices: readonly string[];
  readonly services: HostServices;
  readonly environment: HostEnvironment;
  /** Starts the service modules (database schema, vault); commands start it on first use otherwise. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Discovers the installed extensions and assembles a runtime; does not touch the database yet. */
export async function createHost(options: HostOptions = {}): Promise<Host> {
  const installed = await discoverInstalled(options);
  const { dir, env, settings, extensions, failures, notices } = installed;
  const logger = options.logger ?? createJsonLogger({ level: logLevel(env.AGX_LOG_LEVEL) });
  // Unset: the runtime asks the system on first use, which needs no check.
  const timeZone = env.AGX_TIMEZONE || undefined;
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) throw new Error(`AGX_TIMEZONE "${timeZone}" is not an IANA time zone (for example Europe/Berlin).`);

  const environment: HostEnvironment = { dir, env, settings, logger };
  for (const failure of failures) logger.warn("extension not loaded", { ...failure });
  for (const notice of notices) logger.warn(notice);
  const services = await createServices(environment);
  const publicUrl = env.AGX_PUBLIC_URL || undefined;
  const runtime = new Runtime({
    extensions,
    failures,
    settings,
    modules: services.modules,
    logger,
    ...(timeZone ? { timeZone } : {}),
    ...(publicUrl ? { publicUrl } : {}),
  });
  services.events.bind(runtime);
  return {
    runtime,
    notices,
    services,
    environment,
    start: () => runtime.start(),
    close: () => runtime.stop(),
  };
}

function logLevel(value: string | undefined): LogLevel | "silent" {
  const levels = ["debug", "info", "warn", "error", "silent"];
  return value && levels.includes(value) ? (value as LogLevel | "silent") : "warn";
}
