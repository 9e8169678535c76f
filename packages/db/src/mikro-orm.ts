import { createRequire } from "node:module";

/*
 * MikroORM's packages, loaded with require() rather than import. Node answers an ES module's import of a CommonJS
 * package by first reading and parsing every file the package's index re-exports, only to learn the export
 * names; MikroORM's indexes re-export a few hundred files, and that parse took about 170 ms of each `agx serve`
 * start on Node 20. require() runs the same files without it. Types still come from `import type`, which
 * TypeScript erases. Every MikroORM value the workspace uses comes through here: one ES import of a MikroORM
 * package anywhere in a start brings the parse back (a test holds `agx serve` to that).
 */
const require = createRequire(import.meta.url);

/** `@mikro-orm/core`: the one copy the host and its packages use. */
export const mikroOrm = require("@mikro-orm/core") as typeof import("@mikro-orm/core");

/** `@mikro-orm/knex`, the SQL layer under both drivers. */
export const mikroOrmKnex = require("@mikro-orm/knex") as typeof import("@mikro-orm/knex");

/** MikroORM's driver packages, optional peers of `@agx-ext/db`. */
export type DriverPackage = "@mikro-orm/better-sqlite" | "@mikro-orm/postgresql";

/** A driver package: required when a database of its kind opens. */
export function requireDriverPackage<T>(name: DriverPackage): T {
  return require(name) as T;
}

/**
 * The file of the SQLite client library (better-sqlite3) the SQLite driver package uses, for code that opens a
 * connection of its own where the driver's cannot be shared (a worker thread). Resolved from the driver package:
 * the client is its dependency, not @agx-ext/db's.
 */
export function sqliteClientFile(): string {
  return createRequire(require.resolve("@mikro-orm/better-sqlite")).resolve("better-sqlite3");
}
