import type { Logger } from "@agx-ext/core";
import { Runtime } from "@agx-ext/core/host";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo } from "./fixtures/notes.js";
import { DATABASES, loaded, createTestDatabase, tableRows, type TestDatabase } from "./support.js";

/** A statement as the driver (knex) sent it, and whether it ran inside a transaction. */
interface Sent {
  sql: string;
  inTransaction: boolean;
}

describe.each(DATABASES)("a command call's transaction on %s opens at its first write", (dialect) => {
  let scratch: TestDatabase;
  let db: Database;
  let runtime: Runtime;
  let sent: Sent[] = [];
  /** Messages of the errors the runtime logged for calls that crashed (they answer INTERNAL). */
  let crashes: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (_message, fields) => void crashes.push(String((fields?.error as { message?: string } | undefined)?.message)),
    child: () => logger,
  };
  const as = (userId: string) => ({ userId });
  const transactionStatements = () => sent.filter((s) => /^\s*(begin|commit|rollback)\b/i.test(s.sql)).map((s) => s.sql.replace(/;$/, "").trim().toLowerCase());

  beforeAll(async () => {
    scratch = await createTestDatabase(dialect);
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    runtime = new Runtime({ extensions: [loaded(NotesDemo)], modules: [db.module], timeZone: "UTC", logger });
    await runtime.start();
    // Every statement knex sends, transaction control included, as the driver receives it.
    const knex = (
      db.orm.em.getConnection() as unknown as { getKnex(): { on(event: "query", fn: (q: { sql: string; __knexTxId?: string }) => void): void } }
    ).getKnex();
    knex.on("query", (q) => sent.push({ sql: q.sql, inTransaction: q.__knexTxId !== undefined }));
  });
  afterAll(async () => {
    await runtime?.stop();
    await scratch.drop();
  });
  beforeEach(() => {
    sent = [];
    crashes = [];
  });

  it("sends no BEGIN or COMMIT for a command that only reads, and its reads run outside any transaction", async () => {
    await runtime.execute("Add Note", { title: "first" }, as("rita"));
    sent = [];
    const listed = await runtime.execute("List Notes", {}, as("rita"));
    expect(listed.data).toEqual([expect.objectContaining({ title: "first" })]);
    expect(transactionStatements()).toEqual([]);
    const reads = sent.filter((s) => /^\s*select\b/i.test(s.sql));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((s) => !s.inTransaction)).toBe(true);
  });

  it("wraps a command's writes in one transaction that commits", async () => {
    await runtime.execute("Add Note", { title: "committed" }, as("walt"));
    expect(transactionStatements()).toEqual(["begin", "commit"]);
    const insert = sent.find((s) => /^\s*insert\b/i.test(s.sql));
    expect(insert?.inTransaction).toBe(true);
    expect((await runtime.execute("List Notes", {}, as("walt"))).data).toEqual([expect.objectContaining({ title: "committed" })]);
  });

  it("runs reads before the first write outside the transaction and flushes what the command left pending inside it", async () => {
    await runtime.execute("Add Note", { title: "existing" }, as("cleo"));
    sent = [];
    expect((await runtime.execute("Count Then Add", {}, as("cleo"))).data).toEqual({ title: "note 2" });
    const count = sent.find((s) => /count\(/i.test(s.sql));
    expect(count?.inTransaction).toBe(false);
    expect(transactionStatements()).toEqual(["begin", "commit"]);
    expect((await runtime.execute("List Notes", {}, as("cleo"))).data).toEqual([
      expect.objectContaining({ title: "existing" }),
      expect.objectContaining({ title: "note 2" }),
    ]);
  });

  it("rolls back every write of a failed call: flushes, bulk updates after reads, and bound upserts", async () => {
    await runtime.execute("Add Note", { title: "kept", body: "as it was" }, as("fay"));
    const before = await tableRows(db, "notes_demo_notes");
    sent = [];

    await expect(runtime.execute("Add Two Then Fail", { title: "half" }, as("fay"))).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(transactionStatements()).toEqual(["begin", "rollback"]);
    sent = [];
    await expect(runtime.execute("Read, Update Then Fail", { body: "changed" }, as("fay"))).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(transactionStatements()).toEqual(["begin", "rollback"]);
    sent = [];
    // upsertOwned sends its statement itself (bound, prepared), not through knex: only BEGIN and ROLLBACK show.
    await expect(runtime.execute("Save Note Then Fail", { title: "kept", body: "overwritten" }, as("fay"))).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    await expect(runtime.execute("Save Note Then Fail", { title: "new", body: "never" }, as("fay"))).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(transactionStatements()).toEqual(["begin", "rollback", "begin", "rollback"]);

    expect(await tableRows(db, "notes_demo_notes")).toEqual(before);
  });

  it("sends an upsert declared as the call's only write without BEGIN or COMMIT, committed by itself", async () => {
    const first = await runtime.execute("Save Note Alone", { title: "solo", body: "v1" }, as("olga"));
    expect(first.data).toMatchObject({ title: "solo", body: "v1", created: true, userId: "olga" });
    const second = await runtime.execute("Save Note Alone", { title: "solo", body: "v2" }, as("olga"));
    expect(second.data).toMatchObject({ id: (first.data as { id: number }).id, body: "v2", created: false });
    expect(transactionStatements()).toEqual([]);
    expect((await tableRows(db, "notes_demo_notes")).filter((r) => r.title === "solo")).toEqual([expect.objectContaining({ body: "v2", user_id: "olga" })]);
  });

  it("fails a call that writes again after its only write, keeping that write and nothing else", async () => {
    for (const then of ["flush", "upsert", "left pending"]) {
      await expect(runtime.execute("Save Alone Then Write", { title: `alone ${then}`, then }, as("pia"))).rejects.toMatchObject({ code: "INTERNAL" });
    }
    expect(crashes).toEqual(Array(3).fill(expect.stringMatching(/declared its only one .* leave onlyWrite out/)));
    expect(transactionStatements()).toEqual([]);
    const rows = (await tableRows(db, "notes_demo_notes")).filter((r) => r.user_id === "pia");
    expect(rows.map((r) => [r.title, r.body])).toEqual([
      ["alone flush", "alone"],
      ["alone upsert", "alone"],
      ["alone left pending", "alone"],
    ]);
  });

  it("fails a call whose only write comes after another write, rolling that one back", async () => {
    await expect(runtime.execute("Add Then Save Alone", { title: "before" }, as("quin"))).rejects.toMatchObject({ code: "INTERNAL" });
    expect(crashes).toEqual([expect.stringMatching(/declared its only one/)]);
    expect(transactionStatements()).toEqual(["begin", "rollback"]);
    expect((await tableRows(db, "notes_demo_notes")).filter((r) => r.user_id === "quin")).toEqual([]);
  });

  it("reads untracked entities through findOwned: typed as em.find makes them, and a change to one is never written", async () => {
    await runtime.execute("Add Note", { title: "kept as is", body: "original" }, as("ros"));
    sent = [];
    const found = await runtime.execute("Find Notes", { body: "original", untracked: true }, as("ros"));
    expect(found.data).toEqual([expect.objectContaining({ title: "kept as is", body: "changed, never written", userId: "ros", createdAt: "Date" })]);
    expect(transactionStatements()).toEqual([]);
    expect((await tableRows(db, "notes_demo_notes")).filter((r) => r.user_id === "ros")).toEqual([expect.objectContaining({ body: "original" })]);
  });

  it("commits a bound upsert that succeeds, in its transaction", async () => {
    const saved = await runtime.execute("Save Note", { title: "upserted", body: "v1" }, as("ugo"));
    expect(saved.data).toMatchObject({ title: "upserted", body: "v1", created: true });
    expect(transactionStatements()).toEqual(["begin", "commit"]);
    expect((await runtime.execute("Get Note", { id: (saved.data as { id: number }).id }, as("ugo"))).data).toMatchObject({ body: "v1" });
  });
});
