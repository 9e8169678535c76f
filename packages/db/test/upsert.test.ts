import type { Runtime } from "@agx-ext/core/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo } from "./fixtures/notes.js";
import { DIALECTS, runtimeWith, scratchDatabase, tableRows, type Scratch } from "./support.js";

describe.each(DIALECTS)("upsertOwned as one bound statement on %s", (dialect) => {
  let scratch: Scratch;
  let db: Database;
  let runtime: Runtime;
  const as = (userId: string) => ({ userId });
  const save = async (title: string, body: string, user = "ann") =>
    (await runtime.execute("Save Note", { title, body }, as(user))).data as { id: number; title: string; body: string; userId: string; created: boolean };

  beforeAll(async () => {
    scratch = await scratchDatabase(dialect);
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    runtime = runtimeWith(db, [NotesDemo]);
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.stop();
    await scratch.drop();
  });

  it("tells a new row from an updated one, whatever was inserted last", async () => {
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

  it("binds values: quotes, placeholders and SQL in them are stored as written", async () => {
    const nasty = "it's ? $1 '); delete from notes_demo_notes; --";
    expect(await save(nasty, nasty)).toMatchObject({ created: true, title: nasty, body: nasty });
    expect(await save(nasty, `${nasty}!`)).toMatchObject({ created: false, body: `${nasty}!` });
    const rows = await tableRows(db, "notes_demo_notes");
    expect(rows.filter((r) => r.title === nasty)).toEqual([expect.objectContaining({ body: `${nasty}!`, user_id: "ann" })]);
    expect(rows.length).toBeGreaterThan(1);
  });

  it("keeps the same answers when a statement is reused many times", async () => {
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await save(`r${i % 4}`, `v${i}`));
    expect(results.map((r) => r.created)).toEqual(Array.from({ length: 20 }, (_, i) => i < 4));
    const rows = (await tableRows(db, "notes_demo_notes")).filter((r) => String(r.title).startsWith("r"));
    expect(rows.map((r) => r.body).sort()).toEqual(["v16", "v17", "v18", "v19"]);
  });
});
