import { z, type PollInput, type PollResult } from "@agx-ext/core";
import type { HealthApi } from "./health-api.js";
import { sleepSummary } from "./summaries.js";
import { splitWindow } from "./time-window.js";

/** One event per sleep summary uploaded (again, when Garmin re-sends a changed one). */
export const sleepUploadedOutput = z.strictObject({
  summary_id: z.string(),
  calendar_date: z.string().describe("YYYY-MM-DD: the day the night ended on"),
  duration_seconds: z.number().nullable(),
  score: z.number().nullable().describe("Garmin's overall sleep score, when the device measures one"),
});
/** One Sleep Uploaded event: a night's summary Garmin received, with its duration and score. */
export type SleepUploaded = z.output<typeof sleepUploadedOutput>;

/** The host keeps where the last poll stopped (epoch seconds) and the user's Garmin id (asked for once). */
const cursorSchema = z.object({ uploadedUntil: z.number().int().min(0), account: z.string().optional() });

/** A poll looks back at most this far, so a user who comes back after a long pause is not flooded. */
const MAX_LOOKBACK_SECONDS = 2 * 86_400;

/**
 * "Sleep Uploaded": sleep summaries uploaded since the last poll, pulled from Garmin by upload window. The first
 * poll reports nothing and starts from now. Also reports the user's Garmin id, so Garmin Data Ready notifications
 * naming it reach this user.
 */
export async function pollSleepUploaded(api: HealthApi, now: Date, input: PollInput, signal?: AbortSignal): Promise<PollResult<SleepUploaded>> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cursor = cursorSchema.safeParse(input.cursor);
  const previous = cursor.success ? cursor.data : undefined;
  const account = previous?.account ?? (await api.userId(signal));
  if (!previous || previous.uploadedUntil >= nowSeconds)
    return { events: [], cursor: { uploadedUntil: previous?.uploadedUntil ?? nowSeconds, account }, account };
  const start = Math.max(previous.uploadedUntil, nowSeconds - MAX_LOOKBACK_SECONDS);
  const pulled = await api.pullWindows("sleeps", sleepSummary, splitWindow({ start, end: nowSeconds }), signal);
  const events = pulled.items.map((s) => ({
    id: `${s.summaryId}:${s.durationInSeconds ?? ""}:${s.overallSleepScore?.value ?? ""}`,
    data: { summary_id: s.summaryId, calendar_date: s.calendarDate, duration_seconds: s.durationInSeconds ?? null, score: s.overallSleepScore?.value ?? null },
  }));
  return { events, cursor: { uploadedUntil: nowSeconds, account }, account };
}
