import { CommandError, z, type WebhookRequest, type WebhookResult } from "@agx-ext/core";

/** The data types the Oura Data Changed trigger is for: one Oura webhook subscription each (per operation). */
export const OURA_WEBHOOK_DATA_TYPES = ["daily_sleep", "daily_readiness", "daily_activity", "workout"] as const;
/** The operations Oura Data Changed subscribes to for each data type (Oura also sends delete, which it maps too). */
export const OURA_WEBHOOK_OPERATIONS = ["create", "update"] as const;

/** One event per Oura notification: which document changed. Read it with the matching Get Oura command. */
export const ouraDataChangedOutput = z.strictObject({
  data_type: z.enum(OURA_WEBHOOK_DATA_TYPES).describe("The Oura collection, e.g. daily_sleep for a new night's sleep score"),
  event_type: z.enum([...OURA_WEBHOOK_OPERATIONS, "delete"]).describe("What happened to the document"),
  object_id: z.string().describe("The document's id at Oura"),
  event_time: z.string().describe("When Oura recorded the change (ISO 8601)"),
});
/** One Oura Data Changed event: which document changed, and how. */
export type OuraDataChanged = z.output<typeof ouraDataChangedOutput>;

/** The body Oura posts to a subscription's callback URL. */
const notification = z.object({
  event_type: z.string(),
  data_type: z.string(),
  object_id: z.string().min(1).max(100),
  user_id: z.string().min(1).max(100),
  event_time: z.string().max(40).optional(),
});

/**
 * Maps a verified Oura notification to an event of the Oura user it names (the host knows which of its users that
 * is once the user's New Daily Sleep poll reported the account). Data types and operations the trigger is not for
 * are acknowledged without events, so Oura does not retry them. The id includes the event time: a document updated
 * twice is two events, Oura's retry of one notification is one.
 */
export function mapOuraNotification(request: WebhookRequest): WebhookResult<OuraDataChanged> {
  const parsed = notification.safeParse(request.body);
  if (!parsed.success) throw new CommandError("INVALID_INPUT", "The body is not an Oura webhook notification (event_type, data_type, object_id, user_id).");
  const body = parsed.data;
  const eventTime = body.event_time ?? request.receivedAt.toISOString();
  const data = ouraDataChangedOutput.safeParse({ data_type: body.data_type, event_type: body.event_type, object_id: body.object_id, event_time: eventTime });
  if (!data.success) return { events: [] };
  return { events: [{ id: `${body.data_type}:${body.object_id}:${body.event_type}:${eventTime}`, account: body.user_id, data: data.data }] };
}
