import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createTestDatabase, type TestDialect } from "./support.js";

const script = fileURLToPath(new URL("./fixtures/loaded-drivers.mjs", import.meta.url));
const hide = fileURLToPath(new URL("./fixtures/hide-package.mjs", import.meta.url));

/** Starts a database in a child process (a fresh module cache) and reports what it loaded, or its error. */
async function startInChild(dialect: TestDialect, hiddenPackage?: string): Promise<Record<string, unknown>> {
  const scratch = await createTestDatabase(dialect);
  try {
    const args = [...(hiddenPackage ? ["--import", hide] : []), script, scratch.hostDir, scratch.url];
    const env = { ...process.env, AGX_TEST_HIDE_PACKAGE: hiddenPackage ?? "" };
    const { stdout } = await promisify(execFile)(process.execPath, args, { env, timeout: 60_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  } finally {
    await scratch.drop();
  }
}

describe("database drivers, loaded by the URL's scheme", () => {
  it("a PostgreSQL database never loads better-sqlite3 or MikroORM's SQLite driver", async () => {
    expect(await startInChild("postgresql")).toEqual({ "better-sqlite3": false, pg: true, "@mikro-orm/better-sqlite": false, "@mikro-orm/postgresql": true });
  });

  it("an SQLite database loads better-sqlite3 through MikroORM's SQLite driver", async () => {
    expect(await startInChild("sqlite")).toMatchObject({ "better-sqlite3": true, "@mikro-orm/better-sqlite": true });
  });

  it("an SQLite database never loads pg or MikroORM's PostgreSQL driver", async () => {
    expect(await startInChild("sqlite")).toEqual({ "better-sqlite3": true, pg: false, "@mikro-orm/better-sqlite": true, "@mikro-orm/postgresql": false });
  });

  it("opens an SQLite database when the PostgreSQL driver is not installed", async () => {
    expect(await startInChild("sqlite", "@mikro-orm/postgresql")).toMatchObject({ "better-sqlite3": true, pg: false });
  });

  it("names the package to install when the PostgreSQL driver is missing", async () => {
    const { error } = await startInChild("postgresql", "@mikro-orm/postgresql");
    expect(error).toContain("DatabaseStartupError");
    expect(error).toContain("npm install @mikro-orm/postgresql@6.6.16");
    expect(error).toContain("(it brings pg)");
  });

  it("names the package to install when the SQLite driver is missing", async () => {
    const { error } = await startInChild("sqlite", "@mikro-orm/better-sqlite");
    expect(error).toContain("DatabaseStartupError");
    expect(error).toContain("npm install @mikro-orm/better-sqlite@6.6.16");
    expect(error).toContain("better-sqlite3");
  });
});
