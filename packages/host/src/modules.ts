import type { Logger, ServiceModule, SettingsSource } from "@agx-ext/core";
import type { HostConfig } from "./config.js";

/** What the host knows when it assembles its services. */
export interface HostEnvironment {
  /** The host directory: extensions are discovered under it, .agx/ state lives in it. */
  dir: string;
  env: NodeJS.ProcessEnv;
  config: HostConfig;
  settings: SettingsSource;
  logger: Logger;
}

/** The host's services. Each package adds its handle here (database, auth...). */
export interface HostServices {
  /** Run around every call, in this order (database first: auth keeps its vault in it). */
  modules: ServiceModule[];
}

/** Assembles the service modules; nothing else in the host knows their internals. */
export async function createServices(_host: HostEnvironment): Promise<HostServices> {
  return { modules: [] };
}
