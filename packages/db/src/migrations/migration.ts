import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Migration as MikroMigrationClass } from "@mikro-orm/migrations";
import type { Dialect } from "../url.js";

/**
 * MikroORM's Migration class, from its own file: the package's index also loads its Migrator, and with it umzug
 * and umzug's command line (@rushstack, argparse, a second ajv, fast-glob), some 220 modules, a quarter of this
 * package's import time and about 7 MB that every host start paid for this one base class, which imports
 * nothing. The package exports only its index, so the file is required by path: it is the module the index
 * re-exports (one class, as `instanceof` expects), where the exact version this package depends on has it.
 */
const require = createRequire(import.meta.url);
const migrationsRoot = dirname(require.resolve("@mikro-orm/migrations/package.json"));
const { Migration: MikroMigration } = require(join(migrationsRoot, "Migration.js")) as { Migration: typeof MikroMigrationClass };

/**
 * Base class of every migration a package ships: MikroORM's Migration (`this.addSql(...)`, `this.execute(...)`),
 * plus the dialect it runs on, since the SQL of SQLite and PostgreSQL often differs.
 */
export abstract class Migration extends MikroMigration {
  protected get dialect(): Dialect {
    // Read from the platform, not by importing a driver: each driver is an optional peer of this package.
    return this.driver.getPlatform().constructor.name.startsWith("PostgreSql") ? "postgresql" : "sqlite";
  }
}
