import { mikroOrm } from "@agx-ext/db";

/**
 * Connect links: single-use pages (`/connect/<token>`) where a person connects an account for an agx user.
 * Kept in the host database so every host sharing it can open a link another host made. Only the SHA-256
 * of a token is stored, so the table cannot be used to open a link.
 */
export interface ConnectLinkRow {
  /** SHA-256 (hex) of the token. */
  id: string;
  userId: string;
  /** Unset: the page lets the person choose among the host's OAuth providers. */
  provider?: string | null;
  /** Scope group names or scopes, comma separated (the authorize route's `?scopes=`). */
  scopes?: string | null;
  /** Where the browser goes after the provider answered (its origin was allowed when the link was made). */
  redirectUrl?: string | null;
  /** The caller whose key made the link. */
  createdBy: string;
  expiresAt: Date;
  /** Set when the page's Connect button started a flow: the link is used up. */
  usedAt?: Date | null;
  /** SHA-256 (hex) of the OAuth state the link started, so the callback finds the link's redirect_url. */
  flowId?: string | null;
  createdAt: Date;
}

export const ConnectLinkEntity = new mikroOrm.EntitySchema<ConnectLinkRow>({
  name: "AgxConnectLink",
  tableName: "agx_connect_links",
  properties: {
    id: { type: "string", length: 64, primary: true },
    userId: { type: "string", length: 128, fieldName: "user_id" },
    provider: { type: "string", length: 100, nullable: true },
    scopes: { type: "text", nullable: true },
    redirectUrl: { type: "text", nullable: true, fieldName: "redirect_url" },
    createdBy: { type: "string", length: 128, fieldName: "created_by" },
    expiresAt: { type: "datetime", fieldName: "expires_at" },
    usedAt: { type: "datetime", nullable: true, fieldName: "used_at" },
    flowId: { type: "string", length: 64, nullable: true, index: true, fieldName: "flow_id" },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});
