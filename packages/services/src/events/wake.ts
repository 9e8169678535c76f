import type { Logger } from "@agx-ext/core";
import { isValidUserId } from "@agx-ext/core/host";
import type { EntityManager } from "@mikro-orm/core";
import { PollStateEntity, TriggerAccountEntity } from "./entities.js";

/** A checked WebhookResult.wake entry: a poll trigger of the webhook's extension (qualified), for a user or an account. */
export interface PollWake {
  trigger: string;
  userId?: string;
  account?: string;
}

/** Most wake entries one webhook request may carry (a provider's batch names a few accounts, not thousands). */
const MAX_WAKES = 500;

/**
 * The wake entries of a webhook's answer that name a poll trigger of the same extension and a user or an account;
 * the others are dropped and logged, like bad events. `trigger` may be the trigger's name or its qualified name.
 */
export function checkedWakes(raw: unknown, extensionId: string, pollTriggers: ReadonlySet<string>, webhook: string, logger: Logger): PollWake[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    logger.error("webhook wake dropped: it must be an array of { trigger, userId | account }", { trigger: webhook });
    return [];
  }
  const kept: PollWake[] = [];
  for (const entry of raw.slice(0, MAX_WAKES) as { trigger?: unknown; userId?: unknown; account?: unknown }[]) {
    const name = typeof entry?.trigger === "string" ? entry.trigger : "";
    const trigger = name.startsWith(`${extensionId}/`) ? name : `${extensionId}/${name}`;
    const userId = typeof entry?.userId === "string" && isValidUserId(entry.userId) ? entry.userId : undefined;
    const account = typeof entry?.account === "string" && entry.account && entry.account.length <= 200 ? entry.account : undefined;
    if (!pollTriggers.has(trigger) || (userId === undefined) === (account === undefined)) {
      logger.error("webhook wake dropped: it must name a poll trigger of the same extension and exactly one of userId and account", {
        trigger: webhook,
        wake: name.slice(0, 100),
      });
      continue;
    }
    kept.push({ trigger, ...(userId !== undefined ? { userId } : { account }) });
  }
  return kept;
}

/**
 * Marks the poll states the wakes name due now and woken, inside the caller's transaction: every params of that
 * user's trigger (an account means the users whose polls reported it). The poll runner clears the mark when it
 * polls them. Returns how many poll states were woken; users without a subscription have none.
 */
export async function wakePolls(em: EntityManager, extensionId: string, wakes: readonly PollWake[], now: Date): Promise<number> {
  if (wakes.length === 0) return 0;
  const accounts = [...new Set(wakes.flatMap((w) => (w.account !== undefined ? [w.account] : [])))];
  const owners = new Map<string, string[]>();
  if (accounts.length)
    for (const row of await em.find(TriggerAccountEntity, { extensionId, account: { $in: accounts } }, { disableIdentityMap: true }))
      owners.set(row.account, [...(owners.get(row.account) ?? []), row.userId]);
  const usersOf = new Map<string, Set<string>>();
  for (const wake of wakes) {
    const users = wake.userId !== undefined ? [wake.userId] : (owners.get(wake.account!) ?? []);
    const set = usersOf.get(wake.trigger) ?? new Set<string>();
    for (const user of users) set.add(user);
    usersOf.set(wake.trigger, set);
  }
  let woken = 0;
  for (const [trigger, users] of usersOf)
    if (users.size) woken += await em.nativeUpdate(PollStateEntity, { trigger, userId: { $in: [...users] } }, { wokenAt: now, nextPollAt: now });
  return woken;
}
