import { createHash } from "node:crypto";
import { CommandError, z, type WebhookEvent, type WebhookRequest, type WebhookResult } from "@agx-ext/core";

/** The summary types Garmin Data Ready reports; a notification's other lists (epochs, deregistrations, ...) are acknowledged and ignored. */
const NOTIFIED_TYPES = ["dailies", "sleeps", "activities"] as const;

/** One event per summary Garmin pushed, or per upload window Garmin pinged about. */
export const garminDataReadyOutput = z.strictObject({
  summary_type: z.enum(NOTIFIED_TYPES),
  mode: z.enum(["push", "ping"]).describe("push: Garmin sent the summary; ping: Garmin says summaries are ready to pull for the upload window"),
  summary_id: z.string().nullable().describe("Push: the summary's id"),
  calendar_date: z.string().nullable().describe("Push: the day the summary describes (YYYY-MM-DD)"),
  upload_start: z.number().int().nullable().describe("Ping: start of the upload window, epoch seconds"),
  upload_end: z.number().int().nullable().describe("Ping: end of the upload window, epoch seconds"),
});
/** One Garmin Data Ready event: a summary Garmin pushed or announced for the user. */
export type GarminDataReady = z.output<typeof garminDataReadyOutput>;

const epoch = z.number().int().min(0).max(253_402_300_799);
/** One entry of a notification list: a ping carries a callbackURL and the upload window, a push the summary itself. */
const entry = z.object({
  userId: z.string().min(1).max(200),
  summaryId: z.string().min(1).max(120).optional(),
  calendarDate: z.string().max(10).optional(),
  callbackURL: z.string().optional(),
  uploadStartTimeInSeconds: epoch.optional(),
  uploadEndTimeInSeconds: epoch.optional(),
});

/**
 * Maps a Garmin Health API notification (push or ping) to events of the Garmin user each entry names. Pushes are
 * identified by summary id and content, since Garmin re-sends a summary under its id whenever it changes; pings by
 * their upload window. Entries that are neither are skipped. Never copies `userAccessToken`: only named fields go out.
 */
export function mapGarminNotification(request: WebhookRequest): WebhookResult<GarminDataReady> {
  const body = request.body;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new CommandError("INVALID_INPUT", "The body is not a Garmin notification (an object of summary lists).");
  const events: WebhookEvent<GarminDataReady>[] = [];
  for (const type of NOTIFIED_TYPES) {
    const list = (body as Record<string, unknown>)[type];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new CommandError("INVALID_INPUT", `The notification's "${type}" is not a list.`);
    for (const raw of list) {
      const parsed = entry.safeParse(raw);
      if (!parsed.success) continue;
      const item = parsed.data;
      if (item.callbackURL !== undefined && item.uploadStartTimeInSeconds !== undefined && item.uploadEndTimeInSeconds !== undefined) {
        const window = `${item.uploadStartTimeInSeconds}-${item.uploadEndTimeInSeconds}`;
        events.push({
          id: `${type}:ping:${window}`,
          account: item.userId,
          data: {
            summary_type: type,
            mode: "ping",
            summary_id: null,
            calendar_date: null,
            upload_start: item.uploadStartTimeInSeconds,
            upload_end: item.uploadEndTimeInSeconds,
          },
        });
      } else if (item.summaryId !== undefined) {
        const version = createHash("sha256").update(JSON.stringify(raw)).digest("hex").slice(0, 16);
        events.push({
          id: `${type}:push:${item.summaryId}:${version}`,
          account: item.userId,
          data: {
            summary_type: type,
            mode: "push",
            summary_id: item.summaryId,
            calendar_date: item.calendarDate ?? null,
            upload_start: null,
            upload_end: null,
          },
        });
      }
    }
  }
  return { events };
}
