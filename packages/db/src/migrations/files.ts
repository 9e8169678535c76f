import { existsSync, readdirSync } from "node:fs";
import { basename, extname, isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AbstractSqlDriver } from "@mikro-orm/knex";
import type { Configuration } from "@mikro-orm/core";
import type { Migration } from "@mikro-orm/migrations";

/** The folder every package that owns tables ships its migrations in, next to its package.json. */
export const MIGRATIONS_FOLDER = "migrations";

/** A package's migrations: where they are and whose they are. */
export interface MigrationFolder {
  /** The npm package name the migrations are recorded under, e.g. `@agx-ext/workout-tracker`. */
  package: string;
  /** Absolute path of the package's `migrations/` folder. */
  folder: string;
}

/** One migration file of a package; `name` (the file name without extension) is what the ledger records. */
export interface MigrationFile {
  package: string;
  name: string;
  path: string;
}

/**
 * The package's `migrations/` folder when it has one. Only an installed package (an absolute directory) has
 * one: an extension class handed over without a package (tests: dir "") must not pick up whatever
 * `migrations/` the working directory holds.
 */
export function migrationFolderOf(packageName: string, packageDir: string): MigrationFolder | undefined {
  if (!isAbsolute(packageDir)) return undefined;
  const folder = join(packageDir, MIGRATIONS_FOLDER);
  return existsSync(folder) ? { package: packageName, folder } : undefined;
}

/**
 * The migration files of a folder in the order they apply: by file name, which starts with the creation
 * time (`Migration20261202010000_initial.js`), as MikroORM names them.
 */
export function listMigrationFiles(source: MigrationFolder): MigrationFile[] {
  if (!existsSync(source.folder)) return [];
  return readdirSync(source.folder)
    .filter((file) => /^Migration.*\.(js|mjs)$/.test(file))
    .sort()
    .map((file) => ({ package: source.package, name: basename(file, extname(file)), path: join(source.folder, file) }));
}

type MigrationClass = new (driver: AbstractSqlDriver, config: Configuration) => Migration;

/** Imports a migration file and instantiates the class it exports (a subclass of MikroORM's Migration). */
export async function loadMigration(file: MigrationFile, driver: AbstractSqlDriver, config: Configuration): Promise<Migration> {
  const module = (await import(pathToFileURL(file.path).href)) as Record<string, unknown>;
  const found = Object.values(module).find(
    (value): value is MigrationClass => typeof value === "function" && typeof (value.prototype as { up?: unknown } | undefined)?.up === "function",
  );
  if (!found) throw new Error(`${file.path} exports no migration class (a class extending Migration with an up() method).`);
  return new found(driver, config);
}
