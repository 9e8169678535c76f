import type { DependencyContainer } from "tsyringe";
import type { CommandContext } from "./context.js";
import type { LoadedExtension } from "./discovery.js";
import type { ExtensionManifest } from "./manifest.js";
import type { CommandEntry } from "./registry.js";
import type { SettingValues } from "./settings.js";

/** One command call as the service modules see it. */
export interface CallScope {
  readonly context: CommandContext;
  readonly extension: LoadedExtension;
  readonly command: CommandEntry;
  /** The call's child container: register per-call services here. */
  readonly container: DependencyContainer;
  /** Host-wide plus per-user settings, raw, after the settings check. */
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * Registers a per-call service built only if the extension asks for it. A CommandError the factory
   * throws reaches the caller as is (the container would otherwise wrap it).
   */
  provide<T>(token: symbol, factory: () => T): void;
}

/**
 * A host service (database, auth...) plugged into the runtime. Modules run in order around each call,
 * like middleware: each may register services in the call's container and wrap what follows
 * (a transaction, a refresh-and-retry).
 */
export interface ServiceModule {
  readonly name: string;
  /**
   * Once, before the first call (schema sync, key loading). Throw to refuse to start. `extensions` are those
   * imported for the start (the ones with database entities); `installed` describes every installed extension,
   * imported or not.
   */
  start?(extensions: readonly LoadedExtension[], installed: readonly ExtensionManifest[]): Promise<void>;
  /** Per-user setting values (stored secrets), merged over the host-wide ones; `account` is the call's, when it names one. */
  userSettings?(userId: string, extension: LoadedExtension, account?: string): Promise<SettingValues>;
  /**
   * How a user supplies these missing settings when this module holds them per user (auth's vault: "run
   * `agx connect roomba`"); replaces the advice to set environment variables, which would make a user's
   * password every user's. Undefined when none of them is this module's.
   */
  missingSettingsHint?(extension: LoadedExtension, missing: readonly string[]): string | undefined;
  around?<T>(scope: CallScope, next: () => Promise<T>): Promise<T>;
  stop?(): Promise<void>;
}
