import { type EntityManager } from "@mikro-orm/core";
import { CommandError } from "@agx-ext/core";
import { type CommandEntry } from "@agx-ext/core/host";
import { runStatement } from "@agx-ext/db";
import { ToolSetEntity } from "@agx-ext/services";

/** The extensions a user turned off (columns as the entity above names them). */
const DISABLED_SQL = "select extension_id from agx_user_extensions where user_id = ? and enabled = ?";

/** Which installed extensions' commands a user sees (MCP tools/list, /v1/commands, agx commands --user). */
export interface ToolSetStore {
  /** Extension ids the user turned off; every other installed extension is enabled. */
  disabledExtensions(userId: string): Promise<Set<string>>;
  /** Records the user's choice for one extension (repeating it changes nothing). */
  setEnabled(userId: string, extensionId: string, enabled: boolean): Promise<void>;
}

/** Tool sets kept in the host database; each call is one statement, so every host process sees a change at once. */
export class DatabaseToolSetStore implements ToolSetStore {
  constructor(
    private readonly transaction: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>,
    private readonly read: <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T> = transaction,
  ) {}

  async disabledExtensions(userId: string): Promise<Set<string>> {
    // Read on every command call: one prepared statement with bound values, not the ORM's query building.
    const rows = await this.read((em) => runStatement(em, DISABLED_SQL, [userId, false]));
    return new Set(rows.map((row) => String(row.extension_id)));
  }

  async setEnabled(userId: string, extensionId: string, enabled: boolean): Promise<void> {
    await this.transaction(async (em) => {
      // An upsert: two admins choosing at once end with one row and no constraint error.
      await em.upsert(
        ToolSetEntity,
        { userId, extensionId, enabled, updatedAt: new Date() },
        { onConflictFields: ["userId", "extensionId"], onConflictAction: "merge", onConflictMergeFields: ["enabled", "updatedAt"] },
      );
    });
  }
}

/** The commands a user sees: those of the extensions the user has not turned off (all without a store). */
export async function visibleCommands(entries: CommandEntry[], toolSets: ToolSetStore | undefined, userId: string): Promise<CommandEntry[]> {
  if (!toolSets) return entries;
  const off = await toolSets.disabledExtensions(userId);
  return off.size ? entries.filter((e) => !off.has(e.extensionId)) : entries;
}

/** NOT_FOUND for a command of an extension the user turned off: an agent only calls what it was shown. */
export async function assertEnabled(entry: CommandEntry, toolSets: ToolSetStore | undefined, userId: string): Promise<void> {
  if (!toolSets || !(await toolSets.disabledExtensions(userId)).has(entry.extensionId)) return;
  throw new CommandError(
    "NOT_FOUND",
    `Command "${entry.qualifiedName}" belongs to extension "${entry.extensionId}", which is turned off for user "${userId}" (agx tools enable ${entry.extensionId} --user ${userId} turns it on).`,
    { details: { extension: entry.extensionId, disabled: true } },
  );
}
