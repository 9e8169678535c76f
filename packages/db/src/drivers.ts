import type { Options } from "@mikro-orm/core";
import { mikroOrm, requireDriverPackage, type DriverPackage } from "./mikro-orm.js";
import { DatabaseStartupError } from "./startup-errors.js";
import type { Dialect } from "./url.js";

/** The MikroORM driver package each dialect needs, with the client library it brings. Both are optional peers. */
const DRIVER_PACKAGES: Record<Dialect, { name: DriverPackage; client: string }> = {
  sqlite: { name: "@mikro-orm/better-sqlite", client: "better-sqlite3" },
  postgresql: { name: "@mikro-orm/postgresql", client: "pg" },
};

type DriverClass = NonNullable<Options["driver"]>;

/**
 * Loads the driver of the one dialect the URL names, when the database opens: a PostgreSQL host never
 * loads (or needs installed) better-sqlite3, an SQLite host never loads pg. A missing package is named.
 */
export function loadDriver(dialect: Dialect): DriverClass {
  const { name, client } = DRIVER_PACKAGES[dialect];
  try {
    const driver =
      dialect === "sqlite"
        ? requireDriverPackage<typeof import("@mikro-orm/better-sqlite")>(name).BetterSqliteDriver
        : requireDriverPackage<typeof import("@mikro-orm/postgresql")>(name).PostgreSqlDriver;
    return driver as DriverClass;
  } catch (error) {
    if (!isMissingModule(error)) throw error;
    // Every @mikro-orm package must be the exact version of @mikro-orm/core.
    const version = mikroOrm.Utils.getORMVersion();
    throw new DatabaseStartupError(
      `The ${dialect === "sqlite" ? "SQLite" : "PostgreSQL"} driver is not installed: add ${name}@${version} (it brings ${client}) next to @agx-ext/db: npm install ${name}@${version}.`,
    );
  }
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
