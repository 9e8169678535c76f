import { attachConsole } from "../server/console/attach.js";
import { attachUserStore } from "../users/attach.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";

/**
 * agx jobs: the scheduled jobs (name, engine, cron in UTC) and their last runs; `agx serve` runs them.
 * agx jobs run <name>: runs one now (recorded like a scheduled run).
 */
export const jobs: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("jobs", args);
  const [action, name, ...extra] = positionals;
  if (extra.length || (action !== undefined && action !== "run") || (action === "run" && !name)) throw usageError("jobs");
  const agx = await host();
  // The console's cleanup job is registered with its tables, as agx serve does.
  attachUserStore(agx);
  attachConsole(agx);
  await agx.start();
  const { engine, log } = agx.services.jobs;
  if (action === "run") {
    if (!engine.schedules().some((s) => s.name === name)) throw usageError("jobs", `no job named "${name!.slice(0, 60)}"; agx jobs lists them`);
    const record = await engine.runNow(name!);
    io.out(values.json ? JSON.stringify(record, null, 2) : `${record.name}: ${record.outcome} ${JSON.stringify(record.summary)}`);
    return record.outcome === "ok" ? EXIT.ok : EXIT.failed;
  }
  const listed = await Promise.all(engine.schedules().map(async (schedule) => ({ ...schedule, lastRuns: await log.last(schedule.name) })));
  if (values.json) io.out(JSON.stringify(listed, null, 2));
  else
    io.out(
      table(
        ["JOB", "ENGINE", "SCHEDULE (UTC)", "LAST RUN", "OUTCOME", "SUMMARY"],
        listed.map((job) => {
          const last = job.lastRuns[0];
          return [job.name, job.engine, job.cron, last?.startedAt.toISOString() ?? "never", last?.outcome ?? "", last ? JSON.stringify(last.summary) : ""];
        }),
      ),
    );
  return EXIT.ok;
};
