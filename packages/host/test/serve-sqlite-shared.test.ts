import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { call, makeHostDir, removeDir } from "./helpers.js";
import { runAgx, serve, type Served } from "./process.js";

// Two agx serve processes (own directories) on one SQLite file: API keys are cached per process, and a
// revoke through either directory must still reach both on the next request.
let database: TestDatabase;
let dirs: string[] = [];
let env: Record<string, string>;
const running: Served[] = [];

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  env = { AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: randomBytes(32).toString("hex") };
  dirs = [await makeHostDir(), await makeHostDir()];
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await database?.drop();
  await Promise.all(dirs.map(removeDir));
});

const list = (server: Served, key: string) => call(`${server.url}/v1/commands`, { key });

describe("two agx serve processes on one SQLite file", () => {
  it("accept a key on both, and refuse it on both at the very next request once revoked", async () => {
    const added = await runAgx(["users", "add", "carol"], dirs[0]!, env);
    expect(added.code, added.stderr).toBe(0);
    const key = added.stdout;

    // Both at once: their schema syncs take turns on the file's write lock.
    const [a, b] = await Promise.all([serve(dirs[0]!, env), serve(dirs[1]!, env)]);
    running.push(a, b);
    // Several requests each, so both have the key in memory when it is revoked.
    for (let i = 0; i < 3; i++) {
      expect((await list(a, key)).status).toBe(200);
      expect((await list(b, key)).status).toBe(200);
    }

    expect((await runAgx(["users", "revoke", "carol"], dirs[1]!, env)).code).toBe(0);
    expect((await list(a, key)).status).toBe(401);
    expect((await list(b, key)).status).toBe(401);

    // A fresh key for the same user works on both at once; the revoked one stays refused.
    const readded = await runAgx(["users", "add", "carol"], dirs[0]!, env);
    expect(readded.code, readded.stderr).toBe(0);
    expect((await list(b, readded.stdout)).status).toBe(200);
    expect((await list(a, readded.stdout)).status).toBe(200);
    expect((await list(a, key)).status).toBe(401);
    expect((await list(b, key)).status).toBe(401);

    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  }, 120_000); // several CLI processes in a row: slow on a busy machine
});
