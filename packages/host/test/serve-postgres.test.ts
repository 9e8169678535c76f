import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { call, makeHostDir, removeDir, REPO_ROOT } from "./helpers.js";
import { assertBuilt, runAgx, serve, type Served } from "./process.js";

// Two independent host processes (own directories) on one fresh PostgreSQL database and one vault key.
let database: TestDatabase;
let dirs: string[] = [];
let env: Record<string, string>;
const running: Served[] = [];

beforeAll(async () => {
  assertBuilt(`${REPO_ROOT}/extensions/workout-tracker/dist/index.js`);
  database = await createTestDatabase("postgresql");
  env = { AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: randomBytes(32).toString("hex") };
  const tracker = { "workout-tracker": `${REPO_ROOT}/extensions/workout-tracker` };
  dirs = [await makeHostDir(tracker), await makeHostDir(tracker)];
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await database?.drop();
  await Promise.all(dirs.map(removeDir));
});

const run = (server: Served, key: string, name: string, body: unknown) => call(`${server.url}/v1/commands/${encodeURIComponent(name)}`, { key, body });

describe("two agx serve processes on one PostgreSQL database", () => {
  it("serve the same user consistently: keys, data written by either, and revocation", async () => {
    const added = await runAgx(["users", "add", "carol"], dirs[0]!, env);
    expect(added.code, added.stderr).toBe(0);
    const key = added.stdout;

    const [a, b] = await Promise.all([serve(dirs[0]!, env), serve(dirs[1]!, env)]);
    running.push(a!, b!);
    // A shared database gets no ready-made default user.
    expect(a!.firstKey).toBeUndefined();
    expect(b!.firstKey).toBeUndefined();

    expect((await run(a!, key, "Set Daily Goal", { exercise_name: "Rows", target_reps: 12, target_sets: 3 })).status).toBe(200);
    const seenByB = await run(b!, key, "Get Daily Goals", {});
    expect(seenByB.status).toBe(200);
    expect(JSON.stringify(seenByB.body.data)).toContain("Rows");

    // Completions sent to both at once land once per call, and both report the same progress.
    const marks = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        run(i % 2 ? a! : b!, key, "Mark Exercise Complete", { exercise_name: "Rows", completed_reps: 12, completed_sets: 3 }),
      ),
    );
    for (const mark of marks) expect([200, 409]).toContain(mark.status);
    const [progressA, progressB] = await Promise.all([run(a!, key, "Get Daily Progress", {}), run(b!, key, "Get Daily Progress", {})]);
    expect(progressA.status).toBe(200);
    expect(progressA.body.data).toEqual(progressB.body.data);
    expect(progressA.body.markdown).toContain("✅ Rows");

    // Another user on either process sees none of carol's goals.
    const dave = (await runAgx(["users", "add", "dave"], dirs[1]!, env)).stdout;
    const davesGoals = await run(a!, dave, "Get Daily Goals", {});
    expect(davesGoals.status).toBe(200);
    expect(JSON.stringify(davesGoals.body.data)).not.toContain("Rows");

    // A key revoked through one host directory stops working on both servers at once (each had it in memory).
    expect((await runAgx(["users", "revoke", "carol"], dirs[1]!, env)).code).toBe(0);
    expect((await call(`${a!.url}/v1/commands`, { key })).status).toBe(401);
    expect((await call(`${b!.url}/v1/commands`, { key })).status).toBe(401);
    // Revoked through the other directory, after both have the new key in memory: the same.
    const again = (await runAgx(["users", "add", "carol"], dirs[0]!, env)).stdout;
    for (const server of [a!, b!, a!, b!]) expect((await call(`${server.url}/v1/commands`, { key: again })).status).toBe(200);
    expect((await runAgx(["users", "revoke", "carol"], dirs[0]!, env)).code).toBe(0);
    expect((await call(`${b!.url}/v1/commands`, { key: again })).status).toBe(401);
    expect((await call(`${a!.url}/v1/commands`, { key: again })).status).toBe(401);
    expect((await call(`${a!.url}/v1/commands`, { key })).status).toBe(401);

    expect(await a!.stop()).toBe(0);
    expect(await b!.stop()).toBe(0);
  }, 120_000); // several CLI processes in a row: slow on a busy machine
});
