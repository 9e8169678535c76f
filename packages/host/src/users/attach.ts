import type { Database } from "@agx-ext/db";
import type { Host } from "../host.js";
import { DatabaseUserStore, UserEntity } from "./db-store.js";
import type { UserStore } from "./store.js";

/** The host's database handle. */
export function hostDatabase(host: Host): Database {
  return host.services.database;
}

/**
 * The user store of a host, its table registered with the database. Call before the host starts
 * (system tables are created by the database's start-up schema sync, additively).
 */
export function attachUserStore(host: Host): UserStore {
  const database = hostDatabase(host);
  database.registerSystemEntities([UserEntity]);
  return new DatabaseUserStore(
    (fn) => database.transaction(fn),
    (fn) => database.read(fn),
  );
}
