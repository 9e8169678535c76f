import { type EntityManager } from "@mikro-orm/core";
import { CommandError } from "@agx-ext/core";
import { type CommandEntry } from "@agx-ext/core/host";
import { runStatement } from "@agx-ext/db";
import { ToolSetEntity } from "@agx-ext/services";
import type { CacheGuard } from "./cache-guard.js";
import type { KeyCache } from "./key-cache.js";
import type { Announcement, KeyRevocations } from "./revocations.js";
import { ToolSetCache } from "./tool-set-cache.js";

/** The extensions a user turned off (columns as ToolSetEntity names them). */
const DISABLED_SQL = "select extension_id from agx_user_extensions where user_id = ? and enabled = ?";

/** Which installed extensions' commands a user sees (MCP tools/list, /v1/commands, agx commands --user). */
export interface ToolSetStore {
  /**
   * Extension ids the user turned off; every other installed extension is enabled. `cacheMark` is
   * UserStore.cacheMark() taken before the request's key check, when there was one.
   */
  disabledExtensions(userId: string, cacheMark?: number): Promise<ReadonlySet<string>>;
  /** Records the user's choice for one extension (repeating it changes nothing). */
  setEnabled(userId: string, extensionId: string, enabled: boolean): Promise<void>;
}

/** How tool-set changes reach the other processes: the API keys' watch (revocations.ts), its guard and cache. */
export interface ToolSetWatch {
  revocations: KeyRevocations;
  guard: CacheGuard;
  keys: KeyCache;
}

/**
 * Tool sets kept in the host database; each change is one transaction, so every host process sees it at once.
 * With a `watch`, each user's choices are remembered per process while the watch vouches for them: a change is
 * announced like a key revoke, so the next call on any host reads the table again.
 */
export class DatabaseToolSetStore implements ToolSetStore {
  private readonly cache: ToolSetCache | undefined;

  constructor(
    private readonly transaction: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>,
    private readonly read: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T> = transaction,
    private readonly watch?: ToolSetWatch,
  ) {
    this.cache = watch && new ToolSetCache(watch.keys);
  }

  async disabledExtensions(userId: string, cacheMark?: number): Promise<ReadonlySet<string>> {
    // Read on every command call: from memory while the watch vouches for it (see cache-guard.ts).
    const cacheUsable = this.cache !== undefined && this.watch!.guard.checkSince(cacheMark);
    if (cacheUsable) {
      const cached = this.cache.get(userId);
      if (cached) return cached;
    }
    const epoch = this.cache?.epoch;
    // One prepared statement with bound values, not the ORM's query building.
    const rows = await this.read((em) => runStatement(em, DISABLED_SQL, [userId, false]));
    const disabled = new Set(rows.map((row) => String(row.extension_id)));
    if (cacheUsable && epoch !== undefined) this.cache.remember(userId, disabled, epoch);
    return disabled;
  }

  async setEnabled(userId: string, extensionId: string, enabled: boolean): Promise<void> {
    let announcement: Announcement | undefined;
    let committed = false;
    try {
      await this.transaction(async (em) => {
        // An upsert: two admins choosing at once end with one row and no constraint error.
        await em.upsert(
          ToolSetEntity,
          { userId, extensionId, enabled, updatedAt: new Date() },
          { onConflictFields: ["userId", "extensionId"], onConflictAction: "merge", onConflictMergeFields: ["enabled", "updatedAt"] },
        );
        announcement = await this.watch?.revocations.announce(em);
      });
      committed = true;
    } finally {
      // This process learns first-hand; the others through the watch (as for a revoke, it returns once they have).
      this.watch?.keys.clear();
      await announcement?.settle(committed);
    }
  }
}

/** The commands a user sees: those of the extensions the user has not turned off (all without a store). */
export async function visibleCommands(
  entries: CommandEntry[],
  toolSets: ToolSetStore | undefined,
  userId: string,
  cacheMark?: number,
): Promise<CommandEntry[]> {
  if (!toolSets) return entries;
  const off = await toolSets.disabledExtensions(userId, cacheMark);
  return off.size ? entries.filter((e) => !off.has(e.extensionId)) : entries;
}

/** NOT_FOUND for a command of an extension the user turned off: an agent only calls what it was shown. */
export async function assertEnabled(entry: CommandEntry, toolSets: ToolSetStore | undefined, userId: string, cacheMark?: number): Promise<void> {
  if (!toolSets || !(await toolSets.disabledExtensions(userId, cacheMark)).has(entry.extensionId)) return;
  throw new CommandError(
    "NOT_FOUND",
    `Command "${entry.qualifiedName}" belongs to extension "${entry.extensionId}", which is turned off for user "${userId}" (agx tools enable ${entry.extensionId} --user ${userId} turns it on).`,
    { details: { extension: entry.extensionId, disabled: true } },
  );
}
