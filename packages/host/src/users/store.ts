import type { ToolSetStore } from "./tool-sets.js";

/** What a user may do: admins manage users and see host settings; members use their own account. */
export type Role = "admin" | "member";

export const ROLES: readonly Role[] = ["admin", "member"];

/** A user as the host lists it; never carries the key or its hash. */
export interface UserInfo {
  id: string;
  role: Role;
  createdAt: Date;
  /** Set once the user's key was revoked; a revoked user cannot call the API. */
  revokedAt?: Date;
}

/** Users and their API keys. Keys are stored hashed; the plain key exists only in what `add` returns. */
export interface UserStore {
  /**
   * Creates a user with a new key and returns the key (the only time it is visible). A revoked user gets
   * a fresh key and is active again, keeping its role unless `admin` asks for more; an active user is a CONFLICT.
   * The first user of a host is an admin whatever `admin` says.
   */
  add(id: string, options?: { admin?: boolean }): Promise<string>;
  list(): Promise<UserInfo[]>;
  /** One user (active or revoked), or undefined. */
  get(id: string): Promise<UserInfo | undefined>;
  /**
   * Makes a user an admin or a member. NOT_FOUND for an unknown or revoked id; CONFLICT when it would leave
   * the host without an active admin (nobody could then manage users from the console).
   */
  setRole(id: string, role: Role): Promise<UserInfo>;
  /**
   * Revokes the user's key at once, in every process sharing the database, and ends the user's console
   * sessions and unused sign-in links. NOT_FOUND for an unknown id.
   */
  revoke(id: string): Promise<void>;
  /** The active user a key belongs to, or undefined (unknown, malformed or revoked: callers cannot tell which). */
  authenticate(key: string): Promise<string | undefined>;
  /** True when the user exists and is not revoked. */
  isActive(id: string): Promise<boolean>;
  /** Creates `id`, an admin, only when there is no user at all yet, and returns its key; undefined otherwise. */
  createFirstUser(id: string): Promise<string | undefined>;
  /**
   * A mark taken before a request's key check (authenticate), passed to toolSets.disabledExtensions later in
   * the same request so it can rely on that check; undefined when nothing is cached.
   */
  cacheMark?(): number | undefined;
  /** Which extensions each user's tool listings include. */
  readonly toolSets: ToolSetStore;
}
