import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Logger } from "@agx-ext/core";

/** Owner-only: the database holds every user's data and the token vault. */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** Files SQLite keeps beside the database: the write-ahead log, its shared-memory index, a rollback journal. */
const COMPANION_SUFFIXES = ["-wal", "-shm", "-journal"] as const;

/**
 * Makes the SQLite file owner-only before SQLite opens it. SQLite creates a missing file as 0644 (less the
 * umask) and gives its -wal/-shm files the database file's mode, so the file is created here first, as 0600.
 * Existing files are tightened too (they may come from a version that left them world-readable). The folder
 * is created 0700; an existing folder is tightened only when it is the host's own state folder, since a
 * folder named in AGX_DATABASE_URL may be shared with other things.
 * Throws the file system's error when the folder or file cannot be created (start-up explains it).
 */
export function prepareSqliteFiles(file: string, stateFolder: string, logger: Logger): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
  if (resolve(folder) === resolve(stateFolder)) tighten(folder, FOLDER_MODE, logger);
  // "a" creates the file when missing and leaves an existing one as it is.
  closeSync(openSync(file, "a", FILE_MODE));
  tightenSqliteFiles(file, logger);
}

/**
 * Sets the database file and the companions that exist to 0600. Run again after opening: whatever the umask,
 * a -wal/-shm file SQLite has just created ends up owner-only.
 */
export function tightenSqliteFiles(file: string, logger: Logger): void {
  tighten(file, FILE_MODE, logger);
  for (const suffix of COMPANION_SUFFIXES) tighten(file + suffix, FILE_MODE, logger);
}

/** chmod, skipping files that do not exist; a file owned by someone else is left as it is, with a warning. */
function tighten(path: string, mode: number, logger: Logger): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    logger.warn("could not make a database file owner-only", { path, mode: mode.toString(8), error: code ?? String(error) });
  }
}
