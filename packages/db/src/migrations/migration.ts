import { Migration as MikroMigration } from "@mikro-orm/migrations";
import type { Dialect } from "../url.js";

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
