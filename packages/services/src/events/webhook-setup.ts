import { isCommandError, type Logger, type LogFields, type WebhookSetupReport } from "@agx-ext/core";
import {
  clip,
  collectSettings,
  isSettingsProblem,
  missingRequired,
  parseSettings,
  redact,
  scrubSecrets,
  type Runtime,
  type SettingsSource,
  type TriggerDefinition,
} from "@agx-ext/core/host";
import { missingHostSettings } from "@agx-ext/core/catalog";
import type { Database } from "@agx-ext/db";
import { hookPath, listTriggers, type TriggerEntry } from "./catalog.js";

/** The job that registers webhook triggers' callbacks with their providers: daily, off the hour, once across hosts. */
export const WEBHOOK_SETUP_JOB = "webhook-setup";
export const WEBHOOK_SETUP_CRON = "37 5 * * *";
/** Host setting: where providers reach this host; setups run only when it is https. */
const PUBLIC_URL_SETTING = "AGX_PUBLIC_URL";
/** How long one trigger's setup may take before it is reported failed (and its signal aborted). */
const SETUP_TIMEOUT_MS = 120_000;
/** After `agx serve` starts, so the hook routes already answer the providers' verification requests. */
const START_DELAY_MS = 5_000;
/** Provider ids kept per list in a report (a setup answering thousands is cut, not stored whole). */
const MAX_IDS = 200;
const LOCK_KEY = "agx-webhook-setup";

/** What happened to one trigger's setup. Messages are scrubbed of the extension's secret settings. */
export type WebhookSetupOutcome =
  | ({ trigger: string; outcome: "ok"; callbackUrl: string } & WebhookSetupReport)
  | { trigger: string; outcome: "skipped"; reason: string; missing?: string[] }
  | { trigger: string; outcome: "failed"; callbackUrl?: string; code: string; message: string };

/** One run over every webhook trigger with a setup. */
export interface WebhookSetupRun {
  /** Why no setup ran at all (no https public URL, another host running them), when none did. */
  skipped?: string;
  triggers: WebhookSetupOutcome[];
}

/**
 * Runs webhook triggers' `setup` (Oura's subscriptions...): for each installed webhook trigger whose manifest says
 * it has one and whose extension's host-wide settings (and the trigger's `requires`) are present, with the callback
 * URL `<AGX_PUBLIC_URL>/hooks/<extension id>/<trigger name, URL-encoded>`. Only when the public URL is https:
 * providers refuse http callbacks. One failing setup is logged and reported, and the others still run. On
 * PostgreSQL a run holds an advisory lock, so hosts never register the same callbacks at the same time (the
 * daily job runs once across hosts through pg-boss; the start-up runs of several hosts may meet).
 */
export class WebhookSetup {
  /** The last run's full report in this process (the job's run log keeps a summary). */
  last: WebhookSetupRun | undefined;
  private explainedSkip = false;
  private running: Promise<WebhookSetupRun> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private soonRun: Promise<unknown> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly database: Database,
    private readonly runtime: () => Runtime,
    private readonly settings: SettingsSource,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** The installed webhook triggers that declare a setup, from the manifests (no extension code is imported). */
  triggers(): TriggerEntry[] {
    return listTriggers(this.runtime().extensions).filter((t) => t.kind === "webhook" && t.setup === true);
  }

  /** Runs every setup now; resolves with what each did, never rejects (failures are in the report). */
  async run(): Promise<WebhookSetupRun> {
    const entries = this.triggers();
    if (entries.length === 0) return this.remember({ triggers: [] });
    const base = this.publicBase();
    if ("skipped" in base) {
      // Said once, and only when a setup is configured: a host that uses no such trigger is not told about them daily.
      // Told from the manifests, so that a host without a public URL imports no extension only to say so.
      const ready = entries.filter((entry) => this.configured(entry)).map((entry) => entry.qualifiedName);
      if (ready.length && !this.explainedSkip) {
        this.logger.warn("webhook setup skipped", { reason: base.skipped, triggers: ready });
        this.explainedSkip = true;
      }
      return this.remember({ skipped: base.skipped, triggers: [] });
    }
    if (this.running) return this.remember({ skipped: "a webhook setup run is already in progress on this host", triggers: [] });
    this.running = this.exclusive(async () => {
      const triggers: WebhookSetupOutcome[] = [];
      // One after another: a provider's verification requests come back to this host while its setup runs.
      for (const entry of entries) {
        const prepared = await this.prepare(entry);
        if ("outcome" in prepared && prepared.outcome === "skipped")
          this.logger.info("webhook setup not configured", { trigger: prepared.trigger, reason: prepared.reason });
        triggers.push("outcome" in prepared ? prepared : await this.setUp(prepared, `${base.url}${hookPath(entry.extensionId, entry.name)}`));
      }
      return { triggers };
    });
    try {
      return this.remember(await this.running);
    } finally {
      this.running = undefined;
    }
  }

  /** The job's work: the run, summarised for the run log; throws (so the run is recorded failed) when a setup failed. */
  async runJob(): Promise<Record<string, unknown>> {
    const run = await this.run();
    const failed = run.triggers.filter((t) => t.outcome === "failed");
    if (failed.length) {
      const what = failed.map((t) => `${t.trigger}: ${t.code} ${t.message}`).join("; ");
      throw Object.assign(new Error(`${failed.length} of ${run.triggers.length} webhook setups failed: ${what}`), { code: failed[0]!.code });
    }
    return summary(run);
  }

  /** Runs `job` once, a few seconds from now (after `agx serve` listens); stop() cancels it. */
  soon(job: () => Promise<unknown>, delayMs = START_DELAY_MS): void {
    if (this.stopping.signal.aborted || this.timer || this.triggers().length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.soonRun = job()
        .catch((error: Error) => this.logger.warn("webhook setup at start failed", { error: error.message }))
        .finally(() => (this.soonRun = undefined));
    }, delayMs);
    this.timer.unref();
  }

  /** Cancels the start-up run, aborts setups in progress and waits for them to end. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await Promise.allSettled([this.running, this.soonRun]);
  }

  private remember(run: WebhookSetupRun): WebhookSetupRun {
    this.last = run;
    return run;
  }

  /** AGX_PUBLIC_URL without its trailing slash, or why setups cannot run. */
  private publicBase(): { url: string } | { skipped: string } {
    const raw = this.settings.get(PUBLIC_URL_SETTING)?.trim();
    if (!raw) return { skipped: `${PUBLIC_URL_SETTING} is not set: providers need a public https URL to call back` };
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { skipped: `${PUBLIC_URL_SETTING} is not a URL` };
    }
    if (url.protocol !== "https:") return { skipped: `${PUBLIC_URL_SETTING} is ${url.protocol.replace(":", "")}, not https: providers refuse http callbacks` };
    return { url: `${url.origin}${url.pathname}`.replace(/\/+$/, "") };
  }

  /** True when the manifests show every setting the trigger's extension and setup require with a host-wide value. */
  private configured(entry: TriggerEntry): boolean {
    const extension = this.runtime().extensions.find((e) => e.id === entry.extensionId);
    if (!extension || missingHostSettings(extension, this.settings).length) return false;
    return entry.requires.every((key) => this.settings.get(key) !== undefined);
  }

  /**
   * The trigger's setup and its extension's host-wide settings (imports the extension), or why it cannot run:
   * settings missing or invalid, the code without the setup its manifest promised, or the code failing to load.
   */
  private async prepare(entry: TriggerEntry): Promise<Prepared | WebhookSetupOutcome> {
    const trigger = entry.qualifiedName;
    try {
      const runtime = this.runtime();
      const loaded = await runtime.load(runtime.extensions.find((e) => e.id === entry.extensionId)!);
      const definition: TriggerDefinition | undefined = loaded.definition.triggers?.find((t) => t.name === entry.name);
      const setup = definition?.kind === "webhook" ? definition.setup : undefined;
      if (!definition || typeof setup !== "function")
        return { trigger, outcome: "skipped", reason: "the extension's code declares no setup for it (its manifest is stale)" };
      const raw = collectSettings(loaded.definition, this.settings);
      const parsed = parseSettings(loaded.definition, raw);
      const missing = isSettingsProblem(parsed) ? [...parsed.missing, ...parsed.invalid.map((i) => i.key)] : missingRequired(definition.requires, raw);
      if (isSettingsProblem(parsed) || missing.length)
        return { trigger, outcome: "skipped", reason: `settings missing or invalid: ${missing.join(", ")}`, missing };
      return { trigger, setup, values: parsed.values, secrets: parsed.secrets };
    } catch (error) {
      const code = isCommandError(error) ? error.code : "INTERNAL";
      const message = clip(String((error as Error)?.message ?? error), 300);
      this.logger.warn("webhook setup failed", { trigger, code, message });
      return { trigger, outcome: "failed", code, message };
    }
  }

  /** One trigger's setup with the callback URL; a failure becomes a reported outcome, scrubbed of the extension's secrets. */
  private async setUp({ trigger, setup, values, secrets }: Prepared, callbackUrl: string): Promise<WebhookSetupOutcome> {
    try {
      const report = await this.withDeadline(trigger, (signal) =>
        setup({ callbackUrl, settings: Object.freeze({ ...values }), signal, logger: scrubbingLogger(this.logger.child({ trigger }), secrets), now: this.now }),
      );
      const done = { trigger, outcome: "ok" as const, callbackUrl, ...checkedReport(scrubSecrets(report, new Set(secrets))) };
      this.logger.info("webhook setup done", { trigger, created: done.created.length, renewed: done.renewed.length, kept: done.kept.length });
      return done;
    } catch (error) {
      const code = isCommandError(error) ? error.code : "INTERNAL";
      const message = clip(redact(String((error as Error)?.message ?? error), secrets), 300);
      this.logger.warn("webhook setup failed", { trigger, code, message });
      return { trigger, outcome: "failed", callbackUrl, code, message };
    }
  }

  /** Runs the setup with a signal aborted at the deadline or when the host stops; a setup that ignores it still ends the wait. */
  private async withDeadline<T>(trigger: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        deadline.abort();
        reject(Object.assign(new Error(`the setup of ${trigger} did not finish within ${SETUP_TIMEOUT_MS / 1000} s`), { code: "PROVIDER_ERROR" }));
      }, SETUP_TIMEOUT_MS);
    });
    try {
      return await Promise.race([work(AbortSignal.any([deadline.signal, this.stopping.signal])), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs `work` unless another host is running setups (PostgreSQL: a transaction-scoped advisory lock, tried, not
   * waited for). SQLite serves one host: the in-process guard in run() is enough.
   */
  private async exclusive(work: () => Promise<WebhookSetupRun>): Promise<WebhookSetupRun> {
    if (this.database.dialect !== "postgresql") return work();
    return this.database.orm.em.fork({ clear: true, useContext: false }).transactional(async (tx) => {
      const rows = (await tx
        .getConnection()
        .execute("select pg_try_advisory_xact_lock(hashtext(?)) as locked", [LOCK_KEY], "all", tx.getTransactionContext())) as { locked: boolean }[];
      if (rows[0]?.locked !== true) return { skipped: "another host is running the webhook setups", triggers: [] };
      return work();
    });
  }
}

/** A trigger ready to set up. */
interface Prepared {
  trigger: string;
  setup: NonNullable<TriggerDefinition["setup"]>;
  values: Record<string, unknown>;
  secrets: string[];
}

/** The run as the job's run log keeps it: counts, not the provider's ids. */
function summary(run: WebhookSetupRun): Record<string, unknown> {
  return {
    ...(run.skipped ? { skipped: run.skipped } : {}),
    triggers: run.triggers.map((t) =>
      t.outcome === "ok"
        ? { trigger: t.trigger, outcome: t.outcome, created: t.created.length, renewed: t.renewed.length, kept: t.kept.length }
        : t.outcome === "skipped"
          ? { trigger: t.trigger, outcome: t.outcome, reason: t.reason }
          : t,
    ),
  };
}

/** The setup's answer held to WebhookSetupReport: lists of provider ids as strings. */
function checkedReport(report: unknown): WebhookSetupReport {
  const value = (report ?? {}) as Record<string, unknown>;
  const ids = (key: string) => {
    const list = value[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw Object.assign(new Error(`the setup's report has a ${key} that is not a list of ids`), { code: "INTERNAL" });
    return list.slice(0, MAX_IDS).map((id) => clip(String(id), 200));
  };
  return { created: ids("created"), renewed: ids("renewed"), kept: ids("kept") };
}

/** The setup's logger: what the extension logs is scrubbed of its secret settings first. */
function scrubbingLogger(logger: Logger, secrets: readonly string[]): Logger {
  const set = new Set(secrets);
  const scrub = (message: string, fields?: LogFields): [string, LogFields | undefined] => [redact(message, set), fields && scrubSecrets(fields, set)];
  return {
    debug: (m, f) => logger.debug(...scrub(m, f)),
    info: (m, f) => logger.info(...scrub(m, f)),
    warn: (m, f) => logger.warn(...scrub(m, f)),
    error: (m, f) => logger.error(...scrub(m, f)),
    child: (fields) => scrubbingLogger(logger.child(scrubSecrets(fields, set)), secrets),
  };
}
