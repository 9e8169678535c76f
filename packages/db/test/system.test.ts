import { Runtime, type ServiceModule } from "@agx-ext/core/host";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo, VaultRow } from "./fixtures/notes.js";
import { DATABASES, loaded, createTestDatabase, tableNames, tableRows, type TestDatabase } from "./support.js";

describe.each(DATABASES)("system entities on %s", (dialect) => {
  let scratch: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    scratch = await createTestDatabase(dialect);
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
  });
  afterEach(async () => {
    await db.stop();
    await scratch.drop();
  });

  it("get their own unprefixed tables and are read across users in a system transaction", async () => {
    db.registerSystemEntities([VaultRow]);
    await db.start([loaded(NotesDemo)]);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["agx_test_vault", "notes_demo_notes"]));
    await db.transaction(async (em) => {
      em.create(VaultRow, { key: "a", owner: "alice" });
      em.create(VaultRow, { key: "b", owner: "bob" });
    });
    await expect(
      db.transaction(async (em) => {
        em.create(VaultRow, { key: "c", owner: "carol" });
        await em.flush();
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const rows = await db.transaction((em) => em.find(VaultRow, {}, { orderBy: { key: "asc" } }));
    expect(rows.map((r) => r.owner)).toEqual(["alice", "bob"]);
  });

  it("lets a later module (like auth) write system rows inside a call, committed or rolled back with it", async () => {
    db.registerSystemEntities([VaultRow]);
    let calls = 0;
    const vaultModule: ServiceModule = {
      name: "vault",
      around: async (scope, next) => {
        await db.transaction(async (em) => {
          em.create(VaultRow, { key: `call-${++calls}`, owner: scope.context.userId });
        });
        return next();
      },
    };
    const runtime = new Runtime({ extensions: [loaded(NotesDemo)], modules: [db.module, vaultModule], timeZone: "UTC" });
    await runtime.start();
    await runtime.execute("Add Note", { title: "one" }, { userId: "alice" });
    await expect(runtime.execute("Add Two Then Fail", { title: "two" }, { userId: "alice" })).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    const rows = await db.transaction((em) => em.find(VaultRow, {}, { orderBy: { key: "asc" } }));
    expect(rows.map((r) => [r.key, r.owner])).toEqual([["call-1", "alice"]]);
    expect((await tableRows(db, "notes_demo_notes")).map((r) => r.title)).toEqual(["one"]);
  });
});
