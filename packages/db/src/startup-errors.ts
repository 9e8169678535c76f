import type { DatabaseTarget } from "./url.js";

/** A start-up failure with a message that says what is wrong and what to do; no stack trace needed. */
export class DatabaseStartupError extends Error {
  override readonly name = "DatabaseStartupError";
}

const UNREACHABLE = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"];
const SQLITE_UNWRITABLE = ["SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_IOERR", "EACCES", "EPERM", "EROFS", "ENOTDIR", "EISDIR", "EEXIST"];

/** Turns a driver error seen while starting into one actionable sentence about the target. */
export function explainStartupError(error: unknown, target: DatabaseTarget): DatabaseStartupError {
  const codes = errorCodes(error);
  const detail = errorMessage(error);
  const has = (...list: string[]) => list.some((c) => codes.has(c));

  if (target.dialect === "postgresql") {
    if (has(...UNREACHABLE) || /connect ECONNREFUSED|timeout/i.test(detail))
      return new DatabaseStartupError(`Cannot reach ${target.description} (${detail}). Start PostgreSQL, or fix the host and port in AGX_DATABASE_URL.`);
    if (has("28P01", "28000"))
      return new DatabaseStartupError(`PostgreSQL refused the login to ${target.description} (${detail}). Check the user and password in AGX_DATABASE_URL.`);
    if (has("3D000"))
      return new DatabaseStartupError(
        `${target.description} does not exist. Create it (createdb ${target.dbName}) or point AGX_DATABASE_URL at an existing database.`,
      );
    if (has("42501"))
      return new DatabaseStartupError(`The database user may not create or change tables in ${target.description} (${detail}). Grant it CREATE on the schema.`);
    return new DatabaseStartupError(`Cannot start on ${target.description}: ${detail}. Check AGX_DATABASE_URL and the server log.`);
  }

  if (has("SQLITE_BUSY", "SQLITE_LOCKED") || /database is locked/i.test(detail))
    return new DatabaseStartupError(
      `${target.description} is locked by another process (is another agx running on it?). Stop that process, or set AGX_DATABASE_URL=sqlite:<another file>.`,
    );
  if (has("SQLITE_NOTADB", "SQLITE_CORRUPT"))
    return new DatabaseStartupError(
      `${target.description} is not a usable SQLite database (${detail}). Move it away, or set AGX_DATABASE_URL to another file.`,
    );
  if (has(...SQLITE_UNWRITABLE) || /unable to open|readonly|permission denied/i.test(detail))
    return new DatabaseStartupError(
      `Cannot open ${target.description} for writing (${detail}). Check that its folder exists and is writable, or set AGX_DATABASE_URL=sqlite:<another file>.`,
    );
  return new DatabaseStartupError(`Cannot start on ${target.description}: ${detail}.`);
}

/** Codes of the error and its causes (drivers wrap the original error). */
function errorCodes(error: unknown): Set<string> {
  const codes = new Set<string>();
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string") codes.add(e.code);
    for (const inner of e.errors ?? []) {
      const code = (inner as { code?: unknown }).code;
      if (typeof code === "string") codes.add(code);
    }
  }
  return codes;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // MikroORM prefixes the failing SQL; the driver's own words are the useful part.
  const parts = message.split(" - ");
  return (parts[parts.length - 1] ?? message).trim() || (error as { code?: string }).code || "unknown error";
}
