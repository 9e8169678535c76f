import { randomUUID } from "node:crypto";
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from "tsyringe";
import { CallContext, type SignalSource } from "./call-context.js";
import type { CommandContext } from "./context.js";
import { systemTimeZone } from "./dates.js";
import type { CommandDefinition } from "./definition.js";
import type { LoadedExtension, LoadFailure } from "./discovery.js";
import { ExtensionHandle } from "./handle.js";
import { manifestOf } from "./manifest-of.js";
import { todayIn } from "./zoned-time.js";
import { manifestStatus, type ExtensionStatus } from "./catalog.js";
import { CommandError, isCommandError } from "./errors.js";
import { lazyChild, silentLogger, type Logger } from "./logger.js";
import type { CallScope, ServiceModule } from "./modules.js";
import { checkInputStrings } from "./input-guard.js";
import { redact } from "./redact.js";
import { scrubResult, scrubSecrets } from "./scrub.js";
import { invalidUserId, isValidUserId } from "./user-id.js";
import { Registry, type CommandEntry } from "./registry.js";
import { isCommandResult, type CommandResult } from "./result.js";
import { describeIssues, issueFields } from "./schema.js";
import {
  collectSettings,
  isSettingsProblem,
  missingRequired,
  notConfigured,
  objectSettings,
  parseSettings,
  type ResolvedSettings,
  type SettingsProblem,
  type SettingsSource,
  type SettingValues,
} from "./settings.js";
import { CONTEXT, LOGGER, SETTINGS } from "./tokens.js";

export interface RuntimeOptions {
  /** Installed extensions: handles from discovery, or extensions already imported (tests). */
  extensions: readonly (ExtensionHandle | LoadedExtension)[];
  /** Packages discovery rejected; kept so doctor and status can show them. */
  failures?: readonly LoadFailure[];
  settings?: SettingsSource;
  modules?: readonly ServiceModule[];
  logger?: Logger;
  timeZone?: string;
  /** The host's public base URL (AGX_PUBLIC_URL), given to extensions as CommandContext.publicUrl. */
  publicUrl?: string;
  clock?: () => Date;
  container?: DependencyContainer;
}

export interface ExecuteOptions {
  userId: string;
  /**
   * The command's CommandContext.signal; without one, the call gets a signal that never aborts. A function is called
   * when the command first asks for its signal, and not at all if it never does: a caller that may abort the call
   * then makes the signal only on demand (returning one already aborted if the call was aborted before).
   */
  signal?: SignalSource;
  requestId?: string;
}

export type { ExtensionStatus } from "./catalog.js";

/** Holds the registry and runs commands: validate, scope, check settings, call, map errors. */
export class Runtime {
  readonly registry: Registry;
  readonly failures: readonly LoadFailure[];
  /** Set by the host, else the system's, looked up on first use (ICU's first answer costs milliseconds at start). */
  private zone: string | undefined;
  /** AGX_PUBLIC_URL without its trailing slash, or undefined. */
  readonly publicUrl: string | undefined;
  private readonly settings: SettingsSource;
  private readonly modules: readonly ServiceModule[];
  private readonly logger: Logger;
  private readonly clock: () => Date;
  private readonly container: DependencyContainer;
  /** Host-wide settings only change on restart, so their parse is done once per extension. */
  private readonly hostSettingsCache = new Map<string, { raw: Record<string, string | undefined>; parsed: ResolvedSettings | SettingsProblem }>();
  /** Shared by concurrent first calls so the modules start once. */
  private starting: Promise<void> | undefined;
  /** True once the modules have started, until stop: calls then skip waiting on `starting`. */
  private running = false;
  /** Modules whose start succeeded, in start order: exactly these are stopped. */
  private readonly started: ServiceModule[] = [];

  constructor(options: RuntimeOptions) {
    this.registry = new Registry(options.extensions.map((e) => (e instanceof ExtensionHandle ? e : ExtensionHandle.fromLoaded(e, manifestOf(e.definition)))));
    this.failures = options.failures ?? [];
    this.settings = options.settings ?? objectSettings({});
    this.modules = options.modules ?? [];
    this.logger = options.logger ?? silentLogger;
    this.zone = options.timeZone;
    this.publicUrl = options.publicUrl ? options.publicUrl.replace(/\/+$/, "") : undefined;
    this.clock = options.clock ?? (() => new Date());
    this.container = options.container ?? rootContainer.createChildContainer();
  }

  /** The IANA time zone commands see as the user's. */
  get timeZone(): string {
    return (this.zone ??= systemTimeZone());
  }

  get extensions(): readonly ExtensionHandle[] {
    return this.registry.extensions;
  }

  /**
   * Starts the service modules. Extensions with database entities are imported now, since the database
   * needs their classes; the others stay unimported until their first call (auth reads their manifests).
   */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const needed = this.extensions.filter((e) => e.hasEntities);
      const loaded = await Promise.all(needed.map((e) => this.load(e)));
      // After the loads: an import replaces a stale manifest with the code's own.
      const installed = this.extensions.map((e) => e.manifest);
      for (const module of this.modules) {
        await module.start?.(loaded, installed);
        this.started.push(module);
      }
      this.running = true;
    })().catch(async (error: unknown) => {
      // Modules that did start hold resources (an open database): stop them, or the process never exits.
      await this.stopStarted().catch((stopError: unknown) =>
        this.logger.error("a service module did not stop after a failed start", { error: (stopError as Error).message }),
      );
      this.starting = undefined; // a failed start may be retried
      throw error;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (!this.starting) return;
    await this.starting.catch(() => undefined);
    this.starting = undefined;
    await this.stopStarted();
  }

  /** Stops the started modules in reverse order; each is asked even when an earlier one fails, whose error is then thrown. */
  private async stopStarted(): Promise<void> {
    const modules = this.started.splice(0).reverse();
    let failure: unknown;
    for (const module of modules) {
      try {
        await module.stop?.();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** Runs a command for a user. Resolves with its result; rejects only with a CommandError. */
  async execute(name: string, rawInput: unknown, options: ExecuteOptions): Promise<CommandResult> {
    const startedAt = performance.now();
    const secrets = new Set<string>();
    const entry = this.registry.find(name);
    // Built on the first line actually written: most calls log nothing above the host's level.
    const logger = lazyChild(this.logger, () => ({
      requestId: options.requestId ?? randomUUID(),
      userId: options.userId,
      command: entry.qualifiedName,
    }));
    try {
      // Every caller (CLI --user, HTTP, MCP, tests) meets the same rule before the database sees the id.
      if (!isValidUserId(options.userId)) throw invalidUserId(options.userId);
      // Awaited only when there is something to wait for: each await costs a promise, and on Node 20 a promise is
      // several times dearer once any AsyncLocalStorage is in use (the database's is, from the first transaction).
      const extension = entry.extension.loaded ?? (await this.load(entry.extension));
      const command = entry.extension.command(entry.name);
      if (!command) throw new CommandError("NOT_FOUND", `Command "${entry.qualifiedName}" is no longer provided by ${entry.extension.pkg.name}.`);
      const { input, account } = this.validateInput(entry, command, rawInput);
      // Bad calls are answered before the database or the vault is touched.
      if (!this.running)
        await this.start().catch((error: unknown) => {
          throw new CommandError("INTERNAL", `The host could not start: ${(error as Error).message}`);
        });
      const settings = await this.resolveSettings(extension, command, options.userId, account);
      for (const value of settings.secrets) secrets.add(value);
      // A provider may echo a token in a successful answer: results are scrubbed like errors.
      const result = scrubResult(await this.invoke(entry, extension, command, input, settings, { ...options, account }, logger, secrets), secrets);
      logger.info("command finished", { outcome: "ok", durationMs: round(performance.now() - startedAt) });
      return result;
    } catch (error) {
      const failure = this.toCommandError(error, entry, secrets, logger);
      logger.info("command finished", { outcome: failure.code, durationMs: round(performance.now() - startedAt) });
      throw failure;
    }
  }

  /**
   * Runs a trigger's method (see triggers.ts) for a user in the scope a command call gets: settings, service
   * modules, injected services, secrets scrubbed, errors mapped to CommandError. Resolves with what the method
   * returned, unchecked: the host holds it to the trigger's contract.
   */
  async invokeTrigger(extensionId: string, triggerName: string, input: unknown, options: ExecuteOptions): Promise<unknown> {
    const handle = this.extensions.find((e) => e.id === extensionId);
    if (!handle) throw new CommandError("NOT_FOUND", `No installed extension "${extensionId}".`);
    const entry = triggerEntry(handle, triggerName);
    const secrets = new Set<string>();
    const logger = lazyChild(this.logger, () => ({ requestId: options.requestId ?? randomUUID(), userId: options.userId, trigger: entry.qualifiedName }));
    try {
      if (!isValidUserId(options.userId)) throw invalidUserId(options.userId);
      const extension = await this.load(handle);
      const trigger = extension.definition.triggers?.find((t) => t.name === triggerName);
      if (!trigger) throw new CommandError("NOT_FOUND", `Extension "${extensionId}" has no trigger "${triggerName}".`);
      await this.start();
      const settings = await this.resolveSettings(extension, trigger, options.userId);
      for (const value of settings.secrets) secrets.add(value);
      const call = { method: trigger.method, check: (result: unknown) => result };
      return scrubSecrets(await this.invoke(entry, extension, call, input as Record<string, unknown>, settings, options, logger, secrets), secrets);
    } catch (error) {
      throw this.toCommandError(error, entry, secrets, logger);
    }
  }

  /** Imports an extension's code on first use; a manifest the code contradicts is reported and replaced. */
  async load(handle: ExtensionHandle): Promise<LoadedExtension> {
    if (handle.loaded) return handle.loaded;
    let loaded: LoadedExtension;
    try {
      loaded = await handle.load();
    } catch (error) {
      throw new CommandError("INTERNAL", `Extension "${handle.id}" could not be loaded: ${(error as Error).message}`);
    }
    if (handle.staleManifest) {
      this.logger.warn("extension manifest is stale; using the code's own description", { extension: handle.id, package: handle.pkg.name });
      this.registry.refresh(handle);
      this.hostSettingsCache.delete(handle.id);
    }
    return loaded;
  }

  /**
   * Settings an extension still needs. Answered from the manifest, unless per-user settings or a
   * value check need the code (then it is imported).
   */
  async settingsStatus(extension: ExtensionHandle, userId?: string): Promise<ExtensionStatus> {
    const fromManifest = manifestStatus(extension, this.settings);
    const wantsUser = userId !== undefined && this.modules.some((m) => m.userSettings);
    if (!wantsUser && !extension.loaded) return fromManifest;
    const loaded = await this.load(extension);
    const user = userId ? await this.userSettings(userId, loaded) : {};
    const parsed = parseSettings(loaded.definition, collectSettings(loaded.definition, this.settings, user));
    return {
      ...fromManifest,
      missingSettings: isSettingsProblem(parsed) ? parsed.missing : [],
      invalidSettings: isSettingsProblem(parsed) ? parsed.invalid.map((i) => i.key) : [],
    };
  }

  /** The command's own input, validated, and the host's `account` input taken out of it. */
  private validateInput(entry: CommandEntry, command: CommandDefinition, rawInput: unknown): { input: Record<string, unknown>; account: string | undefined } {
    let input = rawInput ?? {};
    if (typeof input !== "object" || Array.isArray(input))
      throw new CommandError("INVALID_INPUT", `Input for "${entry.name}" must be a JSON object.`, { details: { fields: ["(input)"] } });
    const problem = checkInputStrings(input, entry.inputSchema);
    if (problem)
      throw new CommandError("INVALID_INPUT", `Invalid input for "${entry.name}": ${problem.field}: ${problem.message}.`, {
        details: { fields: [problem.field] },
      });
    let account: string | undefined;
    if (entry.selectsAccount && Object.hasOwn(input, "account")) {
      const { account: value, ...rest } = input as Record<string, unknown>;
      if (value !== undefined && (typeof value !== "string" || value.trim() === ""))
        throw new CommandError("INVALID_INPUT", `Invalid input for "${entry.name}": account: must be the label of one of your connected accounts.`, {
          details: { fields: ["account"] },
        });
      account = value === undefined ? undefined : value.trim();
      input = rest;
    }
    if (!command.input) return { input: input as Record<string, unknown>, account };
    const parsed = command.input.safeParse(input);
    if (!parsed.success)
      throw new CommandError("INVALID_INPUT", `Invalid input for "${entry.name}": ${describeIssues(parsed.error)}`, {
        details: { fields: issueFields(parsed.error) },
      });
    return { input: parsed.data as Record<string, unknown>, account };
  }

  private async userSettings(userId: string, extension: LoadedExtension, account?: string): Promise<SettingValues> {
    let merged: SettingValues = {};
    for (const module of this.modules) {
      if (module.userSettings) merged = { ...merged, ...(await module.userSettings(userId, extension, account)) };
    }
    return merged;
  }

  private async resolveSettings(
    extension: LoadedExtension,
    command: Pick<CommandDefinition, "requires">,
    userId: string,
    account?: string,
  ): Promise<ResolvedSettings & { raw: Record<string, string | undefined> }> {
    const def = extension.definition;
    const user = await this.userSettings(userId, extension, account);
    let raw: Record<string, string | undefined>;
    let parsed: ResolvedSettings | SettingsProblem;
    if (Object.keys(user).length === 0) {
      let cached = this.hostSettingsCache.get(def.id);
      if (!cached) {
        const hostRaw = collectSettings(def, this.settings);
        cached = { raw: hostRaw, parsed: parseSettings(def, hostRaw) };
        this.hostSettingsCache.set(def.id, cached);
      }
      ({ raw, parsed } = cached);
    } else {
      raw = collectSettings(def, this.settings, user);
      parsed = parseSettings(def, raw);
    }
    if (isSettingsProblem(parsed)) throw notConfigured(def, parsed, this.settingsHint(extension, parsed.missing));
    const missing = missingRequired(command.requires, raw);
    if (missing.length) throw notConfigured(def, { missing, invalid: [] }, this.settingsHint(extension, missing));
    return { ...parsed, raw };
  }

  /** How a user supplies missing settings that a service module holds per user (auth: `agx connect`), if any. */
  private settingsHint(extension: LoadedExtension, missing: readonly string[]): string | undefined {
    if (missing.length === 0) return undefined;
    for (const module of this.modules) {
      const hint = module.missingSettingsHint?.(extension, missing);
      if (hint) return hint;
    }
    return undefined;
  }

  private async invoke<R = CommandResult>(
    entry: CommandEntry,
    extension: LoadedExtension,
    command: Pick<CommandDefinition, "method"> & { check?: (result: unknown) => R },
    input: Record<string, unknown>,
    settings: ResolvedSettings,
    options: ExecuteOptions & { account?: string | undefined },
    logger: Logger,
    secrets: Set<string>,
  ): Promise<R> {
    const container = this.container.createChildContainer();
    const clock = this.clock;
    const timeZone = this.timeZone;
    const context: CommandContext = new CallContext({
      userId: options.userId,
      extensionId: entry.extensionId,
      command: entry.name,
      account: options.account,
      signal: options.signal,
      logger,
      timeZone,
      publicUrl: this.publicUrl,
      now: clock,
      today: () => todayIn(timeZone, clock()),
      addSecret: (value) => void secrets.add(value),
    });
    container.register(CONTEXT, { useValue: context });
    container.register(LOGGER, { useValue: logger });
    container.register(SETTINGS, { useValue: settings.values });
    const factoryErrors: unknown[] = [];
    const provide = <T>(token: symbol, factory: () => T) =>
      container.register(token, {
        useFactory: instanceCachingFactory(() => {
          try {
            return factory();
          } catch (error) {
            factoryErrors.push(error);
            throw error;
          }
        }),
      });
    const scope: CallScope = { context, extension, command: entry, container, settings: settings.values, provide };

    const call = async (): Promise<R> => {
      let instance: Record<string | symbol, (input: unknown) => unknown>;
      try {
        instance = container.resolve(extension.definition.target) as typeof instance;
      } catch (error) {
        throw factoryErrors[0] ?? error;
      }
      const result = await instance[command.method]!(input);
      if (command.check) return command.check(result);
      if (!isCommandResult(result)) throw new Error(`command "${entry.qualifiedName}" returned ${typeof result} instead of a CommandResult`);
      return result as R;
    };
    const chain = this.modules.reduceRight<() => Promise<R>>((next, module) => (module.around ? () => module.around!(scope, next) : next), call);
    try {
      return await chain();
    } finally {
      disposeCallContainer(container);
    }
  }

  private toCommandError(error: unknown, entry: CommandEntry, secrets: Set<string>, logger: Logger): CommandError {
    if (isCommandError(error)) {
      // An extension may put a provider's words (and so an echoed token) in the details as well as the message.
      const details = error.details && scrubSecrets(error.details, secrets);
      if (details === error.details && ![...secrets].some((s) => error.message.includes(s))) return error;
      return new CommandError(error.code, redact(error.message, secrets), {
        ...(details ? { details } : {}),
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      });
    }
    logger.error("command crashed", { error: scrubError(error, secrets) });
    return new CommandError("INTERNAL", `Command "${entry.name}" failed unexpectedly; the host log has the details.`);
  }
}

/**
 * Disposes what the call's container constructed. tsyringe's dispose() is async even when it has nothing to
 * dispose, as in most calls: its set of disposables is looked at first (a tsyringe without that field is always
 * asked to dispose).
 */
function disposeCallContainer(container: DependencyContainer): void {
  const disposables = (container as { disposables?: unknown }).disposables;
  if (disposables instanceof Set && disposables.size === 0) return;
  void container.dispose();
}

/** A trigger described like a command, for the call scope, the log and error messages. */
function triggerEntry(extension: ExtensionHandle, name: string): CommandEntry {
  return {
    name,
    qualifiedName: `${extension.id}/${name}`,
    toolName: "",
    extensionId: extension.id,
    description: "",
    inputSchema: {},
    requires: [],
    mutates: false,
    title: name,
    destructive: false,
    idempotent: true,
    openWorld: extension.manifest.auth !== undefined,
    extension,
  };
}

function scrubError(error: unknown, secrets: Set<string>): unknown {
  if (!(error instanceof Error)) return redact(String(error), secrets);
  return { name: error.name, message: redact(error.message, secrets), stack: redact(error.stack ?? "", secrets) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
