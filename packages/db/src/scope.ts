import { CommandError } from "@agx-ext/core";
import type { ChangeSet, EntityManager, EventSubscriber, FlushEventArgs } from "@mikro-orm/core";
import { mikroOrm } from "./mikro-orm.js";
import { USER_ID } from "./entities.js";

/** Name of the filter that limits extension entities to the calling user's rows. */
export const USER_FILTER = "agxUser";

export interface UserFilterArgs {
  userId: string;
}

/** The filter definition for MikroORM's `filters` option, applied to every user-owned entity. */
export function userFilter(entityNames: readonly string[]) {
  return {
    name: USER_FILTER,
    // Declaring `args` makes MikroORM refuse a query with no user set instead of returning every row.
    cond: (args: UserFilterArgs) => ({ [USER_ID]: args.userId }),
    entity: [...entityNames],
    default: true,
  };
}

/** The user an EntityManager is scoped to, or undefined for the host's own (system) EntityManager. */
export function scopedUser(em: EntityManager): string | undefined {
  return (em.getFilterParams(USER_FILTER) as UserFilterArgs | undefined)?.userId;
}

/** A fork of `em` that only sees, and only writes, `userId`'s rows. */
export function forkForUser(em: EntityManager, userId: string): EntityManager {
  const fork = em.fork({ clear: true, useContext: false });
  fork.setFilterParams(USER_FILTER, { userId } satisfies UserFilterArgs);
  return fork;
}

/**
 * Checks every change to a user-owned row at flush time: a new row gets the caller's id whatever the
 * code put there; an update or delete of a row that is not the caller's (for instance one reached with
 * `em.getReference(Entity, guessedId)`) is refused, so the filter cannot be side-stepped by id.
 */
export class UserWriteGuard implements EventSubscriber {
  constructor(private readonly userOwned: ReadonlySet<string>) {}

  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const userId = scopedUser(em);
    for (const changeSet of uow.getChangeSets()) {
      if (!this.userOwned.has(changeSet.meta.className)) continue;
      const entity = changeSet.entity as Record<string, unknown>;
      if (userId === undefined) throw new Error(`${changeSet.meta.className} rows belong to users: change them through the EntityManager of a command call.`);
      if (changeSet.type === mikroOrm.ChangeSetType.CREATE) {
        if (entity[USER_ID] !== userId) {
          entity[USER_ID] = userId;
          uow.recomputeSingleChangeSet(changeSet.entity);
        }
        continue;
      }
      const owner = (changeSet.originalEntity as Record<string, unknown> | undefined)?.[USER_ID] ?? (await storedOwner(em, changeSet));
      if (owner !== userId || (USER_ID in (changeSet.payload as object) && entity[USER_ID] !== userId))
        // Same answer as a filtered find: another user's row does not exist for this caller.
        throw new CommandError("NOT_FOUND", `${changeSet.meta.className} ${String(changeSet.getPrimaryKey())} was not found.`);
    }
  }
}

/** The stored owner of a row changed through an unloaded reference (only its id is known in memory). */
async function storedOwner(em: EntityManager, changeSet: ChangeSet<object>): Promise<unknown> {
  const row = await em.getDriver().findOne<Record<string, unknown>>(changeSet.meta.className, changeSet.getPrimaryKey() as never, {
    fields: [USER_ID] as never,
    ctx: em.getTransactionContext(),
    connectionType: "write",
  });
  return row?.[USER_ID];
}
