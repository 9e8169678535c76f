import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "@mikro-orm/core";
import { mikroOrm } from "../mikro-orm.js";
import { loadDriver } from "../drivers.js";
import { UserOwned } from "../entities.js";
import { prefixTableName } from "../naming.js";
import type { Dialect } from "../url.js";
import { listMigrationFiles } from "./files.js";

/** The entities of one package: system entities (no prefix) or an extension's (tables prefixed with its id). */
export interface PackageEntities {
  package: string;
  entities: readonly NonNullable<Options["entities"]>[number][];
  /** Entity class name -> extension id, for extension entities. */
  extensionIds: ReadonlyMap<string, string>;
}

/**
 * Writes the next migration of a package into `folder`. The first one creates every table the entities
 * describe, for SQLite and PostgreSQL; later ones are a skeleton for the change the author writes by hand
 * (a rename, a data move), since only the author knows whether a column was renamed or replaced.
 */
export async function createMigration(folder: string, owner: PackageEntities, label: string, now = new Date()): Promise<string> {
  const initial = listMigrationFiles({ package: owner.package, folder }).length === 0;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const slug = (label || (initial ? "initial" : "change"))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const className = `Migration${stamp}_${slug}`;
  const body = initial ? initialBody(await createSql(owner, "sqlite"), await createSql(owner, "postgresql")) : changeBody();
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${className}.js`);
  if (existsSync(file)) throw new Error(`${file} exists already.`);
  writeFileSync(file, migrationSource(className, owner.package, body));
  return file;
}

/** The statements that create the package's tables on a dialect, from its entities (no database needed). */
async function createSql(owner: PackageEntities, dialect: Dialect): Promise<string[]> {
  const orm = await mikroOrm.MikroORM.init({
    entities: [UserOwned, ...owner.entities],
    discovery: { onMetadata: (meta) => prefixTableName(meta, owner.extensionIds), warnWhenNoEntities: false },
    metadataCache: { enabled: false },
    connect: false,
    // Both drivers are needed to write a migration for both databases (no connection is opened).
    driver: loadDriver(dialect),
    dbName: dialect === "sqlite" ? ":memory:" : "agx",
  } as Options);
  try {
    const sql = await orm.getSchemaGenerator().getCreateSchemaSQL({ wrap: false });
    return sql
      .split(/;\n/)
      .map((statement) => statement.trim().replace(/;$/, ""))
      .filter((statement) => statement !== "" && !/^set names/i.test(statement));
  } finally {
    await orm.close(true);
  }
}

const quote = (sql: string) => "`" + sql.replace(/[`\\$]/g, (c) => `\\${c}`) + "`";
const lines = (statements: string[], indent: string) => statements.map((s) => `${indent}this.addSql(${quote(s)});`).join("\n");

function initialBody(sqlite: string[], postgresql: string[]): string {
  return `    // A database made by the schema sync of earlier versions already has these tables: the host then
    // records this migration without running it (baseline).
    if (this.dialect === "postgresql") {
${lines(postgresql, "      ")}
    } else {
${lines(sqlite, "      ")}
    }`;
}

function changeBody(): string {
  return `    // Write the change for both databases; it runs in one transaction with the package's other pending
    // migrations. Example, a renamed column (the same SQL on SQLite and PostgreSQL):
    //   this.addSql("alter table my_table rename column old_name to new_name");
    // When the SQL differs, branch on this.dialect ("sqlite" or "postgresql").
    throw new Error("Write this migration before releasing it.");`;
}

function migrationSource(className: string, packageName: string, body: string): string {
  return `// A migration of ${packageName}; the host applies it once per database, in file-name order.
import { Migration } from "@agx-ext/db";

export class ${className} extends Migration {
  async up() {
${body}
  }
}
`;
}
