import type { Runtime } from "@agx-ext/core/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { Note, NotesDemo } from "./fixtures/notes.js";
import { DATABASES, runtimeWith, createTestDatabase, tableRows, type TestDatabase } from "./support.js";

describe.each(DATABASES)("per-user scope and transactions on %s", (dialect) => {
  let scratch: TestDatabase;
  let db: Database;
  let runtime: Runtime;
  const as = (userId: string) => ({ userId });

  beforeAll(async () => {
    scratch = await createTestDatabase(dialect);
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    runtime = runtimeWith(db, [NotesDemo]);
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.stop();
    await scratch.drop();
  });

  it("writes the caller's id whatever the code or input claims, and reads only the caller's rows", async () => {
    const a = await runtime.execute("Add Note", { title: "alice's", owner: "bob" }, as("alice"));
    const b = await runtime.execute("Add Note", { title: "bob's" }, as("bob"));
    expect(a.data).toMatchObject({ userId: "alice", title: "alice's" });
    expect(b.data).toMatchObject({ userId: "bob" });
    expect((await runtime.execute("List Notes", {}, as("alice"))).data).toEqual([a.data]);
    expect((await runtime.execute("List Notes", {}, as("bob"))).data).toEqual([b.data]);
    expect((await runtime.execute("List Notes", {}, as("carol"))).data).toEqual([]);
  });

  it("refuses a user id the host's rule does not allow as INVALID_INPUT before the database sees it, and stores the longest allowed one", async () => {
    const longest = `u${"x".repeat(127)}`;
    expect((await runtime.execute("Add Note", { title: "long owner" }, as(longest))).data).toMatchObject({ userId: longest });
    for (const userId of ["u".repeat(256), "ü".repeat(10), "a\u0000b"])
      await expect(runtime.execute("Add Note", { title: "too long" }, as(userId))).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringContaining("not a valid user id"),
      });
    expect((await tableRows(db, "notes_demo_notes")).map((r) => r.title)).not.toContain("too long");
  });

  it("keeps guessed ids from reaching another user's rows, by find, reference or bulk query", async () => {
    const bobs = (await runtime.execute("Add Note", { title: "private", body: "bob only" }, as("bob"))).data as { id: number };
    await expect(runtime.execute("Get Note", { id: bobs.id }, as("alice"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runtime.execute("Rename Note", { id: bobs.id, title: "hacked" }, as("alice"))).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `Note ${bobs.id} was not found.`,
    });
    await expect(runtime.execute("Remove Note", { id: bobs.id }, as("alice"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await runtime.execute("Delete Note", { id: bobs.id }, as("alice"))).data).toEqual({ deleted: 0 });
    expect((await runtime.execute("Update Note Body", { id: bobs.id, body: "hacked" }, as("alice"))).data).toEqual({ updated: 0 });

    expect((await runtime.execute("Get Note", { id: bobs.id }, as("bob"))).data).toMatchObject({ title: "private", body: "bob only", userId: "bob" });
    // The owner can still do all of it.
    await runtime.execute("Rename Note", { id: bobs.id, title: "renamed" }, as("bob"));
    expect((await runtime.execute("Get Note", { id: bobs.id }, as("bob"))).data).toMatchObject({ title: "renamed" });
    expect((await runtime.execute("Delete Note", { id: bobs.id }, as("bob"))).data).toEqual({ deleted: 1 });
  });

  it("commits a call's writes together or not at all", async () => {
    await expect(runtime.execute("Add Two Then Fail", { title: "half" }, as("dave"))).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect((await runtime.execute("List Notes", {}, as("dave"))).data).toEqual([]);
    const rows = await tableRows(db, "notes_demo_notes");
    expect(rows.filter((r) => String(r.title).startsWith("half"))).toEqual([]);
  });

  it("maps a duplicate key to CONFLICT and upserts race-free to one row per key", async () => {
    await runtime.execute("Add Note", { title: "dup" }, as("erin"));
    await expect(runtime.execute("Add Note", { title: "dup" }, as("erin"))).rejects.toMatchObject({ code: "CONFLICT" });
    // Another user may use the same key.
    await runtime.execute("Add Note", { title: "dup" }, as("frank"));

    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => runtime.execute("Save Note", { title: "daily", body: `v${i}` }, as("erin"))));
    expect(results.some((r) => (r.data as { created: boolean }).created)).toBe(true);
    const rows = (await tableRows(db, "notes_demo_notes")).filter((r) => r.title === "daily");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: "erin" });
    expect(results.map((r) => (r.data as { body: string }).body)).toContain(rows[0]!.body);

    const again = await runtime.execute("Save Note", { title: "daily", body: "final" }, as("erin"));
    expect(again.data).toMatchObject({ created: false, body: "final", userId: "erin" });
  });

  it("ends concurrent only-write upserts of one key from two hosts sharing the database with one row", async () => {
    const other = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    const second = runtimeWith(other, [NotesDemo]);
    await second.start();
    try {
      const calls = Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? runtime : second).execute("Save Note Alone", { title: "shared day", body: `v${i}` }, as("kim")),
      );
      const results = (await Promise.all(calls)).map((r) => r.data as { id: number; created: boolean; body: string });
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      const rows = (await tableRows(db, "notes_demo_notes")).filter((r) => r.user_id === "kim");
      expect(rows).toHaveLength(1);
      expect(results.map((r) => r.body)).toContain(rows[0]!.body);
      // Another user's upsert of the same title through the other host is that user's own row; kim's is untouched.
      expect((await second.execute("Save Note Alone", { title: "shared day", body: "lee's" }, as("lee"))).data).toMatchObject({ created: true, userId: "lee" });
      expect((await tableRows(db, "notes_demo_notes")).filter((r) => r.user_id === "kim")).toEqual(rows);
    } finally {
      await second.stop();
    }
  });

  it("finds the caller's rows by equal values through a bound statement, never another user's", async () => {
    const find = async (user: string, input: Record<string, unknown>) =>
      ((await runtime.execute("Find Notes", input, as(user))).data as { title: string }[]).map((n) => n.title);
    for (const [title, body] of [
      ["g1", "x"],
      ["g2", "y"],
      ["g3", null],
    ] as const)
      await runtime.execute("Add Note", { title, ...(body ? { body } : {}) }, as("gina"));
    await runtime.execute("Add Note", { title: "h1", body: "x" }, as("hank"));

    expect(await find("gina", { body: "x" })).toEqual(["g1"]);
    expect(await find("hank", { body: "x" })).toEqual(["h1"]);
    expect(await find("ivan", { body: "x" })).toEqual([]);
    expect(await find("gina", { body: null })).toEqual(["g3"]);
    expect(await find("gina", {})).toEqual(["g1", "g2", "g3"]);
    // A value is bound, never part of the SQL.
    expect(await find("gina", { body: "x' or '1'='1" })).toEqual([]);
  });

  it("finds what the call changed before, unflushed, as em.find would", async () => {
    await runtime.execute("Add Note", { title: "j1", body: "old" }, as("jo"));
    expect((await runtime.execute("Find Notes", { body: "new", edit: "new" }, as("jo"))).data).toEqual([expect.objectContaining({ title: "j1", body: "new" })]);
    expect((await tableRows(db, "notes_demo_notes")).filter((r) => r.user_id === "jo")).toEqual([expect.objectContaining({ body: "new" })]);
  });

  it("refuses user-owned writes outside a call's scope", async () => {
    await expect(
      db.transaction(async (em) => {
        em.create(Note, { title: "orphan", userId: "alice" });
        await em.flush();
      }),
    ).rejects.toThrow("Note rows belong to users: change them through the EntityManager of a command call.");
    await expect(db.transaction((em) => em.find(Note, {}))).rejects.toThrow(/No arguments provided for filter 'agxUser'/);
  });
  const save = async (title: string, body: string, user = "ann") =>
    (await runtime.execute("Save Note", { title, body }, as(user))).data as { id: number; title: string; body: string; userId: string; created: boolean };

  it("upserts in one statement that tells a new row from an updated one, whatever was inserted last", async () => {
    expect(await save("a", "1")).toMatchObject({ created: true, body: "1" });
    expect(await save("a", "2")).toMatchObject({ created: false, body: "2" });
    await runtime.execute("Add Note", { title: "b" }, as("ann"));
    expect(await save("a", "3")).toMatchObject({ created: false, body: "3" });
    const c = await save("c", "1");
    expect(c).toMatchObject({ created: true });
    // The row the last insert made is the one updated now.
    expect(await save("c", "2")).toMatchObject({ created: false, id: c.id, body: "2" });
    // The same title of another user is that user's new row.
    expect(await save("c", "x", "ben")).toMatchObject({ created: true, userId: "ben" });
  });

  it("binds upsert values: quotes, placeholders and SQL in them are stored as written", async () => {
    const nasty = "it's ? $1 '); delete from notes_demo_notes; --";
    expect(await save(nasty, nasty)).toMatchObject({ created: true, title: nasty, body: nasty });
    expect(await save(nasty, `${nasty}!`)).toMatchObject({ created: false, body: `${nasty}!` });
    const rows = await tableRows(db, "notes_demo_notes");
    expect(rows.filter((r) => r.title === nasty)).toEqual([expect.objectContaining({ body: `${nasty}!`, user_id: "ann" })]);
    expect(rows.length).toBeGreaterThan(1);
  });

  it("keeps the same upsert answers when its prepared statement is reused many times", async () => {
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await save(`reused ${i % 4}`, `v${i}`));
    expect(results.map((r) => r.created)).toEqual(Array.from({ length: 20 }, (_, i) => i < 4));
    const rows = (await tableRows(db, "notes_demo_notes")).filter((r) => String(r.title).startsWith("reused "));
    expect(rows.map((r) => r.body).sort()).toEqual(["v16", "v17", "v18", "v19"]);
  });
});
