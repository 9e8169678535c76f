import { mikroOrm } from "@agx-ext/db";

/** One command call as the console's Activity page shows it: who, what, when, how long, how it ended. Never inputs or outputs. */
export interface CallRecord {
  userId: string;
  command: string;
  startedAt: Date;
  durationMs: number;
  /** "ok" or the failure's code. */
  outcome: string;
}

export interface CallLogRow extends CallRecord {
  id?: number;
}

export const CallLogEntity = new mikroOrm.EntitySchema<CallLogRow>({
  name: "AgxCallLog",
  tableName: "agx_call_log",
  indexes: [{ properties: ["userId", "startedAt"] }, { properties: ["startedAt"] }],
  properties: {
    id: { type: "integer", primary: true, autoincrement: true },
    userId: { type: "string", length: 128, fieldName: "user_id" },
    command: { type: "string", length: 300 },
    startedAt: { type: "datetime", fieldName: "started_at" },
    durationMs: { type: "integer", fieldName: "duration_ms" },
    outcome: { type: "string", length: 32 },
  },
});
