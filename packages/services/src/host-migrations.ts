import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MIGRATIONS_FOLDER, type MigrationFolder } from "@agx-ext/db";

/** The host's own migrations (users, sessions, events...): `migrations/` next to this package's package.json, shipped with it. */
export const HOST_MIGRATIONS: MigrationFolder = {
  // The ledger name stays "@agx-ext/host", where these migrations lived first: existing databases recorded
  // them under it, and a new name would make the host run them again on those databases.
  package: "@agx-ext/host",
  // This file is src/host-migrations.ts or dist/host-migrations.js: the package root is one folder up.
  folder: join(dirname(fileURLToPath(import.meta.url)), "..", MIGRATIONS_FOLDER),
};
