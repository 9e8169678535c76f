import { CommandError, isCommandError, z } from "@agx-ext/core";
import type { GoogleClient } from "../shared/google-client.js";
import { parseResource } from "../shared/lenient.js";

/** The New Email trigger's subscription parameters. */
export const newEmailInput = z.object({
  query: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .refine((q) => !/\p{Cc}/u.test(q), "a Gmail query is one line of text without control characters")
    .optional()
    .describe('Gmail search syntax, e.g. "from:boss@example.com has:attachment": only new inbox messages matching it are reported'),
});
/** A New Email subscription's parameters: the Gmail search query new messages must match, if any. */
export type NewEmailParams = z.output<typeof newEmailInput>;

/** Scopes under which Gmail takes `q`: messages.list's scopes without gmail.metadata, which Google documents it refuses. */
const SEARCH_SCOPES = ["https://mail.google.com/", "https://www.googleapis.com/auth/gmail.modify", "https://www.googleapis.com/auth/gmail.readonly"];

/** A connection that can list but not search (gmail.metadata only) is told so before Gmail refuses the query. */
async function ensureSearchScope(client: GoogleClient): Promise<void> {
  const granted = await client.grant();
  if (granted && !SEARCH_SCOPES.some((scope) => granted.has(scope)))
    throw new CommandError(
      "NOT_CONNECTED",
      "A New Email query needs Gmail read access (gmail.readonly or gmail.modify): Gmail refuses searches under gmail.metadata, the only Gmail access granted. Add it with `agx connect google --scopes gmail`, or subscribe without a query.",
      { details: { product: "gmail", scopes: SEARCH_SCOPES, connect: "agx connect google --scopes gmail", field: "query" } },
    );
}

const listPage = z.object({
  messages: z.array(z.object({ id: z.string() })).optional(),
  nextPageToken: z.string().optional(),
});

/** Listing pages read per poll to match a query, 500 ids each. */
const MAX_PAGES = 5;
/**
 * How far before the oldest new message the query's window starts. Gmail's `after:` takes Unix seconds; the margin
 * keeps a message whose search date differs slightly from its internalDate inside the window, at the cost of a few
 * more listed ids (they are intersected with the new ones anyway).
 */
const WINDOW_MARGIN_SECONDS = 86_400;

/**
 * Which of `candidates` (new message ids, with their internalDate in ms) match a Gmail query: one users.messages.list
 * with `q = (<query>) after:<oldest candidate - margin>` (newest first), paged until every candidate has been seen or
 * the listing ends, intersected with the candidates. Gmail applies its own search, so every operator it knows works.
 * A query Gmail refuses (400) is INVALID_INPUT naming the query; a grant of gmail.metadata alone, under which Gmail
 * takes no query, is NOT_CONNECTED before any search.
 */
export async function matchingIds(
  client: GoogleClient,
  base: string,
  query: string,
  candidates: ReadonlyArray<{ id: string; internalDate?: number | undefined }>,
): Promise<Set<string>> {
  const wanted = new Set(candidates.map((c) => c.id));
  const found = new Set<string>();
  if (wanted.size === 0) return found;
  await ensureSearchScope(client);
  const dates = candidates.map((c) => c.internalDate).filter((d): d is number => d !== undefined && Number.isFinite(d));
  // Without any date the window is the whole mailbox (still paged and capped).
  const after = dates.length ? ` after:${Math.max(0, Math.floor(Math.min(...dates) / 1000) - WINDOW_MARGIN_SECONDS)}` : "";
  const q = `(${query})${after}`;
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES && found.size < wanted.size; page++) {
    let answer: unknown;
    try {
      answer = await client.call<unknown>(`${base}/messages`, {
        product: "gmail",
        api: "gmail.users.messages.list",
        searchParams: { q, maxResults: 500, pageToken },
        what: "messages matching the query",
      });
    } catch (error) {
      if (isCommandError(error) && error.code === "INVALID_INPUT")
        throw new CommandError("INVALID_INPUT", `Gmail refused the New Email query "${query}": ${error.message} Change the subscription's query.`, {
          details: { field: "query", ...(error.details ?? {}) },
        });
      throw error;
    }
    const parsed = parseResource(listPage, answer, "gmail", "message list");
    for (const { id } of parsed.messages ?? []) if (wanted.has(id)) found.add(id);
    if (!parsed.nextPageToken || parsed.nextPageToken === pageToken) break;
    pageToken = parsed.nextPageToken;
  }
  return found;
}
