import type { Logger } from "@agx-ext/core";
import type PgBoss from "pg-boss";
import { parseCron } from "./cron.js";
import type { JobDefinition, JobEngine, JobRunRecord, JobSchedule } from "./engine.js";
import { runAndRecord, type JobRunLog } from "./run-log.js";

/** PostgreSQL's code for a transaction it aborted to break a deadlock. */
const DEADLOCK = "40P01";

/**
 * pg-boss 10's create_queue inserts the queue row and creates its partition in one transaction; hosts starting
 * together on one database deadlock there, and PostgreSQL aborts one of them. The other finishes, so trying again
 * (after a short random pause, so the two do not meet again) finds the queue made or makes it.
 */
async function createQueueRetryingDeadlocks(boss: PgBoss, name: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await boss.createQueue(name);
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

/** pg-boss keeps its tables in this schema of the host database. */
const PG_BOSS_SCHEMA = "agx_jobs";

/**
 * The job engine on PostgreSQL: pg-boss 10 schedules each job with its cron rule (UTC); every host running
 * `agx serve` works the queues, and pg-boss hands each run to one of them.
 */
export class PgBossJobEngine implements JobEngine {
  readonly kind = "pg-boss" as const;
  private readonly jobs = new Map<string, JobDefinition>();
  private boss: PgBoss | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly log: JobRunLog,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  register(job: JobDefinition): void {
    parseCron(job.cron); // the same subset as the in-process engine, so a schedule means the same on both
    this.jobs.set(job.name, job);
  }

  async start(): Promise<void> {
    // Loaded only when a serving host starts it: other subcommands never pay for pg-boss and its dependencies.
    const { default: PgBossClass } = await import("pg-boss");
    const boss = new PgBossClass({ connectionString: this.connectionString, schema: PG_BOSS_SCHEMA, max: 2, application_name: "agx-jobs" });
    boss.on("error", (error: Error) => this.logger.error("job engine error", { error: error.message }));
    await boss.start();
    this.boss = boss;
    for (const job of this.jobs.values()) {
      await createQueueRetryingDeadlocks(boss, job.name);
      await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
      await boss.work(job.name, async () => {
        const record = await runAndRecord(job, this.log, this.now);
        if (record.outcome === "failed") this.logger.warn("scheduled job failed", { job: job.name, ...record.summary });
      });
    }
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
  }

  schedules(): JobSchedule[] {
    return [...this.jobs.values()].map((job) => ({ name: job.name, description: job.description, cron: job.cron, engine: this.kind }));
  }

  runNow(name: string): Promise<JobRunRecord> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named "${name}"`);
    return runAndRecord(job, this.log, this.now);
  }
}
