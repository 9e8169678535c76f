/** The part of a better-sqlite3 connection the cache wraps. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface SqliteStatement {
  safeIntegers(toggle?: boolean): unknown;
}

/**
 * Statements kept per connection. MikroORM 6 writes values into the SQL text, so a text repeats when the query
 * and its values do (a user's reads, BEGIN and COMMIT) and not for most writes; the least recently used
 * statement makes room.
 */
const CACHE_SIZE = 200;
/**
 * Texts seen once, remembered (not prepared) so that only a text seen again is kept: a statement kept for a
 * text that never repeats (an insert with its values in it) made such writes about a quarter slower.
 */
const SEEN_SIZE = 2000;

/**
 * Makes `connection.prepare` reuse the statement it prepared before for the same SQL text (from the second time
 * the text comes), so every query knex
 * sends (MikroORM's included) skips SQLite's parse and plan when its text repeats. better-sqlite3 runs a
 * statement to completion before it returns (knex uses all() and run(), never iterate()), so one statement
 * object can serve every later query with its text; the one mode knex may set per query, safe integers, is put
 * back to the connection's default before each reuse.
 */
export function cachePreparedStatements(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, SqliteStatement>();
  const seen = new Set<string>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      statements.delete(sql);
      statement.safeIntegers(false);
    } else {
      statement = prepare(sql);
      if (!seen.delete(sql)) {
        if (seen.size >= SEEN_SIZE) seen.delete(seen.values().next().value!);
        seen.add(sql);
        return statement;
      }
      if (statements.size >= CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    return statement;
  };
}
