import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { objectSettings, Runtime, silentLogger } from "@agx-ext/core/host";
import { EntitySchema } from "@mikro-orm/core";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/test-servers/database";
import { afterEach, describe, expect, it } from "vitest";
import { createServices, hostEntities, UserEntity, type HostServices } from "../src/index.js";

// The services are what `agx` and the test host both run on: started on their own (no host around them),
// they must migrate a fresh database to the host's tables and serve the events and auth modules.
describe.each(DATABASES)("createServices on %s", { timeout: 120_000 }, (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<HostServices> {
    database = await createTestDatabase(dialect);
    dir = await mkdtemp(join(tmpdir(), "agx-services-"));
    const env = { AGX_DATABASE_URL: database.url, AGX_SECRET_KEY: "a".repeat(64) };
    const settings = objectSettings(env);
    const services = await createServices({ dir, env, settings, logger: silentLogger });
    // As agx and the test host do: a runtime (here without extensions) runs the modules and is bound to events.
    runtime = new Runtime({ extensions: [], settings, modules: services.modules, logger: silentLogger });
    services.events.bind(runtime);
    await runtime.start();
    return services;
  }

  it("migrates a fresh database to every host table, recorded under the ledger name @agx-ext/host", async () => {
    const { database: db } = await start();
    // Existing databases recorded these migrations as the host's: a new name would run them a second time.
    expect(new Set(db.appliedMigrations.map((m) => m.package))).toEqual(new Set(["@agx-ext/host", "@agx-ext/auth"]));
    const names = hostEntities.map((entity) => (entity instanceof EntitySchema ? entity.meta.className : "not an EntitySchema"));
    const tables = names.map((name) => db.orm.getMetadata().find(name)?.tableName);
    expect(tables).toContain("agx_users");
    expect(tables).not.toContain(undefined);
    const diff = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ safe: false, dropTables: false, wrap: false });
    expect(diff.trim()).toBe("");
    await db.transaction((em) => em.insert(UserEntity, { id: "alice", keyId: "k1", keyHash: "h".repeat(64), createdAt: new Date(), role: "admin" }));
    expect(await db.read((em) => em.count(UserEntity, {}))).toBe(1);
  });

  it("keeps event subscriptions in that database, and refuses a trigger no extension declares", async () => {
    const { events } = await start();
    await expect(events.subscriptions.add("alice", { trigger: "nobody/Nothing", deliver: { mcp: true } })).rejects.toThrow(/nobody\/Nothing/);
    expect(await events.subscriptions.list("alice")).toEqual([]);
  });
});
