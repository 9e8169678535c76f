/**
 * `@agx-ext/core/host`: what hosts and the packages that provide services to them (auth, db, the test
 * kit) use, and extension authors do not: the runtime and registry, discovery and manifests, settings
 * sources, service modules, the JSON logger, and the guards every entry point applies to input.
 */
import "reflect-metadata";

export { instanceCachingFactory, type DependencyContainer } from "tsyringe";

export { Runtime, type RuntimeOptions, type ExecuteOptions } from "./runtime.js";
export type { SignalSource } from "./call-context.js";
export type { ExtensionStatus } from "./catalog.js";
export { Registry, MAX_ACCOUNT_LENGTH, type CommandEntry } from "./registry.js";
export type { ServiceModule, CallScope } from "./modules.js";
export type { AuthDeclaration, CommandDefinition, ExtensionDefinition } from "./definition.js";
export { validateExtension } from "./validate.js";

export { objectSettings, layeredSettings, type SettingsSource, type SettingValues } from "./settings-source.js";
export { collectSettings, parseSettings, isSettingsProblem, missingRequired, notConfigured, type ResolvedSettings, type SettingsProblem } from "./settings.js";

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
export { manifestOf } from "./manifest-of.js";
export { ExtensionHandle } from "./handle.js";
export { toolName } from "./tool-name.js";
export { closestNames } from "./closest.js";

export type { TriggerDefinition } from "./triggers.js";
export {
  TRIGGERS_KEY,
  DEFAULT_POLL_EVERY,
  pollIntervalSeconds,
  readTriggers,
  qualifiedTriggerName,
  type TriggerMarked,
  type TriggerManifest,
} from "./trigger-metadata.js";
export { validateTriggers, triggerManifestOf } from "./trigger-validate.js";

export { isSecretSchema, toJsonSchema, toOutputJsonSchema, describeIssues, issueFields } from "./schema.js";
export { checkInputStrings, type InputProblem } from "./input-guard.js";
export { MAX_NAME_LENGTH, MAX_STRING_INPUT, MAX_INPUT_DEPTH, QUOTE_LENGTH, clip } from "./limits.js";
export { isValidUserId, invalidUserId } from "./user-id.js";
export { systemTimeZone } from "./dates.js";
export { createJsonLogger, silentLogger, type JsonLoggerOptions } from "./logger.js";
export { redact, MIN_SECRET_LENGTH } from "./redact.js";
export { scrubResult, scrubSecrets } from "./scrub.js";
