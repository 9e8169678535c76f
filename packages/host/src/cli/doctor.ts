import { manifestStatus, type ExtensionStatus, type LoadFailure } from "@agx-ext/core/catalog";
import { parseCommandLine } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { asJson, migrationLines, pendingMigrations } from "./pending-migrations.js";

/**
 * agx doctor [--user <id>] [--json]: each extension, loaded or why not, and the settings it still needs.
 * Without --user it reads manifests only; with it, the host starts to see that user's stored settings.
 * It also lists the database migrations the next start would apply (read without changing anything).
 */
export const doctor: Subcommand = async (args, { io, host, installed }) => {
  const { values } = parseCommandLine("doctor", args);
  let statuses: ExtensionStatus[];
  let failures: readonly LoadFailure[];
  let notices: readonly string[];
  if (values.user) {
    const full = await host();
    await full.start(); // the user's stored settings live in the started vault
    statuses = await Promise.all(full.runtime.extensions.map((e) => full.runtime.settingsStatus(e, values.user)));
    ({ failures } = full.runtime);
    ({ notices } = full);
  } else {
    const found = await installed();
    statuses = found.extensions.map((e) => manifestStatus(e, found.settings));
    ({ failures, notices } = found);
  }
  const migrations = await pendingMigrations(await host()).then(
    (pending) => ({ pending: asJson(pending) }),
    (error: unknown) => ({ error: `cannot read the database's migrations: ${(error as Error).message}` }),
  );
  if (values.json) {
    io.out(JSON.stringify({ extensions: statuses, failures, notices, migrations }, null, 2));
  } else {
    for (const s of statuses) {
      const needs = [...s.missingSettings.map((k) => `${k} (missing)`), ...s.invalidSettings.map((k) => `${k} (invalid)`)];
      io.out(`${needs.length ? "!" : "✔"} ${s.id} (${s.package} ${s.version}) ${needs.length ? `needs settings: ${needs.join(", ")}` : "ready"}`);
    }
    for (const f of failures) io.out(`✘ ${f.source}: ${f.reason}`);
    for (const notice of notices) io.out(`note: ${notice}`);
    if ("error" in migrations) io.out(`✘ ${migrations.error}`);
    else if (migrations.pending.length)
      io.out(
        `! migrations pending (agx migrate, or any start, applies them):\n${migrationLines(migrations.pending)
          .map((l) => `    ${l}`)
          .join("\n")}`,
      );
    else io.out("✔ database migrations up to date");
    io.out(`\n${statuses.length} loaded, ${failures.length} failed to load`);
  }
  return failures.length ? EXIT.failed : EXIT.ok;
};
