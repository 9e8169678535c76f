import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { createHost, type Host } from "../src/host.js";
import { makeHostDir, removeDir, REPO_ROOT } from "./helpers.js";

// A changed entity without a migration would leave released databases behind: the migrations the host,
// auth and the workout tracker ship must create exactly the tables their entities describe.
describe.each(DATABASES)("the shipped migrations on %s", { timeout: 120_000 }, (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let host: Host | undefined;
  afterEach(async () => {
    await host?.close();
    await database.drop();
    await removeDir(dir);
  });

  it("create the schema the entities describe: nothing is left for schema sync to add or change", async () => {
    database = await createTestDatabase(dialect);
    dir = await makeHostDir({ "workout-tracker": join(REPO_ROOT, "extensions/workout-tracker") });
    host = await createHost({ dir, env: { AGX_DATABASE_URL: database.url, AGX_LOG_LEVEL: "error" } });
    await host.start();
    const applied = host.services.database.appliedMigrations.map((m) => m.package);
    expect(new Set(applied)).toEqual(new Set(["@agx-ext/host", "@agx-ext/auth", "@agx-ext/workout-tracker"]));
    const diff = await host.services.database.orm.getSchemaGenerator().getUpdateSchemaSQL({ safe: false, dropTables: false, wrap: false });
    expect(diff.trim()).toBe("");
  });
});
