import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo, TagsDemo, LooseDemo } from "./fixtures/notes.js";
import { DATABASES, loaded, runtimeWith, createTestDatabase, tableNames, tableRows, type TestDatabase } from "./support.js";

describe.each(DATABASES)("schema sync on %s", (dialect) => {
  let scratch: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    scratch = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await db?.stop();
    await scratch.drop();
  });

  const open = () => (db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url }));

  it("creates prefixed tables, is a no-op on the second start, keeps data and adds a later extension's tables", async () => {
    open();
    await db.start([loaded(NotesDemo)]);
    expect(db.appliedSchemaSql).toMatch(/notes_demo_notes/);
    expect(await tableNames(db)).toContain("notes_demo_notes");
    const runtime = runtimeWith(db, [NotesDemo]);
    await runtime.execute("Add Note", { title: "kept" }, { userId: "alice" });
    await db.stop();

    open();
    await db.start([loaded(NotesDemo)]);
    expect(db.appliedSchemaSql).toBe("");
    await db.stop();

    open();
    await db.start([loaded(NotesDemo), loaded(TagsDemo)]);
    expect(db.appliedSchemaSql).toMatch(/tags_demo_tag/);
    expect(db.appliedSchemaSql).not.toMatch(/drop /i);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(["notes_demo_notes", "tags_demo_tag"]));
    expect((await tableRows(db, "notes_demo_notes")).map((r) => r.title)).toEqual(["kept"]);
  });

  it("never drops: tables of an uninstalled extension and columns it does not know survive", async () => {
    open();
    await db.start([loaded(NotesDemo), loaded(TagsDemo)]);
    const runtime = runtimeWith(db, [NotesDemo, TagsDemo]);
    await runtime.execute("Add Tag", { label: "red" }, { userId: "alice" });
    await db.orm.em.fork().getConnection().execute("alter table notes_demo_notes add column legacy_color varchar(20)");
    await db.stop();

    open();
    await db.start([loaded(NotesDemo)]);
    expect(db.appliedSchemaSql).toBe("");
    expect(await tableNames(db)).toContain("tags_demo_tag");
    expect((await tableRows(db, "tags_demo_tag")).map((r) => r.label)).toEqual(["red"]);
    await db.orm.em.fork().getConnection().execute("insert into notes_demo_notes (user_id, title, legacy_color) values ('alice', 'x', 'blue')");
    expect((await tableRows(db, "notes_demo_notes"))[0]).toMatchObject({ legacy_color: "blue" });
  });

  it("refuses an extension entity that has no user", async () => {
    open();
    await expect(db.start([loaded(LooseDemo)])).rejects.toThrow(
      'Extension "loose-demo": entity Loose must extend UserOwned from @agx-ext/db so its rows stay per user.',
    );
  });
});

describe("schema sync on a shared PostgreSQL database", () => {
  it("lets hosts that start at the same moment take turns: one creates the tables, the others apply nothing", async () => {
    const scratch = await createTestDatabase("postgresql");
    const hosts = Array.from({ length: 4 }, () => openDatabase({ hostDir: scratch.hostDir, url: scratch.url }));
    try {
      await Promise.all(hosts.map((db) => db.start([loaded(NotesDemo), loaded(TagsDemo)])));
      const applied = hosts.map((db) => db.appliedSchemaSql);
      expect(applied.filter((sql) => sql !== "")).toHaveLength(1);
      expect(await tableNames(hosts[0]!)).toEqual(expect.arrayContaining(["notes_demo_notes", "tags_demo_tag"]));
    } finally {
      await Promise.all(hosts.map((db) => db.stop()));
      await scratch.drop();
    }
  });
});

describe("schema sync on a shared SQLite file", () => {
  const startScript = fileURLToPath(new URL("./fixtures/start-on-shared-file.mjs", import.meta.url));

  it("lets processes that start at the same moment take turns: one creates the tables, the others apply nothing", async () => {
    const scratch = await createTestDatabase("sqlite");
    try {
      // Separate processes: SQLite's lock is per connection, and one process's connections would wait on
      // each other synchronously.
      const startAt = String(Date.now() + 5_000);
      const runs = await Promise.all(
        Array.from({ length: 3 }, () => promisify(execFile)(process.execPath, [startScript, scratch.hostDir, scratch.url, startAt], { timeout: 60_000 })),
      );
      const applied = runs.map((run) => (JSON.parse(run.stdout) as { applied: boolean }).applied);
      expect(applied.filter(Boolean)).toHaveLength(1);
    } finally {
      await scratch.drop();
    }
  }, 90_000);
});
