import type { Host } from "../host.js";
import { DatabaseUserStore, UserEntity } from "./db-store.js";
import type { UserStore } from "./store.js";
import { DatabaseToolSetStore, ToolSetEntity } from "./tool-sets.js";

/**
 * The user store of a host, its tables registered with the database. Call before the host starts
 * (system tables are created by the database's start-up schema sync, additively).
 */
export function attachUserStore(host: Host): UserStore {
  const database = host.services.database;
  database.registerSystemEntities([UserEntity, ToolSetEntity]);
  const transaction = <T>(fn: Parameters<typeof database.transaction<T>>[0]) => database.transaction(fn);
  const read = <T>(fn: Parameters<typeof database.read<T>>[0]) => database.read(fn);
  return new DatabaseUserStore(transaction, read, new DatabaseToolSetStore(transaction, read));
}
