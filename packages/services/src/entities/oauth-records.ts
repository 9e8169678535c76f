import { mikroOrm } from "@agx-ext/db";

/**
 * What the authorization server keeps (clients, grants, codes, tokens, interactions...): one row per
 * oidc-provider model instance, in the host database, so every host sharing it sees the same state.
 *
 * Rows of bearer artefacts (codes, tokens, sessions, interactions) are keyed by the SHA-256 of their id,
 * which is the secret itself, and their payload is stored without it: reading the table gives nobody a
 * usable code or token. Grants and clients keep their plain ids (they are names, not credentials: the
 * console lists grants by id and revokes them by id).
 */
export interface OAuthRecordRow {
  model: string;
  /** The plain id (Grant, Client) or the SHA-256 (hex) of it (every other model). */
  id: string;
  /** The model's JSON payload, without `jti` for hashed rows. */
  payload: string;
  grantId?: string | null;
  /** The user a grant belongs to (the subject), so a user's grants can be listed. */
  accountId?: string | null;
  /** Session uid (oidc-provider looks sessions up by it). */
  uid?: string | null;
  expiresAt?: Date | null;
  consumedAt?: Date | null;
}

export const OAuthRecordEntity = new mikroOrm.EntitySchema<OAuthRecordRow>({
  name: "AgxOAuthRecord",
  tableName: "agx_oauth_records",
  properties: {
    model: { type: "string", length: 48, primary: true },
    id: { type: "string", length: 255, primary: true },
    payload: { type: "text" },
    grantId: { type: "string", length: 255, nullable: true, index: true, fieldName: "grant_id" },
    accountId: { type: "string", length: 128, nullable: true, index: true, fieldName: "account_id" },
    uid: { type: "string", length: 255, nullable: true, index: true },
    expiresAt: { type: "datetime", nullable: true, index: true, fieldName: "expires_at" },
    consumedAt: { type: "datetime", nullable: true, fieldName: "consumed_at" },
  },
});
