import { existsSync } from "node:fs";
import { rm, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { makeHostDir, removeDir } from "./helpers.js";
import { assertBuilt, runAgx } from "./process.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const INITIAL = "@agx-ext/workout-tracker Migration20260101000000_initial";
const RENAME = "@agx-ext/workout-tracker Migration20260201000000_rename_reps";

// Each test runs the built CLI several times, one process per step, as an operator would.
describe.each(DATABASES)("migrations of an installed extension on %s", { timeout: 240_000 }, (dialect) => {
  let database: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    assertBuilt();
    database = await createTestDatabase(dialect);
    dir = await makeHostDir();
  });
  afterEach(async () => {
    await database.drop();
    await removeDir(dir);
  });

  /** Installs (or upgrades to) one version of the workout tracker fixture, as npm would replace the package. */
  async function install(version: "v1" | "v2" | "broken" | "dev"): Promise<void> {
    const target = join(dir, "node_modules", "@agx-ext", "workout-tracker");
    await rm(target, { force: true });
    await symlink(join(fixtures, `tracker-${version}`), target, "dir");
  }
  const agx = (...args: string[]) => runAgx(args, dir, { AGX_DATABASE_URL: database.url, AGX_LOG_LEVEL: "error" });
  const goals = async () => {
    const listed = await agx("run", "List Goals", "--user", "alice");
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { data: unknown }).data;
  };

  it("upgrades from one version to the next: the renamed column keeps its data, and --dry-run lists what is pending", async () => {
    await install("v1");
    expect((await agx("migrate", "--dry-run")).stdout).toContain(INITIAL);
    expect((await agx("run", "Set Goal", "--user", "alice", "--input", '{"exercise":"squats","reps":12}')).code).toBe(0);

    await install("v2");
    const dryRun = await agx("migrate", "--dry-run", "--json");
    expect(JSON.parse(dryRun.stdout)).toEqual({
      pending: [{ package: "@agx-ext/workout-tracker", name: "Migration20260201000000_rename_reps", baseline: false }],
    });
    const doctor = await agx("doctor");
    expect(doctor.stdout).toContain("migrations pending");
    expect(doctor.stdout).toContain(RENAME);

    // Any start applies it; the data written by the first version is read through the renamed column.
    expect(await goals()).toEqual([{ exercise: "squats", reps: 12 }]);
    expect((await agx("migrate", "--dry-run")).stdout).toBe("no pending migrations");
    expect((await agx("doctor")).stdout).toContain("database migrations up to date");
  });

  it("refuses to start on a failed migration, naming it, and leaves the database as it was", async () => {
    await install("v1");
    expect((await agx("run", "Set Goal", "--user", "alice", "--input", '{"exercise":"squats","reps":12}')).code).toBe(0);

    await install("broken");
    const failed = await agx("run", "List Goals", "--user", "alice");
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("Migration Migration20260201000000_rename_reps of @agx-ext/workout-tracker failed");
    expect((await agx("migrate")).code).not.toBe(0);
    // Nothing of it stayed: the rename it made first was undone, and it is still pending.
    expect((await agx("migrate", "--dry-run")).stdout).toContain(RENAME);
    if (dialect === "sqlite") expect(existsSync(`${database.url.slice("sqlite:".length)}.before-migrations`)).toBe(true);

    await install("v1");
    expect(await goals()).toEqual([{ exercise: "squats", reps: 12 }]);
  });

  it("moves a package from schema sync to migrations: the initial migration recognises the tables (baseline) and keeps the rows", async () => {
    await install("dev");
    expect((await agx("run", "Set Goal", "--user", "alice", "--input", '{"exercise":"lunges","reps":8}')).code).toBe(0);

    await install("v1");
    expect(JSON.parse((await agx("migrate", "--dry-run", "--json")).stdout)).toEqual({
      pending: [{ package: "@agx-ext/workout-tracker", name: "Migration20260101000000_initial", baseline: true }],
    });
    await install("v2");
    expect(await goals()).toEqual([{ exercise: "lunges", reps: 8 }]);
  });

  it("applies each migration once when two hosts start together on one database", async () => {
    await install("v2");
    const [first, second] = await Promise.all([agx("migrate", "--json"), agx("migrate", "--json")]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const applied = [first, second].flatMap((r) => (JSON.parse(r.stdout) as { applied: { package: string; name: string }[] }).applied);
    const names = applied.map((m) => `${m.package} ${m.name}`);
    expect(names.filter((n) => n === INITIAL)).toHaveLength(1);
    expect(names.filter((n) => n === RENAME)).toHaveLength(1);
    expect(new Set(names).size).toBe(names.length);
    expect(await goals()).toEqual([]);
  });
});
