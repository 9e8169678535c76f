/**
 * The light entry point (`@agx-ext/core/catalog`): find installed extensions and describe their
 * commands from manifests, without loading zod, the DI container or any extension's code.
 */
export { CommandError, isCommandError, ERROR_CODES, type ErrorCode } from "./errors.js";
export * from "./discovery.js";
export * from "./manifest.js";
export * from "./trigger-metadata.js";
export * from "./handle.js";
export * from "./registry.js";
export * from "./tool-name.js";
export * from "./closest.js";
export * from "./limits.js";
export * from "./settings-source.js";

import type { ExtensionHandle } from "./handle.js";
import type { SettingsSource } from "./settings-source.js";

/** What an extension still needs before its commands can run. */
export interface ExtensionStatus {
  id: string;
  name: string;
  package: string;
  version: string;
  missingSettings: string[];
  invalidSettings: string[];
}

/** Required settings with no host-wide value, read from the manifest alone. */
export function missingHostSettings(extension: ExtensionHandle, settings: SettingsSource): string[] {
  return extension.manifest.settings.filter((s) => s.required && !settings.get(s.key)).map((s) => s.key);
}

/** The status the manifest and host-wide settings alone can give: missing settings, no value checks. */
export function manifestStatus(extension: ExtensionHandle, settings: SettingsSource): ExtensionStatus {
  return {
    id: extension.id,
    name: extension.manifest.name,
    package: extension.pkg.name,
    version: extension.pkg.version,
    missingSettings: missingHostSettings(extension, settings),
    invalidSettings: [],
  };
}
