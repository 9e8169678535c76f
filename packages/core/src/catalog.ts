/**
 * The light entry point (`@agx-ext/core/catalog`): find installed extensions and describe their
 * commands from manifests, without loading zod, the DI container or any extension's code.
 */
export { CommandError, isCommandError, ERROR_CODES, type ErrorCode } from "./errors.js";
export {
  EXTENSION_SCOPE,
  findExtensionPackages,
  importExtensionPackage,
  discoverExtensions,
  type AgxPackageField,
  type ExtensionPackage,
  type LoadedExtension,
  type LoadFailure,
  type DiscoveryOptions,
  type DiscoveryResult,
} from "./discovery.js";
export {
  MANIFEST_VERSION,
  sameManifest,
  type SettingManifest,
  type CommandManifest,
  type ExtensionManifest,
  type ManifestAuth,
  type PackageManifest,
} from "./manifest.js";
export {
  TRIGGERS_KEY,
  DEFAULT_POLL_EVERY,
  pollIntervalSeconds,
  readTriggers,
  qualifiedTriggerName,
  type TriggerMarked,
  type TriggerManifest,
} from "./trigger-metadata.js";
export { ExtensionHandle } from "./handle.js";
export { Registry, MAX_ACCOUNT_LENGTH, type CommandEntry } from "./registry.js";
export { toolName } from "./tool-name.js";
export { closestNames } from "./closest.js";
export { MAX_NAME_LENGTH, MAX_STRING_INPUT, MAX_INPUT_DEPTH, QUOTE_LENGTH, clip } from "./limits.js";
export { objectSettings, layeredSettings, type SettingsSource, type SettingValues } from "./settings-source.js";

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
