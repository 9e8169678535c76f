import type { Logger } from "@agx-ext/core";
import { nextRun, parseCron, type CronRule } from "./cron.js";
import type { JobDefinition, JobEngine, JobRunRecord, JobSchedule } from "./engine.js";
import { runAndRecord, type JobRunLog } from "./run-log.js";

/** The clock the scheduler reads and arms its timer with; tests pass a fake one and call `tick()`. */
export interface SchedulerClock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: SchedulerClock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Longest single wait: the timer is re-armed at least hourly, so a clock that jumped is noticed. */
const MAX_WAIT_MS = 3_600_000;

/**
 * The job engine of the embedded SQLite database (one host): runs each job when its cron rule is due, one run at
 * a time, and records runs like pg-boss's engine does. A run missed while the host was down happens at the next
 * due time, not at start-up.
 */
export class InProcessJobEngine implements JobEngine {
  readonly kind = "in-process" as const;
  private readonly jobs = new Map<string, { job: JobDefinition; rule: CronRule; next?: Date }>();
  private timer: unknown;
  private running = false;
  private current: Promise<void> | undefined;

  constructor(
    private readonly log: JobRunLog,
    private readonly logger: Logger,
    private readonly clock: SchedulerClock = systemClock,
  ) {}

  register(job: JobDefinition): void {
    this.jobs.set(job.name, { job, rule: parseCron(job.cron) });
  }

  async start(): Promise<void> {
    this.running = true;
    const now = this.clock.now();
    for (const entry of this.jobs.values()) entry.next = nextRun(entry.rule, now);
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  schedules(): JobSchedule[] {
    return [...this.jobs.values()].map(({ job }) => ({ name: job.name, description: job.description, cron: job.cron, engine: this.kind }));
  }

  /** When each job runs next (after start). */
  nextRuns(): Record<string, Date | undefined> {
    return Object.fromEntries([...this.jobs].map(([name, entry]) => [name, entry.next]));
  }

  runNow(name: string): Promise<JobRunRecord> {
    const entry = this.jobs.get(name);
    if (!entry) throw new Error(`no job named "${name}"`);
    return runAndRecord(entry.job, this.log, () => this.clock.now());
  }

  /** Runs every job that is due now, then waits for the next one. The timer calls it; tests call it after moving the clock. */
  async tick(): Promise<JobRunRecord[]> {
    if (this.current) await this.current;
    const done: JobRunRecord[] = [];
    const work = (async () => {
      for (const entry of this.jobs.values()) {
        const now = this.clock.now();
        if (!this.running || !entry.next || entry.next.getTime() > now.getTime()) continue;
        entry.next = nextRun(entry.rule, now);
        const record = await runAndRecord(entry.job, this.log, () => this.clock.now());
        if (record.outcome === "failed") this.logger.warn("scheduled job failed", { job: entry.job.name, ...record.summary });
        done.push(record);
      }
    })();
    this.current = work;
    try {
      await work;
    } finally {
      this.current = undefined;
      this.arm();
    }
    return done;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    const soonest = Math.min(...[...this.jobs.values()].map((entry) => entry.next?.getTime() ?? Number.POSITIVE_INFINITY));
    if (!Number.isFinite(soonest)) return;
    const wait = Math.min(Math.max(0, soonest - this.clock.now().getTime()), MAX_WAIT_MS);
    this.timer = this.clock.setTimeout(() => void this.tick(), wait);
  }
}
