import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** Both databases every DB test runs on: `describe.each(DATABASES)("... on %s", (dialect) => ...)`. */
export const DATABASES = ["sqlite", "postgresql"] as const;
export type TestDialect = (typeof DATABASES)[number];

export const DEFAULT_TEST_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  dialect: TestDialect;
  /** An AGX_DATABASE_URL for the fresh database. */
  url: string;
  /** A fresh temporary host directory (for SQLite it holds the database file). */
  hostDir: string;
  /** Drops the database and removes the host directory. Safe to call twice. */
  drop(): Promise<void>;
}

/** The PostgreSQL server tests use: AGX_TEST_PG_URL, or the local default. */
export function testPostgresUrl(): string {
  return process.env.AGX_TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

/**
 * A database nobody else uses: a SQLite file in a new temp directory, or a new PostgreSQL database
 * `agx_t_<random>` on the test server. An unreachable PostgreSQL fails the test; it is never skipped.
 */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const hostDir = await mkdtemp(join(tmpdir(), "agx-test-"));
  const removeDir = () => rm(hostDir, { recursive: true, force: true });
  if (dialect === "sqlite") {
    return { dialect, url: `sqlite:${join(hostDir, "test.db")}`, hostDir, drop: removeDir };
  }
  const admin = testPostgresUrl();
  const name = `agx_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    dialect,
    url: url.toString(),
    hostDir,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await removeDir();
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${adminUrl.replace(/:[^:@/]*@/, ":***@")} (set AGX_TEST_PG_URL to use another): ${(error as Error).message}`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
