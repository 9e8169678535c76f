import { mikroOrm } from "@agx-ext/db";

/**
 * Console sessions: a browser signed in as a user. Kept in the host database so every host sharing it honours a
 * session another host started, and a sign-out or revoke anywhere ends it everywhere. Only the SHA-256 of the
 * cookie's token is stored, so the table cannot be used to sign in.
 */
export interface SessionRow {
  /** SHA-256 (hex) of the cookie's token. */
  id: string;
  userId: string;
  createdAt: Date;
  /** Last request seen (written at most once a minute): the idle expiry counts from here. */
  lastSeenAt: Date;
}

export const SessionEntity = new mikroOrm.EntitySchema<SessionRow>({
  name: "AgxSession",
  tableName: "agx_sessions",
  properties: {
    id: { type: "string", length: 64, primary: true },
    userId: { type: "string", length: 128, fieldName: "user_id", index: true },
    createdAt: { type: "datetime", fieldName: "created_at" },
    lastSeenAt: { type: "datetime", fieldName: "last_seen_at", index: true },
  },
});
