import { CommandError, isCommandError, z, type PollInput, type PollResult } from "@agx-ext/core";
import { mapWithLimit } from "../shared/concurrency.js";
import type { GoogleClient } from "../shared/google-client.js";
import { parseResource } from "../shared/lenient.js";
import { matchingIds, type NewEmailParams } from "./mail-query.js";
import { gmailMessage, header } from "./message.js";

/** One event per message that arrived in the inbox. */
export const newEmailOutput = z.strictObject({
  message_id: z.string(),
  thread_id: z.string().nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  snippet: z.string(),
  received_at: z.string().nullable().describe("ISO 8601, from Gmail's internalDate"),
  labels: z.array(z.string()),
});
/** One New Email event: the message's ids, sender, subject, snippet, arrival time and labels. */
export type NewEmail = z.output<typeof newEmailOutput>;

const gmail = { product: "gmail" as const };
/** The host keeps the mailbox's history id: users.history.list returns what changed after it. */
const cursorSchema = z.object({ historyId: z.string().regex(/^\d{1,20}$/) });
const profile = z.object({ historyId: z.string().regex(/^\d{1,20}$/) });
const historyPage = z.object({
  history: z
    .array(
      z.object({
        messagesAdded: z.array(z.object({ message: z.object({ id: z.string().regex(/^[\w-]+$/), labelIds: z.array(z.string()).optional() }) })).optional(),
      }),
    )
    .optional(),
  historyId: z.string().regex(/^\d{1,20}$/),
  nextPageToken: z.string().optional(),
});

/** History pages read per poll, and new messages examined per poll; the rest of a flood is skipped (the cursor moves on). */
const MAX_PAGES = 5;
const MAX_MESSAGES = 50;
const FETCH_CONCURRENCY = 5;

/**
 * "New Email": messages added to the inbox since the last poll, followed through the mailbox's history id
 * (users.history.list with startHistoryId, historyTypes=messageAdded, labelId=INBOX). The first poll only reads the
 * current history id (users.getProfile). When Gmail no longer has the stored id (404: ids last about a week), the
 * poll starts again from the current id, reporting nothing for the gap rather than the whole mailbox. With a `query`,
 * only the new messages Gmail's search matches are reported (see matchingIds); the history id moves on either way.
 */
export async function pollNewEmail(client: GoogleClient, baseUrl: string, input: PollInput<NewEmailParams>): Promise<PollResult<NewEmail>> {
  const base = `${baseUrl.replace(/\/$/, "")}/gmail/v1/users/me`;
  const cursor = cursorSchema.safeParse(input.cursor);
  const current = async () =>
    parseResource(profile, await client.call<unknown>(`${base}/profile`, { ...gmail, api: "gmail.users.getProfile" }), "gmail", "profile").historyId;
  if (!cursor.success) return { events: [], cursor: { historyId: await current() } };

  const added: string[] = [];
  let historyId = cursor.data.historyId;
  let pageToken: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.call<unknown>(`${base}/history`, {
        ...gmail,
        api: "gmail.users.history.list",
        searchParams: { startHistoryId: cursor.data.historyId, historyTypes: "messageAdded", labelId: "INBOX", maxResults: 500, pageToken },
        what: `history after ${cursor.data.historyId}`,
      });
      const parsed = parseResource(historyPage, answer, "gmail", "history");
      for (const record of parsed.history ?? []) for (const { message } of record.messagesAdded ?? []) if (!added.includes(message.id)) added.push(message.id);
      historyId = parsed.historyId;
      if (!parsed.nextPageToken || parsed.nextPageToken === pageToken) break;
      pageToken = parsed.nextPageToken;
    }
  } catch (error) {
    if (isCommandError(error) && error.code === "NOT_FOUND") return { events: [], cursor: { historyId: await current() } };
    throw error;
  }
  const messages = await mapWithLimit(added.slice(0, MAX_MESSAGES), FETCH_CONCURRENCY, async (id) => {
    try {
      const answer = await client.call<unknown>(`${base}/messages/${encodeURIComponent(id)}`, {
        ...gmail,
        api: "gmail.users.messages.get",
        searchParams: { format: "metadata", metadataHeaders: ["From", "Subject"] },
        what: `message ${id}`,
      });
      return parseResource(gmailMessage, answer, "gmail", `message ${id}`);
    } catch (error) {
      // Deleted between arriving and this read: nothing to report.
      if (error instanceof CommandError && error.code === "NOT_FOUND") return undefined;
      throw error;
    }
  });
  const found = messages.filter((m) => m !== undefined);
  const query = input.params?.query;
  const matched = query
    ? await matchingIds(
        client,
        base,
        query,
        found.map((m) => ({ id: m.id, internalDate: m.internalDate ? Number(m.internalDate) : undefined })),
      )
    : undefined;
  const events = found
    .filter((m) => !matched || matched.has(m.id))
    .map((m) => {
      const internal = m.internalDate ? new Date(Number(m.internalDate)) : undefined;
      return {
        id: m.id,
        data: {
          message_id: m.id,
          thread_id: m.threadId ?? null,
          from: header(m.payload, "From") ?? null,
          subject: header(m.payload, "Subject") ?? null,
          snippet: m.snippet ?? "",
          received_at: internal && Number.isFinite(internal.getTime()) ? internal.toISOString() : null,
          labels: m.labelIds ?? [],
        },
      };
    });
  return { events, cursor: { historyId } };
}
