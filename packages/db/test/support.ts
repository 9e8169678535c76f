import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExtension, type ExtensionClass } from "@agx-ext/core";
import { Runtime, type LoadedExtension } from "@agx-ext/core/host";
import pg from "pg";
import type { Database } from "../src/index.js";

// @agx-ext/testing depends on this package, so its database helper cannot be used here without a cycle;
// this is the same pattern in small.

export const DIALECTS = ["sqlite", "postgresql"] as const;
export type TestDialect = (typeof DIALECTS)[number];

export const PG_URL = process.env.AGX_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface Scratch {
  url: string;
  hostDir: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(dialect: TestDialect): Promise<Scratch> {
  const hostDir = await mkdtemp(join(tmpdir(), "agx-db-test-"));
  if (dialect === "sqlite") return { url: `sqlite:${join(hostDir, "agx.db")}`, hostDir, drop: () => rm(hostDir, { recursive: true, force: true }) };
  const name = `agx_t_${randomBytes(6).toString("hex")}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    hostDir,
    drop: async () => {
      await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(hostDir, { recursive: true, force: true });
    },
  };
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function loaded(target: ExtensionClass): LoadedExtension {
  const definition = readExtension(target);
  if (!definition) throw new Error(`${target.name} is not an extension`);
  return { definition, package: { name: `@test/${definition.id}`, version: "0.0.0", dir: "/", agx: { extension: "index.js" } } };
}

export function runtimeWith(database: Database, extensions: ExtensionClass[]): Runtime {
  return new Runtime({ extensions: extensions.map(loaded), modules: [database.module], timeZone: "UTC" });
}

/** Rows of a table, read by SQL outside any user scope. */
export async function tableRows(database: Database, table: string): Promise<Record<string, unknown>[]> {
  return database.orm.em.fork().getConnection().execute(`select * from ${table} order by id`);
}

export async function tableNames(database: Database): Promise<string[]> {
  const sql =
    database.dialect === "sqlite"
      ? "select name from sqlite_master where type = 'table' order by name"
      : "select table_name as name from information_schema.tables where table_schema = 'public' order by table_name";
  const rows = await database.orm.em.fork().getConnection().execute<{ name: string }[]>(sql);
  return rows.map((r: { name: string }) => r.name);
}
