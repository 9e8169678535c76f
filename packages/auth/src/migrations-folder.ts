import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Auth's migrations (the token vault's tables): `migrations/` next to its package.json, shipped with it. */
export const AUTH_MIGRATIONS = {
  package: "@agx-ext/auth",
  // This file is src/migrations-folder.ts or dist/migrations-folder.js: the package root is one folder up.
  folder: join(dirname(fileURLToPath(import.meta.url)), "..", "migrations"),
};
