import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index.js";
import { NotesDemo } from "./fixtures/notes.js";
import { loaded, createTestDatabase, type TestDatabase } from "./support.js";

interface Statement {
  all(params?: unknown[]): Record<string, unknown>[];
  run(params?: unknown[]): { changes: number };
  safeIntegers(toggle?: boolean): Statement;
}
interface Connection {
  prepare(sql: string): Statement;
}

describe("the SQLite connection's statement cache", () => {
  let scratch: TestDatabase;
  let db: Database;
  let connection: Connection;
  const client = () =>
    (
      db.orm.em.getConnection() as unknown as {
        getKnex(): { client: { acquireConnection(): Promise<Connection>; releaseConnection(c: Connection): Promise<unknown> } };
      }
    ).getKnex().client;

  beforeAll(async () => {
    scratch = await createTestDatabase("sqlite");
    db = openDatabase({ hostDir: scratch.hostDir, url: scratch.url });
    await db.start([loaded(NotesDemo)]);
    connection = await client().acquireConnection();
    await client().releaseConnection(connection);
  });
  afterAll(async () => {
    await db?.stop();
    await scratch.drop();
  });

  it("keeps a statement from the second time its text comes, and it reads the rows as they are now", () => {
    const count = "select count(*) as n from notes_demo_notes";
    const once = connection.prepare(count);
    const kept = connection.prepare(count);
    expect(kept).not.toBe(once);
    expect(connection.prepare(count)).toBe(kept);
    expect(kept.all()).toEqual([{ n: 0 }]);
    const insert = "insert into notes_demo_notes (user_id, title) values (?, ?)";
    connection.prepare(insert).run(["amy", "cached"]);
    expect(connection.prepare(count).all()).toEqual([{ n: 1 }]);
    expect(connection.prepare("select count(*) as n from notes_demo_notes where user_id = 'amy'")).not.toBe(kept);
  });

  it("puts safe integers, which knex may turn on for one query, back off before reusing a statement", () => {
    const sql = "select 1 as one";
    connection.prepare(sql);
    connection.prepare(sql).safeIntegers(true);
    expect(connection.prepare(sql).all()).toEqual([{ one: 1 }]);
  });

  it("keeps at most 200 statements, evicting the least recently used", () => {
    const keep = (sql: string) => (connection.prepare(sql), connection.prepare(sql));
    const kept = keep("select 'kept' as k");
    for (let i = 0; i < 150; i++) keep(`select ${i} as n`);
    expect(connection.prepare("select 'kept' as k")).toBe(kept);
    for (let i = 150; i < 400; i++) keep(`select ${i} as n`);
    expect(connection.prepare("select 'kept' as k")).not.toBe(kept);
    expect(connection.prepare("select 399 as n")).toBe(keep("select 399 as n"));
    expect(connection.prepare("select 399 as n").all()).toEqual([{ n: 399 }]);
  });

  it("serves MikroORM's own queries: a repeated find answers what changed in between", async () => {
    const em = () => db.orm.em.fork();
    const count = async () => (await em().getConnection().execute<{ n: number }[]>("select count(*) as n from notes_demo_notes where title = 'orm'"))[0]!.n;
    expect(await count()).toBe(0);
    await em().getConnection().execute("insert into notes_demo_notes (user_id, title) values ('amy', 'orm')");
    expect(await count()).toBe(1);
  });
});
