import type { Configuration } from "@mikro-orm/core";
import { loadMigration } from "./files.js";
import { createLedger, query, recordMigration, type MigrationConnection } from "./ledger.js";
import type { PendingMigration } from "./plan.js";
import { DatabaseStartupError } from "../startup-errors.js";

/** A migration that failed; the database was left as it was before the start began. */
export class MigrationFailedError extends DatabaseStartupError {
  constructor(
    readonly migration: PendingMigration,
    cause: unknown,
  ) {
    super(
      `Migration ${migration.name} of ${migration.package} failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `The database was left as it was and the host does not start; fix the migration or install another version of ${migration.package}.`,
    );
    this.cause = cause;
  }
}

/** Applies pending migrations in order on `on` (already inside the caller's transaction) and records each. */
export async function applyMigrations(on: MigrationConnection, config: Configuration, pending: readonly PendingMigration[]): Promise<void> {
  // Made with the first migration to record: a database whose packages all use schema sync stays without
  // one, and is recognised as made by schema sync when a package with migrations arrives.
  if (pending.length) await createLedger(on);
  for (const entry of pending) {
    try {
      if (!entry.baseline) {
        const migration = await loadMigration(entry, on.driver, config);
        if (on.ctx) migration.setTransactionContext(on.ctx);
        migration.reset();
        await migration.up();
        for (const statement of migration.getQueries()) {
          if (typeof statement !== "string") await on.driver.execute(statement, [], "all", on.ctx);
          else if (statement.trim() !== "") await query(on, statement);
        }
      }
      await recordMigration(on, entry.package, entry.name);
    } catch (error) {
      throw new MigrationFailedError(entry, error);
    }
  }
}
