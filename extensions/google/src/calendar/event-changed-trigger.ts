import { isCommandError, z, type PollInput, type PollResult } from "@agx-ext/core";
import type { GoogleClient } from "../shared/google-client.js";
import { parseResource } from "../shared/lenient.js";

/** One event per change of an event in the primary calendar. */
export const calendarEventChangedOutput = z.strictObject({
  event_id: z.string(),
  status: z.string().describe("confirmed, tentative or cancelled (deleted)"),
  summary: z.string().nullable(),
  start: z.string().nullable().describe("dateTime (RFC 3339) or date (YYYY-MM-DD)"),
  end: z.string().nullable(),
  updated: z.string().nullable().describe("When Google last changed the event (RFC 3339)"),
});
/** One Calendar Event Changed event: the event as it is now (status cancelled when deleted). */
export type CalendarEventChanged = z.output<typeof calendarEventChangedOutput>;

const calendar = { product: "calendar" as const };
const cursorSchema = z.object({ syncToken: z.string().min(1).max(1000) });
const time = z.object({ date: z.string().optional(), dateTime: z.string().optional() }).optional().catch(undefined);
const page = z.object({
  items: z
    .array(z.unknown())
    .optional()
    .transform((items) =>
      (items ?? []).flatMap((item) => {
        const parsed = z
          .object({
            id: z.string().min(1).max(1024),
            status: z.string().max(40).optional(),
            summary: z.string().optional(),
            start: time,
            end: time,
            updated: z.string().optional(),
          })
          .safeParse(item);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
  nextPageToken: z.string().optional(),
  nextSyncToken: z.string().optional(),
});

/** Pages read per poll; an initial sync of a large calendar is paged through without reporting. */
const MAX_PAGES = 20;

/**
 * "Calendar Event Changed": events of the primary calendar created, updated or cancelled since the last poll,
 * through Calendar's incremental sync (events.list with the syncToken of the previous answer). The first poll
 * pages through the calendar only to get a sync token and reports nothing. When Google answers 410 (the token
 * expired), the poll syncs afresh the same way and reports nothing for the gap.
 */
export async function pollCalendarEventChanged(client: GoogleClient, baseUrl: string, input: PollInput): Promise<PollResult<CalendarEventChanged>> {
  const url = `${baseUrl.replace(/\/$/, "")}/calendar/v3/calendars/primary/events`;
  const cursor = cursorSchema.safeParse(input.cursor);
  const read = async (syncToken: string | undefined) => {
    const items: z.output<typeof page>["items"] = [];
    let pageToken: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const answer = await client.call<unknown>(url, {
        ...calendar,
        api: "calendar.events.list",
        searchParams: { syncToken, pageToken, maxResults: 250, ...(syncToken ? {} : { showDeleted: false }) },
        what: "the primary calendar's events",
      });
      const parsed = parseResource(page, answer, "calendar", "events");
      items.push(...parsed.items);
      if (parsed.nextSyncToken) return { items, syncToken: parsed.nextSyncToken };
      if (!parsed.nextPageToken || parsed.nextPageToken === pageToken) break;
      pageToken = parsed.nextPageToken;
    }
    return { items, syncToken };
  };
  if (!cursor.success) {
    const fresh = await read(undefined);
    return { events: [], cursor: fresh.syncToken ? { syncToken: fresh.syncToken } : null };
  }
  let changed;
  try {
    changed = await read(cursor.data.syncToken);
  } catch (error) {
    if (isCommandError(error) && error.details?.status === 410) {
      const fresh = await read(undefined);
      return { events: [], cursor: fresh.syncToken ? { syncToken: fresh.syncToken } : null };
    }
    throw error;
  }
  const events = changed.items.map((e) => ({
    // A change is identified by the event and its updated time: the same change read twice is one event.
    id: `${e.id}:${e.updated ?? e.status ?? ""}`.slice(0, 200),
    data: {
      event_id: e.id,
      status: e.status ?? "confirmed",
      summary: e.summary ?? null,
      start: e.start?.dateTime ?? e.start?.date ?? null,
      end: e.end?.dateTime ?? e.end?.date ?? null,
      updated: e.updated ?? null,
    },
  }));
  return { events, cursor: changed.syncToken ? { syncToken: changed.syncToken } : cursor.data };
}
