import { parseCommandLine } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { asJson, migrationLines, pendingMigrations } from "./pending-migrations.js";

/**
 * agx migrate [--dry-run] [--json]: applies the pending migrations, as every start does, or lists them.
 * A failed migration fails the start: the error names the package and the migration, and the exit code is 1.
 */
export const migrate: Subcommand = async (args, { io, host }) => {
  const { values } = parseCommandLine("migrate", args);
  const agx = await host();
  if (values["dry-run"]) {
    const pending = await pendingMigrations(agx);
    if (values.json) io.out(JSON.stringify({ pending: asJson(pending) }, null, 2));
    else
      io.out(
        pending.length
          ? `pending migrations:\n${migrationLines(pending)
              .map((l) => `  ${l}`)
              .join("\n")}`
          : "no pending migrations",
      );
    return EXIT.ok;
  }
  await agx.start();
  const applied = agx.services.database.appliedMigrations;
  if (values.json) io.out(JSON.stringify({ applied: asJson(applied) }, null, 2));
  else
    io.out(
      applied.length
        ? `applied migrations:\n${migrationLines(applied)
            .map((l) => `  ${l}`)
            .join("\n")}`
        : "no pending migrations",
    );
  return EXIT.ok;
};
