import { Entity, Property } from "@mikro-orm/core";

/** Marks UserOwned and, through static inheritance, every subclass; survives duplicate copies of this package. */
const USER_OWNED_MARK = Symbol.for("agx.UserOwned");

/** Longest user id the user_id column holds (PostgreSQL refuses a longer one). */
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

/**
 * Why a user id cannot own rows, or undefined when it can: it must fit the user_id column, and neither
 * database stores a NUL character. Host-issued ids always fit; this guards ids a host package passes through.
 */
export function userIdProblem(userId: string): string | undefined {
  if (userId.length > MAX_USER_ID_LENGTH && [...userId].length > MAX_USER_ID_LENGTH) return `The user id is longer than ${MAX_USER_ID_LENGTH} characters; use a shorter one.`;
  if (userId.includes("\u0000")) return "The user id contains a NUL character (\\u0000), which is not allowed.";
  return undefined;
}

/** True when an entity class derives from UserOwned (from any copy of this package). */
export function isUserOwned(entity: unknown): boolean {
  return typeof entity === "function" && (entity as unknown as Record<symbol, unknown>)[USER_OWNED_MARK] === true;
}
