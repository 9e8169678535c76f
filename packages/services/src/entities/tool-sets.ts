import { mikroOrm } from "@agx-ext/db";

/** One row per explicit choice; an extension without a row for the user is enabled (the default). */
export interface ToolSetRow {
  userId: string;
  extensionId: string;
  enabled: boolean;
  updatedAt: Date;
}

/** The host's per-user tool-set table; a system entity like agx_users. */
export const ToolSetEntity = new mikroOrm.EntitySchema<ToolSetRow>({
  name: "AgxUserExtension",
  tableName: "agx_user_extensions",
  properties: {
    userId: { type: "string", primary: true, length: 128, fieldName: "user_id" },
    extensionId: { type: "string", primary: true, length: 64, fieldName: "extension_id" },
    enabled: { type: "boolean" },
    updatedAt: { type: "datetime", fieldName: "updated_at" },
  },
});
