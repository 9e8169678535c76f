export { openDatabase, type Database, type DatabaseOptions, type EntityDefinition } from "./database.js";
export { parseDatabaseUrl, hidePassword, DEFAULT_SQLITE_FILE, STATE_FOLDER, type DatabaseTarget, type Dialect } from "./url.js";
export { DatabaseStartupError } from "./startup-errors.js";
export { UserOwned, isUserOwned, MAX_USER_ID_LENGTH } from "./entities.js";
export { tablePrefix } from "./naming.js";
export { scopedUser, USER_FILTER } from "./scope.js";
export { upsertOwned, type UpsertSpec, type UpsertResult } from "./upsert.js";
export { findOwned, type FindOwnedOptions } from "./find.js";
export { runStatement, type BoundValue } from "./statements.js";
export { Mutex } from "./mutex.js";
// What an extension needs to declare entities, from the one copy of MikroORM the host uses.
export { Entity, Property, PrimaryKey, Unique, Index, Enum, EntityManager, type EntityClass, type EntityData, type FilterQuery } from "@mikro-orm/core";
export { Migration } from "./migrations/migration.js";
export { MIGRATIONS_FOLDER, migrationFolderOf, type MigrationFolder } from "./migrations/files.js";
export { LEDGER_TABLE } from "./migrations/ledger.js";
export type { MigrationPlan, PendingMigration } from "./migrations/plan.js";
export { MigrationFailedError } from "./migrations/apply.js";
