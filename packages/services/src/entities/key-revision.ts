import { mikroOrm } from "@agx-ext/db";

/** One row (id 1) whose value goes up with every key change, in the same transaction as the change. */
export const KeyRevisionEntity = new mikroOrm.EntitySchema<{ id: number; value: number }>({
  name: "AgxUserKeyRevision",
  tableName: "agx_user_key_revision",
  properties: {
    id: { type: "integer", primary: true, autoincrement: false },
    value: { type: "integer" },
  },
});
