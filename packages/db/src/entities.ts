import { Entity, Property } from "@mikro-orm/core";

/**
 * Base class of every extension entity. `userId` is filled from the calling user when a row is created
 * and checked on every change; an extension never sets it. Reads through the injected EntityManager only
 * see the caller's rows.
 */
@Entity({ abstract: true })
export abstract class UserOwned {
  @Property({ type: "string", length: 255, index: true, fieldName: "user_id" })
  userId!: string;
}

/** Property name the isolation filter and the flush guard rely on. */
export const USER_ID = "userId";

/** True when an entity class derives from UserOwned. */
export function isUserOwned(entity: unknown): boolean {
  return typeof entity === "function" && entity.prototype instanceof UserOwned;
}
