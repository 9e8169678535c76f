import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EntitySchema } from "@mikro-orm/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LEDGER_TABLE, openDatabase, type Database } from "../src/index.js";
import { DATABASES, createTestDatabase, tableNames, type TestDatabase } from "./support.js";

const LegacyItem = new EntitySchema<{ id: number; label: string }>({
  name: "LegacyItem",
  tableName: "legacy_items",
  properties: { id: { type: "integer", primary: true }, label: { type: "string", length: 50 } },
});
const folder = { package: "@test/legacy", folder: join(dirname(fileURLToPath(import.meta.url)), "fixtures", "legacy-migrations") };

describe.each(DATABASES)("a database made by schema sync, before migrations existed, on %s", (dialect) => {
  let scratch: TestDatabase;
  let db: Database | undefined;
  beforeEach(async () => {
    scratch = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await db?.stop();
    await scratch.drop();
  });

  it("upgrades cleanly: the initial migration is recorded as the baseline, not run, and the rows stay", async () => {
    // What an earlier host left: the table made by additive sync, rows in it, and no migrations table.
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    db.registerSystemEntities([LegacyItem]);
    await db.start([]);
    const sql = db.orm.em.getConnection();
    await sql.execute("insert into legacy_items (id, label) values (1, 'kept')");
    expect(await tableNames(db)).not.toContain(LEDGER_TABLE);
    await db.stop();

    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    db.registerSystemEntities([LegacyItem], folder);
    expect((await db.pendingMigrations([])).pending).toMatchObject([{ package: "@test/legacy", name: "Migration20260101000000_initial", baseline: true }]);
    await db.start([]);
    expect(db.appliedMigrations).toMatchObject([{ name: "Migration20260101000000_initial", baseline: true }]);
    expect(await tableNames(db)).toContain(LEDGER_TABLE);
    expect(await db.orm.em.getConnection().execute("select label from legacy_items")).toEqual([{ label: "kept" }]);
    expect((await db.pendingMigrations([])).pending).toEqual([]);
  });
});
