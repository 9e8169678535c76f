import { listTriggers } from "@agx-ext/services";
import { WEBHOOK_SETUP_JOB, type WebhookSetupOutcome } from "@agx-ext/services";
import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, type CliContext, type Subcommand } from "./io.js";
import { table } from "./table.js";

/**
 * agx triggers [--json]: every installed trigger, read from manifests (no extension code, no database).
 * agx triggers setup [--json]: runs the webhook-setup job now (recorded like a scheduled run) and prints its report.
 */
export const triggers: Subcommand = async (args, context) => {
  const { values, positionals } = parseCommandLine("triggers", args);
  const [action, ...extra] = positionals;
  if (extra.length || (action !== undefined && action !== "setup")) throw usageError("triggers");
  if (action === "setup") return setup(context, values.json === true);
  const { io, installed } = context;
  const all = listTriggers((await installed()).extensions);
  if (values.json) io.out(JSON.stringify(all, null, 2));
  else if (all.length === 0) io.out("No installed extension declares a trigger.");
  else
    io.out(
      table(
        ["TRIGGER", "KIND", "EVERY / PATH", "INPUT", "DESCRIPTION"],
        all.map((t) => [t.qualifiedName, t.kind, t.kind === "poll" ? (t.every ?? "") : (t.hookPath ?? ""), inputFields(t.inputSchema), t.description]),
      ),
    );
  return EXIT.ok;
};

/** Runs every webhook trigger's setup through the job engine, so `agx jobs` shows this run too. */
async function setup({ io, host }: CliContext, json: boolean): Promise<number> {
  const agx = await host();
  await agx.start();
  const record = await agx.services.jobs.engine.runNow(WEBHOOK_SETUP_JOB);
  const run = agx.services.events.webhookSetup.last ?? { triggers: [] };
  if (json) io.out(JSON.stringify(run, null, 2));
  else if (run.skipped) io.out(`Webhook setup skipped: ${run.skipped}.`);
  else if (run.triggers.length === 0) io.out("No installed webhook trigger declares a setup.");
  else {
    const rows = run.triggers.map((t) => [t.trigger, t.outcome, details(t), t.outcome === "skipped" ? "" : (t.callbackUrl ?? "")]);
    // A provider's message is often longer than a table cell: failures are printed whole below it.
    const failures = run.triggers.flatMap((t) => (t.outcome === "failed" ? [`${t.trigger}: ${t.code}: ${t.message}`] : []));
    io.out([table(["TRIGGER", "OUTCOME", "DETAILS", "CALLBACK URL"], rows), ...(failures.length ? ["", ...failures] : [])].join("\n"));
  }
  return record.outcome === "ok" ? EXIT.ok : EXIT.failed;
}

function details(outcome: WebhookSetupOutcome): string {
  if (outcome.outcome === "skipped") return outcome.reason;
  if (outcome.outcome === "failed") return outcome.code;
  return `created ${outcome.created.length}, renewed ${outcome.renewed.length}, kept ${outcome.kept.length}`;
}

/** A trigger's params at a glance: the input schema's fields, required ones marked (--input takes them as JSON). */
function inputFields(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "";
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {})
    .map((name) => (required.has(name) ? name : `${name}?`))
    .join(", ");
}
