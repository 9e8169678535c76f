import type { EntityManager } from "@mikro-orm/core";
import { mikroOrm } from "@agx-ext/db";
import { CommandError } from "@agx-ext/core";
import { invalidUserId } from "@agx-ext/core/host";
import { CacheGuard } from "./cache-guard.js";
import { KeyCache } from "./key-cache.js";
import { hashKey, isValidUserId, issueKey, keyIdOf, keyMatches } from "./keys.js";
import type { Announcement, KeyRevocations, KeyRow } from "./revocations.js";
import { roleOf } from "./sessions.js";
import type { Role, UserInfo, UserStore } from "./store.js";
import { DatabaseToolSetStore, type ToolSetStore } from "./tool-sets.js";
import { LoginLinkEntity, SessionEntity, UserEntity, type UserRow } from "@agx-ext/services";

/**
 * Rows are read without entering the identity map: the transaction's closing flush must never write
 * back what was only read (a re-hydrated date would otherwise undo a nativeUpdate).
 */
const READ_ONLY = { disableIdentityMap: true } as const;

/**
 * Users kept in the host database. Every change is one transaction, so several host processes on one
 * database agree at once (a revoked key stops working everywhere on the next request).
 *
 * Good keys are remembered per process (KeyCache) while `revocations` can vouch for the cache: a change
 * made anywhere clears it before the next cached answer. Without `revocations` every request reads the
 * database.
 */
export class DatabaseUserStore implements UserStore {
  /**
   * `transaction` runs work on an unscoped (system) EntityManager: `Database.transaction` of @agx-ext/db;
   * `read` does the same without a transaction (`Database.read`), for single-statement reads such as
   * the lookup every request makes.
   */
  constructor(
    private readonly transaction: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>,
    private readonly read: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T> = transaction,
    readonly toolSets: ToolSetStore = new DatabaseToolSetStore(transaction, read),
    private readonly revocations?: KeyRevocations,
    private readonly cache: KeyCache = new KeyCache(),
    /** Shared with the tool-set store, so one request reads the SQLite revision once (see cache-guard.ts). */
    private readonly guard: CacheGuard | undefined = revocations && new CacheGuard(revocations),
  ) {}

  /** Taken before a request's key check; a later tool-set lookup of the request passes it along. */
  cacheMark(): number | undefined {
    return this.guard?.mark();
  }

  async add(id: string, options: { admin?: boolean } = {}): Promise<string> {
    assertUserId(id);
    const issued = issueKey();
    let role: Role = options.admin ? "admin" : "member";
    try {
      await this.transaction(async (em) => {
        const existing = await em.findOne(UserEntity, { id }, READ_ONLY);
        if (existing && !existing.revokedAt)
          throw new CommandError("CONFLICT", `User "${id}" already exists. Revoke it first (agx users revoke ${id}) to issue a new key.`);
        if (!existing) {
          // The host's first user is its admin, so someone can always manage the others.
          if ((await em.count(UserEntity, {})) === 0) role = "admin";
          await em.insert(UserEntity, { id, keyId: issued.keyId, keyHash: issued.hash, createdAt: new Date(), revokedAt: null, role });
          return;
        }
        // Only a still-revoked row is re-keyed, so two racing re-activations cannot both win.
        const changed = await em.nativeUpdate(
          UserEntity,
          { id, revokedAt: { $ne: null } },
          // A re-keyed user keeps its role (`agx users revoke default && agx users add default` re-keys the admin).
          { keyId: issued.keyId, keyHash: issued.hash, revokedAt: null, role: options.admin ? "admin" : roleOf(existing) },
        );
        if (changed === 0) throw new CommandError("CONFLICT", `User "${id}" was re-activated by someone else just now.`);
      });
    } catch (error) {
      if (error instanceof mikroOrm.UniqueConstraintViolationException) throw new CommandError("CONFLICT", `User "${id}" already exists.`);
      throw error;
    }
    return issued.key;
  }

  async list(): Promise<UserInfo[]> {
    const rows = await this.read((em) => em.find(UserEntity, {}, { ...READ_ONLY, orderBy: { id: "asc" } }));
    return rows.map(userInfo);
  }

  async get(id: string): Promise<UserInfo | undefined> {
    const row = await this.read((em) => em.findOne(UserEntity, { id }, READ_ONLY));
    return row ? userInfo(row) : undefined;
  }

  async setRole(id: string, role: Role): Promise<UserInfo> {
    return this.transaction(async (em) => {
      const row = await em.findOne(UserEntity, { id }, READ_ONLY);
      if (!row || row.revokedAt) throw new CommandError("NOT_FOUND", `There is no active user "${id}" (agx users list shows them).`);
      if (role === "member" && roleOf(row) === "admin") {
        const admins = (await em.find(UserEntity, { revokedAt: null }, READ_ONLY)).filter((user) => roleOf(user) === "admin");
        if (admins.length <= 1)
          throw new CommandError("CONFLICT", `"${id}" is the only admin: make another user an admin first, so someone can still manage users.`);
      }
      await em.nativeUpdate(UserEntity, { id }, { role });
      return userInfo({ ...row, role });
    });
  }

  async revoke(id: string): Promise<void> {
    let announcement: Announcement | undefined;
    let committed = false;
    try {
      await this.transaction(async (em) => {
        const row = await em.findOne(UserEntity, { id }, READ_ONLY);
        if (!row) throw new CommandError("NOT_FOUND", `There is no user "${id}" (agx users list shows them).`);
        if (row.revokedAt) return;
        await em.nativeUpdate(UserEntity, { id }, { revokedAt: new Date() });
        // Console sessions and sign-in links end with the key (sessions also check the user on every request).
        await em.nativeDelete(SessionEntity, { userId: id });
        await em.nativeDelete(LoginLinkEntity, { userId: id, usedAt: null });
        announcement = await this.revocations?.announce(em);
      });
      committed = true;
    } finally {
      // This process learns first-hand; the others through `revocations` (revoke returns once they have).
      this.cache.clear();
      await announcement?.settle(committed);
    }
  }

  async authenticate(key: string): Promise<string | undefined> {
    const keyId = keyIdOf(key);
    if (!keyId) return undefined;
    const keyHash = hashKey(key);
    const cacheUsable = (await this.guard?.checkSoon()) ?? false;
    if (cacheUsable) {
      const cached = this.cache.get(keyHash);
      if (cached) return cached;
    }
    // A clear while the lookup is under way means the answer may be stale already: it is used, not kept.
    const epoch = this.cache.epoch;
    const row = (await this.lookup(keyId))[0];
    if (!row || row.revoked_at != null || !keyMatches(key, row.key_hash)) return undefined;
    if (cacheUsable) this.cache.remember(keyHash, row.id, epoch);
    return row.id;
  }

  private async lookup(keyId: string): Promise<KeyRow[]> {
    const fresh = this.revocations?.lookup?.(keyId);
    if (fresh) return fresh;
    // One plain statement costs a tenth of an ORM findOne.
    return this.read((em) => em.getConnection().execute<KeyRow[]>("select id, key_hash, revoked_at from agx_users where key_id = ?", [keyId], "all"));
  }

  async isActive(id: string): Promise<boolean> {
    const row = await this.read((em) => em.findOne(UserEntity, { id }, READ_ONLY));
    return !!row && !row.revokedAt;
  }

  async createFirstUser(id: string): Promise<string | undefined> {
    assertUserId(id);
    if ((await this.read((em) => em.count(UserEntity, {}))) > 0) return undefined;
    try {
      return await this.add(id, { admin: true });
    } catch (error) {
      // Another process created it between the count and the insert: that one printed the key.
      if ((error as CommandError).code === "CONFLICT") return undefined;
      throw error;
    }
  }
}

function userInfo(row: UserRow): UserInfo {
  return { id: row.id, role: roleOf(row), createdAt: row.createdAt, ...(row.revokedAt ? { revokedAt: row.revokedAt } : {}) };
}

function assertUserId(id: string): void {
  if (!isValidUserId(id)) throw invalidUserId(id);
}
