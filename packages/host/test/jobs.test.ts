import { silentLogger } from "@agx-ext/core/host";
import { openDatabase, type Database } from "@agx-ext/db";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { main } from "../src/cli/index.js";
import { nextRun, parseCron } from "@agx-ext/services/internals";
import { InProcessJobEngine, JobRunLog, KEEP_ALIVE_JOB, type SchedulerClock } from "@agx-ext/services";
import { PgBossJobEngine } from "@agx-ext/services/internals";
import { makeHostDir, removeDir } from "./helpers.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startDatabase(testDb: TestDatabase): Promise<{ database: Database; log: JobRunLog }> {
  const database = openDatabase({ hostDir: testDb.hostDir, url: testDb.url });
  const { JobRun } = await import("@agx-ext/services/internals");
  database.registerSystemEntities([JobRun]);
  const log = new JobRunLog(database);
  await database.start([]);
  cleanups.push(() => database.stop());
  return { database, log };
}

/** A clock the test moves; the scheduler's timer never fires on its own (the test calls tick). */
function fakeClock(start: string) {
  let now = new Date(start);
  const armed: number[] = [];
  const clock: SchedulerClock = { now: () => now, setTimeout: (_fn, ms) => armed.push(ms), clearTimeout: () => undefined };
  return { clock, armed, set: (iso: string) => (now = new Date(iso)) };
}

describe("cron rules", () => {
  it("computes the next run of daily, hourly and every-n-minutes rules in UTC, and names a rule it does not take", () => {
    expect(nextRun(parseCron("17 3 * * *"), new Date("2026-01-01T02:00:00Z")).toISOString()).toBe("2026-01-01T03:17:00.000Z");
    expect(nextRun(parseCron("17 3 * * *"), new Date("2026-01-01T03:17:00Z")).toISOString()).toBe("2026-01-02T03:17:00.000Z");
    expect(nextRun(parseCron("5 * * * *"), new Date("2026-01-01T10:30:00Z")).toISOString()).toBe("2026-01-01T11:05:00.000Z");
    expect(nextRun(parseCron("*/15 * * * *"), new Date("2026-01-01T10:31:10Z")).toISOString()).toBe("2026-01-01T10:45:00.000Z");
    for (const bad of ["* * * * *", "61 3 * * *", "0 24 * * *", "0 3 * * 1", "*/0 * * * *", "0 3"]) expect(() => parseCron(bad)).toThrow(/is not one of/);
  });
});

describe("the in-process job engine (SQLite), driven by a fake clock", () => {
  it("runs a job when it is due, once, records each run and a failure, and waits for the next due time", async () => {
    const testDb = await createTestDatabase("sqlite");
    cleanups.push(() => testDb.drop());
    const { log } = await startDatabase(testDb);
    const time = fakeClock("2026-03-01T02:00:00Z");
    const engine = new InProcessJobEngine(log, silentLogger, time.clock);
    let runs = 0;
    engine.register({
      name: "keep",
      description: "test job",
      cron: "17 3 * * *",
      run: async () => {
        runs++;
        if (runs === 2) throw Object.assign(new Error("provider down"), { code: "PROVIDER_ERROR" });
        return { refreshed: runs };
      },
    });
    await engine.start();
    cleanups.push(() => engine.stop());
    expect(time.armed.at(-1)).toBe(3_600_000); // 77 minutes away: re-armed within the hour

    expect(await engine.tick()).toEqual([]); // not due yet
    time.set("2026-03-01T03:17:30Z");
    expect((await engine.tick()).map((r) => r.outcome)).toEqual(["ok"]);
    expect(await engine.tick()).toEqual([]); // once per due time
    expect(engine.nextRuns().keep?.toISOString()).toBe("2026-03-02T03:17:00.000Z");

    time.set("2026-03-02T03:20:00Z");
    expect((await engine.tick()).map((r) => r.outcome)).toEqual(["failed"]);
    const recorded = await log.last("keep");
    expect(recorded.map((r) => [r.outcome, r.summary])).toEqual([
      ["failed", { code: "PROVIDER_ERROR", message: "provider down" }],
      ["ok", { refreshed: 1 }],
    ]);
    expect(runs).toBe(2);
    await engine.stop();
    time.set("2026-03-05T03:20:00Z");
    expect(await engine.tick()).toEqual([]); // stopped: nothing runs
  });
});

describe("the pg-boss job engine (PostgreSQL)", () => {
  it("two hosts schedule the job, and a run queued once is worked by exactly one of them", async () => {
    const testDb = await createTestDatabase("postgresql");
    cleanups.push(() => testDb.drop());
    const { log } = await startDatabase(testDb);
    let runs = 0;
    const job = { name: "keep-pg", description: "test job", cron: "17 3 * * *", run: async () => ({ run: ++runs }) };
    const engines = [new PgBossJobEngine(testDb.url, log, silentLogger), new PgBossJobEngine(testDb.url, log, silentLogger)];
    for (const engine of engines) {
      engine.register(job);
      await engine.start();
      cleanups.push(() => engine.stop());
    }
    const PgBoss = (await import("pg-boss")).default;
    const boss = new PgBoss({ connectionString: testDb.url, schema: "agx_jobs" });
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: false, wait: true }));
    // pg-boss's rows carry the time zone as `timezone`, which its types do not declare.
    expect((await boss.getSchedules()).map((s) => [s.name, s.cron, (s as { timezone?: string }).timezone])).toEqual([["keep-pg", "17 3 * * *", "UTC"]]);

    await boss.send("keep-pg", {});
    const deadline = Date.now() + 20_000; // liveness bound: pg-boss workers poll every 2 s
    while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_500)); // a second worker would have picked it up by now
    expect(runs).toBe(1);
    expect((await log.last("keep-pg")).map((r) => [r.outcome, r.summary])).toEqual([["ok", { run: 1 }]]);
  });
});

describe("agx jobs", () => {
  it("lists the keep-alive job with its engine and schedule, runs it on demand and shows the run", async () => {
    const dir = await makeHostDir();
    cleanups.push(() => removeDir(dir));
    const env = { AGX_LOG_LEVEL: "silent" };
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: () => undefined };
    expect(await main(["jobs", "--json"], io, { dir, env })).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual([
      expect.objectContaining({ name: KEEP_ALIVE_JOB, engine: "in-process", cron: "17 3 * * *", lastRuns: [] }),
      expect.objectContaining({ name: "trigger-polls", engine: "in-process", cron: "*/1 * * * *" }),
      expect.objectContaining({ name: "event-deliveries", engine: "in-process", cron: "*/1 * * * *" }),
      expect.objectContaining({ name: "events-cleanup", engine: "in-process", cron: "23 3 * * *" }),
      expect.objectContaining({ name: "webhook-setup", engine: "in-process", cron: "37 5 * * *" }),
      expect.objectContaining({ name: "console-cleanup", engine: "in-process", cron: "41 4 * * *" }),
    ]);
    expect(await main(["jobs", "run", KEEP_ALIVE_JOB], io, { dir, env })).toBe(0);
    expect(out[1]).toBe(`${KEEP_ALIVE_JOB}: ok {"checked":0,"refreshed":0,"failed":[],"keys":{"checked":0,"refused":[],"failed":[]},"unreadable":0}`);
    expect(await main(["jobs"], io, { dir, env })).toBe(0);
    expect(out[2]).toMatch(new RegExp(`${KEEP_ALIVE_JOB}\\s+in-process\\s+17 3 \\* \\* \\*\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+ok`));
    expect(await main(["jobs", "run", "console-cleanup"], io, { dir, env })).toBe(0);
    expect(out[3]).toBe('console-cleanup: ok {"calls":0,"sessions":0,"loginLinks":0}');
    const err: string[] = [];
    expect(await main(["jobs", "run", "nope"], { out: () => undefined, err: (t) => void err.push(t) }, { dir, env })).toBe(2);
    expect(err[0]).toContain('no job named "nope"');
  });
});
