import { isAbsolute, join, resolve } from "node:path";

export type Dialect = "sqlite" | "postgresql";

/** Where the data lives, parsed from AGX_DATABASE_URL (or the embedded default). */
export type DatabaseTarget =
  { dialect: "sqlite"; file: string; description: string } | { dialect: "postgresql"; url: string; dbName: string; description: string };

/** Relative to the host directory: the host's private state folder (owner-only). */
export const STATE_FOLDER = ".agx";

/** Relative to the host directory: the embedded database, in the state folder. */
export const DEFAULT_SQLITE_FILE = join(STATE_FOLDER, "agx.db");

const URL_HELP = "use postgres://user:password@host:5432/dbname, or sqlite:path/to/file.db";

/**
 * Reads a database URL. Empty means the embedded SQLite file under the host directory.
 * Throws one Error naming the problem; the message never repeats a password.
 */
export function parseDatabaseUrl(url: string | undefined, hostDir: string): DatabaseTarget {
  const raw = url?.trim() ?? "";
  if (raw === "") return sqliteTarget(join(resolve(hostDir), DEFAULT_SQLITE_FILE));

  if (raw.startsWith("sqlite:")) {
    // sqlite:relative.db, sqlite:/abs.db and sqlite:///abs.db all name a file.
    let path = raw.slice("sqlite:".length);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") throw new Error(`AGX_DATABASE_URL "sqlite:" names no file: ${URL_HELP}.`);
    if (path === ":memory:") return { dialect: "sqlite", file: ":memory:", description: "SQLite in memory" };
    return sqliteTarget(isAbsolute(path) ? path : join(resolve(hostDir), path));
  }

  if (/^postgres(ql)?:\/\//i.test(raw)) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`AGX_DATABASE_URL is not a valid PostgreSQL URL (${hidePassword(raw)}): ${URL_HELP}.`);
    }
    const dbName = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
    if (!parsed.hostname) throw new Error(`AGX_DATABASE_URL ${hidePassword(raw)} names no host: ${URL_HELP}.`);
    if (!dbName || dbName.includes("/"))
      throw new Error(`AGX_DATABASE_URL ${hidePassword(raw)} names no database: add it after the host, e.g. postgres://${parsed.host}/agx.`);
    return {
      dialect: "postgresql",
      url: raw,
      dbName,
      description: `PostgreSQL database "${dbName}" at ${parsed.hostname}:${parsed.port || "5432"}`,
    };
  }

  throw new Error(`AGX_DATABASE_URL "${hidePassword(raw)}" is not supported: ${URL_HELP}.`);
}

function sqliteTarget(file: string): DatabaseTarget {
  return { dialect: "sqlite", file, description: `SQLite file ${file}` };
}

/** The URL with any password replaced by ***, for messages and logs. */
export function hidePassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}
