import { rename } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@agx-ext/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { openDatabase, type Database } from "../src/index.js";
import { sqliteClientFile } from "../src/mikro-orm.js";
import { NotesDemo, VaultRow } from "./fixtures/notes.js";
import { createTestDatabase, loaded, type TestDatabase } from "./support.js";

const INSERT = "insert into agx_test_vault (key, owner) values (?, ?), (?, ?)";

/** The vault rows as the host's own connection reads them: [key, owner], by key. */
async function vaultRows(db: Database): Promise<string[][]> {
  const rows = await db.read((em) => em.find(VaultRow, {}, { orderBy: { key: "asc" } }));
  return rows.map((row) => [row.key, row.owner]);
}

describe("the off-thread writer on an SQLite file", () => {
  let scratch: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    scratch = await createTestDatabase("sqlite");
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url, sqliteBusyTimeoutMs: 2000 });
    db.registerSystemEntities([VaultRow]);
    await db.start([loaded(NotesDemo)]);
  });
  afterEach(async () => {
    await db.stop();
    await scratch.drop();
  });

  it("commits each statement, visible to the host's own connection, and is the same writer every time", async () => {
    const writer = db.offThreadWriter()!;
    expect(db.offThreadWriter()).toBe(writer);
    await writer.run(INSERT, ["a", "alice", "b", "bob"]);
    expect(await vaultRows(db)).toEqual([
      ["a", "alice"],
      ["b", "bob"],
    ]);
  });

  it("waits for another connection's write lock without blocking this thread's event loop", async () => {
    // A third connection, as another host on the same file would have, holds the write lock for 400 ms.
    const SqliteDatabase = createRequire(import.meta.url)(sqliteClientFile()) as new (file: string) => {
      exec(sql: string): void;
      close(): void;
    };
    const other = new SqliteDatabase(join(scratch.hostDir, "test.db"));
    other.exec("begin immediate");
    const ticks: number[] = [];
    const ticking = setInterval(() => ticks.push(performance.now()), 10);
    const release = setTimeout(() => other.exec("commit"), 400);
    const started = performance.now();
    try {
      await db.offThreadWriter()!.run(INSERT, ["c", "carol", "d", "dave"]);
    } finally {
      clearInterval(ticking);
      clearTimeout(release);
      other.close();
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    // The timer kept firing while the write waited: no gap near the 400 ms the lock was held.
    const gaps = ticks.slice(1).map((at, i) => at - ticks[i]!);
    expect(ticks.length).toBeGreaterThan(15);
    expect(Math.max(...gaps)).toBeLessThan(200);
    expect((await vaultRows(db)).map(([key]) => key)).toEqual(["c", "d"]);
  });

  it("takes this host's turn: a statement sent during one of its transactions runs after it, however long it lasts", async () => {
    // SQLite itself would give up on the transaction's lock after 200 ms; the transaction lasts 400.
    await db.stop();
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url, sqliteBusyTimeoutMs: 200 });
    db.registerSystemEntities([VaultRow]);
    await db.start([loaded(NotesDemo)]);
    const writer = db.offThreadWriter()!;
    // Sent from outside the transaction (a timer set before it began), while the transaction holds the turn.
    let sent: Promise<void> | undefined;
    setTimeout(() => (sent = writer.run(INSERT, ["u", "ursula", "v", "victor"])), 100);
    await db.transaction(async (em) => {
      em.create(VaultRow, { key: "t", owner: "trent" });
      await em.flush();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(sent).toBeDefined();
    });
    await expect(sent).resolves.toBeUndefined();
    expect((await vaultRows(db)).map(([key]) => key)).toEqual(["t", "u", "v"]);
  });

  it("refuses a statement from inside a transaction of this host, which it would otherwise wait for forever", async () => {
    const writer = db.offThreadWriter()!;
    await db.transaction(async () => {
      await expect(writer.run(INSERT, ["w", "wendy", "x", "xavier"])).rejects.toThrow(/inside a call or transaction of this host/);
    });
    await writer.run(INSERT, ["y", "yara", "z", "zoe"]);
    expect((await vaultRows(db)).map(([key]) => key)).toEqual(["y", "z"]);
  });

  it("rejects a failing statement with SQLite's message, and goes on writing", async () => {
    const writer = db.offThreadWriter()!;
    await expect(writer.run("insert into no_such_table (x) values (?)", [1])).rejects.toThrow(/no such table: no_such_table/);
    // One statement commits by itself or not at all: the first of its two rows is not kept either.
    await expect(writer.run(INSERT, ["e", "erin", "e", "again"])).rejects.toThrow(/UNIQUE constraint failed: agx_test_vault\.key/);
    await writer.run(INSERT, ["f", "frank", "g", "grace"]);
    expect((await vaultRows(db)).map(([key]) => key)).toEqual(["f", "g"]);
  });

  it("is closed by stop, after the statements already sent; a later statement is refused", async () => {
    const writer = db.offThreadWriter()!;
    const sent = writer.run(INSERT, ["h", "heidi", "i", "ivan"]);
    await db.stop();
    await expect(sent).resolves.toBeUndefined();
    await expect(writer.run(INSERT, ["j", "judy", "k", "ken"])).rejects.toThrow(/closed/);
    await db.start([loaded(NotesDemo)]);
    expect((await vaultRows(db)).map(([key]) => key)).toEqual(["h", "i"]);
  });
});

describe("a writer thread that fails", () => {
  it("refuses its statements with the reason; the database reports it once and callers write on its connection", async () => {
    const scratch = await createTestDatabase("sqlite");
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message, fields) => warnings.push(`${message}: ${String(fields?.error)}`),
      error: () => undefined,
      child: () => logger,
    };
    const db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url, logger });
    db.registerSystemEntities([VaultRow]);
    await db.start([loaded(NotesDemo)]);
    // The host's connection keeps the file it opened; a new connection, the thread's, finds nothing at the path.
    const file = join(scratch.hostDir, "test.db");
    await rename(file, `${file}.moved`);
    try {
      const writer = db.offThreadWriter()!;
      await expect(writer.run(INSERT, ["l", "leo", "m", "mia"])).rejects.toThrow(/the SQLite writer thread failed: unable to open database file/);
      expect(db.offThreadWriter()).toBeUndefined();
      expect(db.offThreadWriter()).toBeUndefined();
      expect(warnings).toEqual([expect.stringMatching(/^the SQLite writer thread failed; its writes go through the host's connection: .*unable to open/)]);
    } finally {
      await rename(`${file}.moved`, file);
      await db.stop();
      await scratch.drop();
    }
  });
});

describe("the off-thread writer elsewhere", () => {
  it("is not there on PostgreSQL, whose writes do not block the thread, nor for an in-memory SQLite database", async () => {
    const pg = await createTestDatabase("postgresql");
    const onPg = openDatabase({ hostDir: pg.hostDir, url: pg.url });
    const inMemory = openDatabase({ hostDir: pg.hostDir, url: "sqlite::memory:" });
    try {
      await onPg.start([]);
      await inMemory.start([]);
      expect(onPg.offThreadWriter()).toBeUndefined();
      expect(inMemory.offThreadWriter()).toBeUndefined();
    } finally {
      await onPg.stop();
      await inMemory.stop();
      await pg.drop();
    }
  });
});
