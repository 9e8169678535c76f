import { copyFileSync, existsSync, rmSync } from "node:fs";

/** The SQLite file and its write-ahead log: together they are the database. */
const PARTS = ["", "-wal"];

/** Where the copy taken before migrations lives, next to the database file. */
function backupPath(file: string): string {
  return `${file}.before-migrations`;
}

/**
 * Copies the database file (and its write-ahead log) before migrations run. Called while holding the write
 * lock (BEGIN IMMEDIATE): nobody writes meanwhile, and the log is not restarted, so the copy is consistent.
 */
export function backUpSqlite(file: string): string {
  const backup = backupPath(file);
  for (const part of PARTS) {
    rmSync(backup + part, { force: true });
    if (existsSync(file + part)) copyFileSync(file + part, backup + part);
  }
  return backup;
}

/** Puts the copy back (the connection must be closed): for a failure that the transaction could not roll back. */
export function restoreSqlite(file: string): void {
  const backup = backupPath(file);
  rmSync(`${file}-shm`, { force: true });
  for (const part of PARTS) {
    rmSync(file + part, { force: true });
    if (existsSync(backup + part)) copyFileSync(backup + part, file + part);
  }
}

export function removeSqliteBackup(file: string): void {
  for (const part of PARTS) rmSync(backupPath(file) + part, { force: true });
}
