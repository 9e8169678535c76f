import type { Host } from "../host.js";
import { DatabaseUserStore, UserEntity } from "./db-store.js";
import type { UserStore } from "./store.js";

/**
 * The user store of a host, its table registered with the database. Call before the host starts
 * (system tables are created by the database's start-up schema sync, additively).
 */
export function attachUserStore(host: Host): UserStore {
  const database = host.services.database;
  database.registerSystemEntities([UserEntity]);
  return new DatabaseUserStore(
    (fn) => database.transaction(fn),
    (fn) => database.read(fn),
  );
}
