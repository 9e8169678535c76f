/** A scheduled job: what runs, and when (a cron expression in UTC, in the subset both engines understand). */
export interface JobDefinition {
  name: string;
  description: string;
  /** `m h * * *` (daily), `m * * * *` (hourly) or `*\/n * * * *` (every n minutes), UTC. */
  cron: string;
  /** Does the work; the returned summary is recorded with the run (no secrets: it is shown by `agx jobs`). */
  run(): Promise<Record<string, unknown>>;
}

export interface JobSchedule {
  name: string;
  description: string;
  cron: string;
  /** The engine running it: pg-boss on PostgreSQL (each run once across hosts), in-process on SQLite. */
  engine: JobEngine["kind"];
}

/**
 * The interface both job engines share: pg-boss (PostgreSQL: several hosts share the work and each run happens
 * once) and a small in-process scheduler (the embedded SQLite, one host).
 */
export interface JobEngine {
  readonly kind: "pg-boss" | "in-process";
  /** Declares a job; call before start. */
  register(job: JobDefinition): void;
  /** Starts running the schedule (only `agx serve` does). */
  start(): Promise<void>;
  stop(): Promise<void>;
  schedules(): JobSchedule[];
  /** Runs a job now, outside its schedule, recording the run like a scheduled one. */
  runNow(name: string): Promise<JobRunRecord>;
}

/** One finished run, as recorded in agx_job_runs. */
export interface JobRunRecord {
  name: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: "ok" | "failed";
  summary: Record<string, unknown>;
}
