import { createHash, randomBytes } from "node:crypto";
import { type EntityManager } from "@mikro-orm/core";
import type { Role } from "./store.js";
import { SessionEntity } from "@agx-ext/services";

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** A session's last-seen time is written at most this often, so a busy console does not write on every request. */
const SESSION_TOUCH_MS = 60 * 1000;

/** A session token has this shape (base64url of 32 random bytes); anything else is not looked up at all. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The CSRF token of a session, derived from its secret token rather than stored: the page reads it from
 * GET /v1/session and sends it back in x-agx-csrf, which a form or script on another site cannot do.
 * The table holds only sha256(token), from which this cannot be computed.
 */
function csrfTokenOf(token: string): string {
  return createHash("sha256").update(`agx-csrf:${token}`).digest("base64url");
}

/** A signed-in browser's session, its user checked active as of this request. */
export interface ActiveSession {
  userId: string;
  role: Role;
  csrfToken: string;
  createdAt: Date;
}

type Run = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

/** The user's stored role; rows from before roles existed have none: `default` (the first user) is the admin. */
export function roleOf(row: { id: string; role?: string | null }): Role {
  if (row.role === "admin" || row.role === "member") return row.role;
  return row.id === "default" ? "admin" : "member";
}

/** Dates as the drivers return them from a raw query: Date (pg), epoch milliseconds or text (SQLite). */
function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value))) return new Date(Number(value));
  return new Date(String(value));
}

interface SessionJoinRow {
  user_id: string;
  created_at: unknown;
  last_seen_at: unknown;
  role: string | null;
}

/** Sessions in the host database. Every check reads the session together with its user, so a revoke bites at once. */
export class SessionStore {
  constructor(
    private readonly transaction: Run,
    private readonly read: Run = transaction,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** A new session for an (already authenticated) user: its token, for the cookie only. */
  async create(userId: string): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    await this.transaction(async (em) => {
      // Sessions idle past their expiry are removed as new ones arrive; the cleanup job does the rest.
      await em.nativeDelete(SessionEntity, { lastSeenAt: { $lt: new Date(now.getTime() - SESSION_IDLE_MS) } });
      await em.insert(SessionEntity, { id: sha256(token), userId, createdAt: now, lastSeenAt: now });
    });
    return { token, csrfToken: csrfTokenOf(token) };
  }

  /**
   * The session of a cookie token when it is current and its user active; undefined otherwise (unknown,
   * idle too long, user revoked). A current session's last-seen time moves forward, at most once a minute.
   */
  async find(token: string): Promise<ActiveSession | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const id = sha256(token);
    // One statement: the session and whether its user is still active, as every host sees them now.
    const rows = await this.read((em) =>
      em
        .getConnection()
        .execute<SessionJoinRow[]>(
          "select s.user_id, s.created_at, s.last_seen_at, u.role from agx_sessions s join agx_users u on u.id = s.user_id where s.id = ? and u.revoked_at is null",
          [id],
          "all",
        ),
    );
    const row = rows[0];
    if (!row) return undefined;
    const now = this.now();
    const lastSeen = dateOf(row.last_seen_at);
    if (now.getTime() - lastSeen.getTime() >= SESSION_IDLE_MS) {
      await this.transaction((em) => em.nativeDelete(SessionEntity, { id }));
      return undefined;
    }
    if (now.getTime() - lastSeen.getTime() >= SESSION_TOUCH_MS) await this.transaction((em) => em.nativeUpdate(SessionEntity, { id }, { lastSeenAt: now }));
    return { userId: row.user_id, role: roleOf({ id: row.user_id, role: row.role }), csrfToken: csrfTokenOf(token), createdAt: dateOf(row.created_at) };
  }

  /** Ends one session (sign-out). */
  async end(token: string): Promise<void> {
    if (!TOKEN_SHAPE.test(token)) return;
    await this.transaction((em) => em.nativeDelete(SessionEntity, { id: sha256(token) }));
  }

  /** Removes sessions idle past their expiry; returns how many. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - SESSION_IDLE_MS);
    return this.transaction((em) => em.nativeDelete(SessionEntity, { lastSeenAt: { $lt: cutoff } }));
  }
}
