import { Migration as MikroMigration } from "@mikro-orm/migrations";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import type { Dialect } from "../url.js";

/**
 * Base class of every migration a package ships: MikroORM's Migration (`this.addSql(...)`, `this.execute(...)`),
 * plus the dialect it runs on, since the SQL of SQLite and PostgreSQL often differs.
 */
export abstract class Migration extends MikroMigration {
  protected get dialect(): Dialect {
    return this.driver instanceof PostgreSqlDriver ? "postgresql" : "sqlite";
  }
}
