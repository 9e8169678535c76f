import type { ToolSetStore } from "./tool-sets.js";

/** A user as the host lists it; never carries the key or its hash. */
export interface UserInfo {
  id: string;
  createdAt: Date;
  /** Set once the user's key was revoked; a revoked user cannot call the API. */
  revokedAt?: Date;
}

/** Users and their API keys. Keys are stored hashed; the plain key exists only in what `add` returns. */
export interface UserStore {
  /**
   * Creates a user with a new key and returns the key (the only time it is visible). A revoked user gets
   * a fresh key and is active again; an active user is a CONFLICT.
   */
  add(id: string): Promise<string>;
  list(): Promise<UserInfo[]>;
  /** Revokes the user's key at once, in every process sharing the database. NOT_FOUND for an unknown id. */
  revoke(id: string): Promise<void>;
  /** The active user a key belongs to, or undefined (unknown, malformed or revoked: callers cannot tell which). */
  authenticate(key: string): Promise<string | undefined>;
  /** True when the user exists and is not revoked. */
  isActive(id: string): Promise<boolean>;
  /** Creates `id` only when there is no user at all yet, and returns its key; undefined otherwise. */
  createFirstUser(id: string): Promise<string | undefined>;
  /** Which extensions each user's tool listings include. */
  readonly toolSets: ToolSetStore;
}
