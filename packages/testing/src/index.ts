import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CommandResult, type ExtensionClass, type Logger } from "@agx-ext/core";
import { objectSettings, Runtime, silentLogger } from "@agx-ext/core/host";
import { createServices, type HostServices } from "@agx-ext/services";
import { loadedExtension } from "./extension.js";
import { checkOutput } from "./output-check.js";

export { checkOutput } from "./output-check.js";
export { runPollTrigger, postWebhook, type TestWebhookRequest } from "./triggers.js";

export interface TestHostOptions {
  /** The decorated extension classes under test. */
  extensions: ExtensionClass[];
  /** Host-wide settings (what a host would read from env or agx.config.json). */
  settings?: Record<string, string>;
  /** AGX_DATABASE_URL; defaults to a SQLite file in a fresh temporary directory. */
  databaseUrl?: string;
  /** Host directory; defaults to a fresh temporary directory, removed by close(). */
  dir?: string;
  timeZone?: string;
  clock?: () => Date;
  /** The host's public URL extensions see as CommandContext.publicUrl (a real host: AGX_PUBLIC_URL); default none. */
  publicUrl?: string;
  logger?: Logger;
}

export interface TestHost {
  runtime: Runtime;
  services: HostServices;
  dir: string;
  /**
   * Runs a command as `userId` (default "alice"). Rejects with a CommandError, or with a plain Error when a
   * successful result's `data` does not match the command's declared output schema.
   */
  execute(name: string, input?: unknown, userId?: string): Promise<CommandResult>;
  close(): Promise<void>;
}

/** A real host runtime (database, auth and all) around the given extension classes, for tests. */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "agx-test-")));
  const settings = { ...(options.databaseUrl ? { AGX_DATABASE_URL: options.databaseUrl } : {}), ...options.settings };
  const source = objectSettings(settings);
  const logger = options.logger ?? silentLogger;
  const services = await createServices({ dir, env: settings, settings: source, logger });
  const runtime = new Runtime({
    extensions: options.extensions.map(loadedExtension),
    settings: source,
    modules: services.modules,
    logger,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  services.events.bind(runtime);
  await runtime.start();
  return {
    runtime,
    services,
    dir,
    execute: async (name, input = {}, userId = "alice") => checkOutput(runtime, name, await runtime.execute(name, input, { userId })),
    async close() {
      await runtime.stop();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
