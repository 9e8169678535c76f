import type { Host } from "../host.js";
import { LoginLinkEntity, SessionEntity, ToolSetEntity, UserEntity } from "@agx-ext/services";
import { CacheGuard } from "./cache-guard.js";
import { DatabaseUserStore } from "./db-store.js";
import { KeyCache } from "./key-cache.js";
import { keyRevocations } from "./revocations.js";
import type { UserStore } from "./store.js";
import { DatabaseToolSetStore } from "./tool-sets.js";

/**
 * The user store of a host, its tables registered with the database. Call before the host starts
 * (system tables are created by the database's start-up schema sync, additively). API keys are cached
 * once the host has started; the watch that keeps the cache honest stops with the host.
 */
export function attachUserStore(host: Host): UserStore {
  const database = host.services.database;
  // Sessions and sign-in links belong with the users: a revoke deletes them in its own transaction.
  database.registerSystemEntities([UserEntity, ToolSetEntity, SessionEntity, LoginLinkEntity]);
  const transaction = <T>(fn: Parameters<typeof database.transaction<T>>[0]) => database.transaction(fn);
  const read = <T>(fn: Parameters<typeof database.read<T>>[0]) => database.read(fn);
  const cache = new KeyCache();
  const revocations = keyRevocations(database, cache, host.environment.logger);
  // After the database module (which it needs open), so it stops before the database closes.
  host.services.modules.push({ name: "api-key-revocations", start: () => revocations.start(), stop: () => revocations.stop() });
  const guard = new CacheGuard(revocations);
  const toolSets = new DatabaseToolSetStore(transaction, read, { revocations, guard, keys: cache });
  return new DatabaseUserStore(transaction, read, toolSets, revocations, cache, guard);
}
