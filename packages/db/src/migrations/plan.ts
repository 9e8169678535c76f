import { listMigrationFiles, type MigrationFile, type MigrationFolder } from "./files.js";
import { existingTables, LEDGER_TABLE, ledgerKey, recordedMigrations, type MigrationConnection } from "./ledger.js";

/** A package that owns tables: its migrations folder (none: it is in development and uses additive sync) and its tables now. */
export interface TableOwner {
  package: string;
  migrations: MigrationFolder | undefined;
  tables: readonly string[];
}

/** A migration not recorded yet. `baseline`: the package's tables exist already (made by schema sync), so it is recorded, not run. */
export interface PendingMigration extends MigrationFile {
  baseline: boolean;
}

export interface MigrationPlan {
  pending: PendingMigration[];
  /** The database was made by schema sync before migrations existed: it has tables but no ledger. */
  legacy: boolean;
}

/** What would run at start, per package in the owners' order, each package's migrations by file name. */
export async function planMigrations(on: MigrationConnection, owners: readonly TableOwner[]): Promise<MigrationPlan> {
  const tables = await existingTables(on);
  const recorded = await recordedMigrations(on, tables);
  const legacy = !tables.has(LEDGER_TABLE) && tables.size > 0;
  const pending: PendingMigration[] = [];
  for (const owner of owners) {
    if (!owner.migrations) continue;
    const files = listMigrationFiles(owner.migrations);
    const missing = files.filter((file) => !recorded.has(ledgerKey(file.package, file.name)));
    // A package that never recorded a migration but whose tables exist was made by schema sync: its first
    // (initial) migration describes what is already there.
    const baseline = missing.length === files.length && owner.tables.some((table) => tables.has(table));
    missing.forEach((file, index) => pending.push({ ...file, baseline: baseline && index === 0 }));
  }
  return { pending, legacy };
}
