import { createTestHost, type TestHost } from "@agx-ext/testing";
import { createTestDatabase, type TestDatabase, type TestDialect } from "@agx-ext/testing/database";
import { WorkoutTracker } from "../src/index.js";

/** A host with the workout tracker on a fresh database, and a clock the test moves. */
export interface Tracker {
  host: TestHost;
  database: TestDatabase;
  /** Sets the host clock (UTC instant). */
  setNow(iso: string): void;
  run(name: string, input: Record<string, unknown>, userId?: string): Promise<any>;
  /** Rows of a workout tracker table, read with SQL outside any user scope. */
  rows(table: "daily_goals" | "daily_completions"): Promise<Record<string, unknown>[]>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTracker(dialect: TestDialect, timeZone = "UTC"): Promise<Tracker> {
  const database = await createTestDatabase(dialect);
  let now = new Date("2024-02-28T12:00:00Z");
  const open = () => createTestHost({ extensions: [WorkoutTracker], databaseUrl: database.url, dir: database.hostDir, timeZone, clock: () => now });
  let host = await open();
  const tracker: Tracker = {
    get host() {
      return host;
    },
    database,
    setNow: (iso) => void (now = new Date(iso)),
    run: async (name, input, userId = "alice") => (await host.execute(name, input, userId)).data,
    rows: (table) => host.services.database.orm.em.fork().getConnection().execute(`select * from workout_tracker_${table} order by id`),
    async restart() {
      await host.close();
      host = await open();
    },
    async close() {
      await host.close();
      await database.drop();
    },
  };
  return tracker;
}
