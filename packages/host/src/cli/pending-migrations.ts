import type { PendingMigration } from "@agx-ext/db";
import type { Host } from "../host.js";

type LoadedExtension = Awaited<ReturnType<Host["runtime"]["extensions"][number]["load"]>>;

/** The extensions whose code the database needs at start (their entities and migrations), loaded. */
function extensionsWithEntities(host: Host): Promise<LoadedExtension[]> {
  return Promise.all(host.runtime.extensions.filter((e) => e.hasEntities).map((e) => e.load()));
}

/** What the next start would migrate, read without changing the database. */
export async function pendingMigrations(host: Host): Promise<PendingMigration[]> {
  return (await host.services.database.pendingMigrations(await extensionsWithEntities(host))).pending;
}

/** One line per migration: package, name, and whether it is only recorded (the tables exist already). */
export function migrationLines(migrations: readonly Pick<PendingMigration, "package" | "name" | "baseline">[]): string[] {
  return migrations.map((m) => `${m.package} ${m.name}${m.baseline ? " (baseline: the tables exist, recorded only)" : ""}`);
}

export const asJson = (migrations: readonly PendingMigration[]) => migrations.map((m) => ({ package: m.package, name: m.name, baseline: m.baseline }));
