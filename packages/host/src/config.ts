import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { layeredSettings, objectSettings, type SettingsSource } from "@agx-ext/core/catalog";

/** The optional agx.config.json in the host directory. */
export interface HostConfig {
  /** Extra extension packages to load besides the @agx-ext scope. */
  packages?: string[];
  /** Host-wide settings by name; environment variables of the same name win. */
  settings?: Record<string, string>;
}

export const CONFIG_FILE = "agx.config.json";

export function readHostConfig(dir: string): HostConfig {
  const file = join(dir, CONFIG_FILE);
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`${file} must hold a JSON object`);
  const config = parsed as HostConfig;
  if (config.packages !== undefined && !(Array.isArray(config.packages) && config.packages.every((p) => typeof p === "string")))
    throw new Error(`${file}: "packages" must be an array of package names`);
  if (config.settings !== undefined && (typeof config.settings !== "object" || Array.isArray(config.settings)))
    throw new Error(`${file}: "settings" must be an object of name -> value`);
  return config;
}

/** Environment first, then the config file. */
export function hostSettings(env: NodeJS.ProcessEnv, config: HostConfig): SettingsSource {
  const fromConfig = Object.fromEntries(Object.entries(config.settings ?? {}).map(([k, v]) => [k, String(v)]));
  return layeredSettings(objectSettings(env), objectSettings(fromConfig));
}
