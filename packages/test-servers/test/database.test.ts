import { existsSync } from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASES, testPostgresUrl, type TestDatabase } from "../src/database.js";

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  const created: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of created.splice(0)) await db.drop();
  });

  it("covers both databases", () => {
    expect(DATABASES).toEqual(["sqlite", "postgresql"]);
  });

  it("gives a SQLite file in a fresh host directory and removes it on drop", async () => {
    const db = await createTestDatabase("sqlite");
    created.push(db);
    expect(db.url).toMatch(/^sqlite:.*test\.db$/);
    expect(db.url.slice("sqlite:".length).startsWith(db.hostDir)).toBe(true);
    expect(existsSync(db.hostDir)).toBe(true);
    await db.drop();
    expect(existsSync(db.hostDir)).toBe(false);
  });

  it("creates a fresh PostgreSQL database per call and drops it", async () => {
    const a = await createTestDatabase("postgresql");
    const b = await createTestDatabase("postgresql");
    created.push(a, b);
    const nameA = new URL(a.url).pathname.slice(1);
    const nameB = new URL(b.url).pathname.slice(1);
    expect(nameA).toMatch(/^agx_t_[0-9a-f]{12}$/);
    expect(nameA).not.toBe(nameB);
    expect(await databaseExists(nameA)).toBe(true);
    await a.drop();
    await a.drop();
    expect(await databaseExists(nameA)).toBe(false);
    expect(await databaseExists(nameB)).toBe(true);
  });

  it("fails, rather than skips, when PostgreSQL cannot be reached", async () => {
    const saved = process.env.AGX_TEST_PG_URL;
    process.env.AGX_TEST_PG_URL = "postgres://postgres@127.0.0.1:1/test";
    try {
      await expect(createTestDatabase("postgresql")).rejects.toThrow(/PostgreSQL tests need a server at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
    } finally {
      if (saved === undefined) delete process.env.AGX_TEST_PG_URL;
      else process.env.AGX_TEST_PG_URL = saved;
    }
  });
});
