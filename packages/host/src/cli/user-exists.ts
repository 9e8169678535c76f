import { CommandError } from "@agx-ext/core/catalog";
import type { UserStore } from "../users/store.js";

/** NOT_FOUND for a --user that names nobody, so a typo does not silently act on no one. */
export async function assertUserExists(users: UserStore, userId: string): Promise<void> {
  if (await users.isActive(userId)) return;
  throw new CommandError(
    "NOT_FOUND",
    `There is no active user "${userId}": agx users add ${userId} creates one (agx serve and agx mcp create "default" on a fresh host).`,
  );
}
