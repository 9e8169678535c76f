import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo, VaultRow } from "./fixtures/notes.js";
import { DIALECTS, loaded, scratchDatabase, tableNames, type Scratch } from "./support.js";

describe.each(DIALECTS)("system entities on %s", (dialect) => {
  let scratch: Scratch;
  let db: Database;
  beforeEach(async () => {
    scratch = await scratchDatabase(dialect);
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
});
