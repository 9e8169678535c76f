import { Entity, Property } from "./entity-decorators.js";

/** Marks UserOwned and, through static inheritance, every subclass; survives duplicate copies of this package. */
const USER_OWNED_MARK = Symbol.for("agx.UserOwned");

/** Longest user id the user_id column holds; core's user-id rule (at most 128 plain characters) keeps every id within it. */
export const MAX_USER_ID_LENGTH = 255;

/**
 * Base class of every extension entity. `userId` is filled from the calling user when a row is created
 * and checked on every change; an extension never sets it. Reads through the injected EntityManager only
 * see the caller's rows.
 */
@Entity({ abstract: true })
export abstract class UserOwned {
  static readonly [USER_OWNED_MARK] = true;

  @Property({ type: "string", length: MAX_USER_ID_LENGTH, index: true, fieldName: "user_id" })
  userId!: string;
}

/** Property name the isolation filter and the flush guard rely on. */
export const USER_ID = "userId";

/** True when an entity class derives from UserOwned (from any copy of this package). */
export function isUserOwned(entity: unknown): boolean {
  return typeof entity === "function" && (entity as unknown as Record<symbol, unknown>)[USER_OWNED_MARK] === true;
}
