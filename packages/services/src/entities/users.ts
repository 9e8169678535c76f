import { mikroOrm } from "@agx-ext/db";

/** One row per user: the current key's id (for lookup) and hash (for the constant-time check). */
export interface UserRow {
  id: string;
  keyId: string;
  keyHash: string;
  createdAt: Date;
  revokedAt?: Date | null;
  /** admin or member; null on rows from before roles (read as admin for `default`, member otherwise). */
  role?: string | null;
}

/** The host's users table; a system entity (not scoped per user, owned by the host). */
export const UserEntity = new mikroOrm.EntitySchema<UserRow>({
  name: "AgxUser",
  tableName: "agx_users",
  properties: {
    id: { type: "string", primary: true, length: 128 },
    keyId: { type: "string", length: 32, unique: true, fieldName: "key_id" },
    keyHash: { type: "string", length: 64, fieldName: "key_hash" },
    createdAt: { type: "datetime", fieldName: "created_at" },
    revokedAt: { type: "datetime", nullable: true, fieldName: "revoked_at" },
    // Nullable so the start-up schema sync can add it to an existing table.
    role: { type: "string", length: 16, nullable: true },
  },
});
