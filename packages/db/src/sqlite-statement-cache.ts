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
 * statement makes room, so writes never hold more than this many.
 */
const CACHE_SIZE = 200;

/**
 * Makes `connection.prepare` reuse the statement it prepared before for the same SQL text, so every query knex
 * sends (MikroORM's included) skips SQLite's parse and plan when its text repeats. better-sqlite3 runs a
 * statement to completion before it returns (knex uses all() and run(), never iterate()), so one statement
 * object can serve every later query with its text; the one mode knex may set per query, safe integers, is put
 * back to the connection's default before each reuse.
 */
export function cachePreparedStatements(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, SqliteStatement>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      statements.delete(sql);
      statement.safeIntegers(false);
    } else {
      statement = prepare(sql);
      if (statements.size >= CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    return statement;
  };
}
