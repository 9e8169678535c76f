import { mikroOrm } from "@agx-ext/db";
import type { Database } from "@agx-ext/db";
import type { JobRunRecord } from "./engine.js";

interface JobRunRow {
  id?: number;
  name: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: string;
  /** JSON summary (counts, error code): never secrets. */
  summary: string;
}

export const JobRun = new mikroOrm.EntitySchema<JobRunRow>({
  name: "AgxJobRun",
  tableName: "agx_job_runs",
  indexes: [{ properties: ["name", "startedAt"] }],
  properties: {
    id: { type: "integer", primary: true, autoincrement: true },
    name: { type: "string", length: 100 },
    startedAt: { type: "datetime", fieldName: "started_at" },
    finishedAt: { type: "datetime", fieldName: "finished_at" },
    outcome: { type: "string", length: 20 },
    summary: { type: "text" },
  },
});

/** How many runs per job are kept; older ones are deleted as new ones are recorded. */
const KEEP_RUNS = 50;

/** The record of job runs both engines write and `agx jobs` reads, in the host database. */
export class JobRunLog {
  constructor(private readonly database: Database) {}

  async record(run: JobRunRecord): Promise<void> {
    await this.database.transaction(async (em) => {
      await em.insert(JobRun, { ...run, summary: JSON.stringify(run.summary) });
      const old = await em.find(JobRun, { name: run.name }, { orderBy: { startedAt: "desc" }, offset: KEEP_RUNS, fields: ["id"], disableIdentityMap: true });
      if (old.length) await em.nativeDelete(JobRun, { id: { $in: old.map((row) => row.id!) } });
    });
  }

  async last(name: string, limit = 5): Promise<JobRunRecord[]> {
    const rows = await this.database.read((em) => em.find(JobRun, { name }, { orderBy: { startedAt: "desc" }, limit, disableIdentityMap: true }));
    return rows.map((row) => ({
      name: row.name,
      startedAt: new Date(row.startedAt),
      finishedAt: new Date(row.finishedAt),
      outcome: row.outcome === "ok" ? "ok" : "failed",
      summary: JSON.parse(row.summary) as Record<string, unknown>,
    }));
  }
}

/** Runs a job and records the run; a failure is recorded (its code and message), not thrown. */
export async function runAndRecord(job: { name: string; run(): Promise<Record<string, unknown>> }, log: JobRunLog, now: () => Date): Promise<JobRunRecord> {
  const startedAt = now();
  let record: JobRunRecord;
  try {
    record = { name: job.name, startedAt, finishedAt: now(), outcome: "ok", summary: await job.run() };
    record.finishedAt = now();
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    record = {
      name: job.name,
      startedAt,
      finishedAt: now(),
      outcome: "failed",
      summary: { code: failure.code ?? "INTERNAL", message: String(failure.message ?? error).slice(0, 300) },
    };
  }
  await log.record(record);
  return record;
}
