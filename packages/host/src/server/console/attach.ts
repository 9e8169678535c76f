import { consoleRoot } from "@agx-ext/console";
import { attachCallLog } from "../../activity/attach.js";
import type { Host } from "../../host.js";
import { LoginLinkStore } from "../../users/login-links.js";
import { SessionStore } from "../../users/sessions.js";
import { builtConsole, consoleEnabled } from "./pages.js";
import { settingsStatus } from "./settings.js";
import type { ConsoleSetup } from "./setup.js";

/** The cleanup job: daily, off the hour (04:41 UTC). */
const CONSOLE_CLEANUP_JOB = "console-cleanup";

/**
 * The console's server side for a host: sessions and sign-in links (their tables come with attachUserStore), the
 * call log, the settings listing, the pages (unless AGX_CONSOLE=off) and a daily job that deletes calls older than
 * 30 days and expired sessions and links. Call before the host and its job engine start. `now` drives the clocks
 * of sessions, links and the call log's retention (tests).
 */
export function attachConsole(host: Host, options: { now?: () => Date } = {}): ConsoleSetup {
  const database = host.services.database;
  const transaction = <T>(fn: Parameters<typeof database.transaction<T>>[0]) => database.transaction(fn);
  const read = <T>(fn: Parameters<typeof database.read<T>>[0]) => database.read(fn);
  const sessions = new SessionStore(transaction, read, options.now);
  const loginLinks = new LoginLinkStore(transaction, options.now);
  const callLog = attachCallLog(host, options);
  host.services.jobs.engine.register({
    name: CONSOLE_CLEANUP_JOB,
    description: "Deletes command calls older than 30 days from the call log, and expired console sessions and sign-in links.",
    cron: "41 4 * * *",
    run: async () => ({ calls: await callLog.purgeOld(), sessions: await sessions.purgeExpired(), loginLinks: await loginLinks.purgeExpired() }),
  });
  const { env, settings } = host.environment;
  const pagesRoot = consoleEnabled(env) ? builtConsole(consoleRoot) : undefined;
  if (consoleEnabled(env) && !pagesRoot) host.environment.logger.warn("the web console is not built, so / serves no pages", { consoleRoot });
  return {
    sessions,
    loginLinks,
    callLog,
    settings: () => {
      // API keys and credentials fields are each user's own, kept in the vault: not host settings.
      const perUser = new Set(host.services.auth.providers().flatMap((provider) => provider.secrets));
      return settingsStatus(env, settings, host.runtime.extensions, perUser);
    },
    ...(pagesRoot ? { pagesRoot } : {}),
  };
}
