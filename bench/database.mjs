// Database: `Mark Exercise Complete` through the whole runtime against the same upsert written as one
// raw SQL statement through the same MikroORM connection, on SQLite and on PostgreSQL; and the read-only
// `Get Daily Goals` against one raw select of the same rows (a read-only call opens no transaction).
import { resolve } from "node:path";
import { ROOT, figure } from "./lib.mjs";

const CALLS = { sqlite: 2_000, postgresql: 1_000 };
const TABLE = "workout_tracker_daily_completions";

/** The upsert as one statement; MikroORM's connection takes `?` placeholders on every dialect. */
function rawUpsert() {
  const columns = [
    "user_id",
    "exercise_name",
    "completion_date",
    "completed_reps",
    "completed_sets",
    "completed_weight",
    "completed_duration",
    "notes",
    "completed_at",
  ];
  const updated = columns.slice(3, 7).concat("completed_at");
  return `insert into ${TABLE} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})
    on conflict (user_id, exercise_name, completion_date) do update set ${updated.map((c) => `${c} = excluded.${c}`).join(", ")}
    returning *`;
}

async function rates(dialect) {
  const { createTestDatabase } = await import(resolve(ROOT, "packages/test-servers/dist/database.js"));
  const { createTestHost } = await import(resolve(ROOT, "packages/testing/dist/index.js"));
  const { WorkoutTracker } = await import(resolve(ROOT, "extensions/workout-tracker/dist/index.js"));
  const db = await createTestDatabase(dialect);
  const host = await createTestHost({ extensions: [WorkoutTracker], databaseUrl: db.url, dir: db.hostDir });
  try {
    const calls = CALLS[dialect];
    const day = (i) => `2026-0${1 + (i % 9)}-1${i % 10}`; // 90 distinct days: inserts and updates mixed
    const input = (i) => ({ exercise_name: "curls", completed_reps: i % 50, completion_date: day(i) });
    const connection = host.services.database.orm.em.getConnection();
    const sql = rawUpsert();
    const params = (i) => ["raw", "curls", day(i), i % 50, 1, 0, 0, "", new Date()];
    const [runtimeRate, rawRate] = await compare(
      calls,
      (i) => host.execute("Mark Exercise Complete", input(i), "bench"),
      (i) => connection.execute(sql, params(i), "all"),
    );

    for (const name of ["curls", "squats", "rows"]) await host.execute("Set Daily Goal", { exercise_name: name, target_reps: 10 }, "bench");
    const select = "select * from workout_tracker_daily_goals where user_id = ? and active = ?";
    const [goalsRate, selectRate] = await compare(
      calls,
      () => host.execute("Get Daily Goals", {}, "bench"),
      () => connection.execute(select, ["bench", true], "all"),
    );
    return [
      figure(`Mark Exercise Complete on ${dialect} (vs one raw upsert statement)`, runtimeRate, rawRate, "calls/s", { better: "higher", target: ">= 0.5x" }),
      figure(`Get Daily Goals on ${dialect} (vs one raw select statement)`, goalsRate, selectRate, "calls/s", { better: "higher" }),
    ];
  } finally {
    await host.close();
    await db.drop();
  }
}

const ROUNDS = 10;

/**
 * Calls per second of `a` and of `b`, `calls` of each. Both are first run `calls` times untimed: a call through
 * the runtime runs far more code than one statement, and V8 takes a couple of thousand calls to optimise it
 * (about 1.8 ms per call in the first hundreds on SQLite, 0.35 ms after 2,000), so a short warm-up timed a cold
 * path against a warm statement. Then they are timed in alternating batches, so that load from other processes
 * on the machine weighs on both alike instead of on whichever ran while it lasted.
 */
async function compare(calls, a, b) {
  for (let i = 0; i < calls; i++) await a(i);
  for (let i = 0; i < calls; i++) await b(i);
  const elapsed = [0n, 0n];
  const batch = Math.ceil(calls / ROUNDS);
  for (let round = 0; round < ROUNDS; round++)
    for (const [side, call] of [a, b].entries()) {
      const started = process.hrtime.bigint();
      for (let i = round * batch; i < (round + 1) * batch; i++) await call(i);
      elapsed[side] += process.hrtime.bigint() - started;
    }
  return elapsed.map((ns) => (batch * ROUNDS) / (Number(ns) / 1e9));
}

export async function benchDatabase() {
  return [...(await rates("sqlite")), ...(await rates("postgresql"))];
}
