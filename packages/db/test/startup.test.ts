import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseStartupError, openDatabase, type Database } from "../src/index.js";
import { NotesDemo } from "./fixtures/notes.js";
import { loaded, testPostgresUrl } from "./support.js";

describe("start-up", () => {
  let hostDir: string;
  const opened: Database[] = [];
  beforeEach(async () => {
    hostDir = await mkdtemp(join(tmpdir(), "agx-db-start-"));
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.stop();
    await rm(hostDir, { recursive: true, force: true });
  });
  const open = (url?: string, busyMs?: number) => {
    const db = openDatabase({ hostDir, url, ...(busyMs ? { sqliteBusyTimeoutMs: busyMs } : {}) });
    opened.push(db);
    return db;
  };

  it("creates .agx/agx.db under the host directory on first run", async () => {
    const db = open();
    expect(db.dialect).toBe("sqlite");
    await db.start([loaded(NotesDemo)]);
    expect(existsSync(join(hostDir, ".agx", "agx.db"))).toBe(true);
  });

  it("refuses a bad URL when the handle is made", () => {
    expect(() => open("mongodb://localhost/agx")).toThrow(/is not supported/);
  });

  it("says the PostgreSQL server cannot be reached", async () => {
    const db = open("postgres://postgres@127.0.0.1:1/agx");
    const failure = db.start([loaded(NotesDemo)]);
    await expect(failure).rejects.toBeInstanceOf(DatabaseStartupError);
    await expect(failure).rejects.toThrow(
      /^Cannot reach PostgreSQL database "agx" at 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\. Start PostgreSQL, or fix the host and port in AGX_DATABASE_URL\.$/,
    );
  });

  it("says a PostgreSQL database does not exist", async () => {
    const url = new URL(testPostgresUrl());
    url.pathname = "/agx_missing_database_for_tests";
    const db = open(url.toString());
    await expect(db.start([loaded(NotesDemo)])).rejects.toThrow(
      'PostgreSQL database "agx_missing_database_for_tests" at 127.0.0.1:5432 does not exist. Create it (createdb agx_missing_database_for_tests) or point AGX_DATABASE_URL at an existing database.',
    );
  });

  it("says the SQLite file is locked by another process", async () => {
    const holder = open("sqlite:shared.db");
    await holder.start([loaded(NotesDemo)]);
    const connection = holder.orm.em.fork().getConnection();
    await connection.execute("begin exclusive");
    try {
      const second = open("sqlite:shared.db", 50);
      await expect(second.start([loaded(NotesDemo)])).rejects.toThrow(
        `SQLite file ${join(hostDir, "shared.db")} is locked by another process (is another agx running on it?). Stop that process, or set AGX_DATABASE_URL=sqlite:<another file>.`,
      );
    } finally {
      await connection.execute("rollback");
    }
  });

  it("says the SQLite file cannot be opened for writing", async () => {
    writeFileSync(join(hostDir, "not-a-folder"), "");
    const db = open("sqlite:not-a-folder/agx.db");
    await expect(db.start([loaded(NotesDemo)])).rejects.toThrow(
      new RegExp(`^Cannot open SQLite file ${join(hostDir, "not-a-folder", "agx.db")} for writing \\(.+\\)\\. Check that its folder exists and is writable`),
    );
  });

  it("says a file is not a SQLite database", async () => {
    writeFileSync(join(hostDir, "junk.db"), "this is not a database file, just some text that is long enough ".repeat(50));
    const db = open("sqlite:junk.db");
    await expect(db.start([loaded(NotesDemo)])).rejects.toThrow(/junk\.db is not a usable SQLite database/);
  });

  it("opens once when two starts race", async () => {
    const db = open();
    const first = db.start([loaded(NotesDemo)]);
    const second = db.start([loaded(NotesDemo)]);
    expect(second).toBe(first);
    await first;
    const orm = db.orm;
    await db.start([loaded(NotesDemo)]);
    expect(db.orm).toBe(orm);
  });

  it("refuses system entities once started, and runs after a stop and start again", async () => {
    const db = open();
    await db.start([loaded(NotesDemo)]);
    expect(() => db.registerSystemEntities([])).toThrow("System entities must be registered before the database starts.");
    await db.stop();
    expect(() => db.orm).toThrow(/not started/);
    await db.start([loaded(NotesDemo)]);
    expect(db.appliedSchemaSql).toBe("");
  });
});
