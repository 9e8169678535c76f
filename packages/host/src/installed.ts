import { resolve } from "node:path";
import { discoverExtensions, type ExtensionHandle, type LoadFailure, type SettingsSource } from "@agx-ext/core/catalog";
import { hostSettings, readHostConfig, type HostConfig } from "./config.js";

export interface InstalledOptions {
  /** Host directory; defaults to AGX_HOME or the working directory. */
  dir?: string;
  env?: NodeJS.ProcessEnv;
}

/** What is installed in a host directory, described from manifests: enough to list and check, not to run. */
export interface Installed {
  dir: string;
  env: NodeJS.ProcessEnv;
  config: HostConfig;
  settings: SettingsSource;
  extensions: ExtensionHandle[];
  failures: LoadFailure[];
  notices: string[];
}

export async function discoverInstalled(options: InstalledOptions = {}): Promise<Installed> {
  const env = options.env ?? process.env;
  const dir = resolve(options.dir ?? env.AGX_HOME ?? process.cwd());
  const config = readHostConfig(dir);
  const { extensions, failures, notices } = await discoverExtensions(dir, { packages: config.packages ?? [] });
  return { dir, env, config, settings: hostSettings(env, config), extensions, failures, notices };
}
