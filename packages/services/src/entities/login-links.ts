import { mikroOrm } from "@agx-ext/db";

/**
 * Sign-in links (`<public url>/sign-in#token=...`): a single-use way into the console for a person without their
 * API key at hand, made by `agx users login-link` or an admin. Only the SHA-256 of a token is stored.
 */
export interface LoginLinkRow {
  /** SHA-256 (hex) of the token. */
  id: string;
  userId: string;
  /** Who made it: "cli" for `agx users login-link`, else the admin's user id. */
  createdBy: string;
  expiresAt: Date;
  usedAt?: Date | null;
  createdAt: Date;
}

export const LoginLinkEntity = new mikroOrm.EntitySchema<LoginLinkRow>({
  name: "AgxLoginLink",
  tableName: "agx_login_links",
  properties: {
    id: { type: "string", length: 64, primary: true },
    userId: { type: "string", length: 128, fieldName: "user_id", index: true },
    createdBy: { type: "string", length: 128, fieldName: "created_by" },
    expiresAt: { type: "datetime", fieldName: "expires_at", index: true },
    usedAt: { type: "datetime", nullable: true, fieldName: "used_at" },
    createdAt: { type: "datetime", fieldName: "created_at" },
  },
});
