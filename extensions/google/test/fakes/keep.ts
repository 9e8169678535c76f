import { startFakeProvider, type FakeProvider } from "@agx-ext/testing/provider";
import { googleError, intParam, invalidCredentials, isReply, notFound } from "./google-errors.js";

interface FakeNote {
  name: string;
  title: string;
  body: { text?: { text: string }; list?: { listItems: Array<{ text: { text: string }; checked: boolean }> } };
  trashed: boolean;
  createTime: string;
  updateTime: string;
}

export interface FakeKeep {
  provider: FakeProvider;
  url: string;
  notes: Map<string, FakeNote>;
}

/**
 * The subset of AIP-160 filters on `trashed` that notes.list takes: `trashed = true|false` clauses joined by
 * OR or AND. Anything else is a 400, as Google answers an invalid filter.
 */
function trashedFilter(filter: string): ((note: FakeNote) => boolean) | undefined {
  const clause = /^\s*trashed\s*=\s*(true|false)\s*$/;
  const or = filter.split(/\s+OR\s+/);
  const groups = or.map((part) => part.split(/\s+AND\s+/).map((c) => clause.exec(c)?.[1]));
  if (groups.some((group) => group.some((value) => value === undefined))) return undefined;
  return (note) => groups.some((group) => group.every((value) => String(note.trashed) === value));
}

/** Keep API v1: notes.list / create / delete. */
export async function startFakeKeep(isValidToken: (token: string) => boolean): Promise<FakeKeep> {
  const notes = new Map<string, FakeNote>();
  let next = 1;
  const provider = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "GET /v1/notes": (req) => {
        const size = intParam(req.query, "pageSize", 1, 100);
        if (isReply(size)) return size;
        // Google: "If no filter is supplied, the trashed filter is applied by default" - trashed notes stay out.
        const matches = trashedFilter(req.query.get("filter") || "trashed = false");
        if (!matches) return googleError(400, `Invalid filter: ${req.query.get("filter")}`, "badRequest");
        const all = [...notes.values()].filter(matches);
        const offset = Number(req.query.get("pageToken") ?? 0);
        const page = all.slice(offset, offset + (size ?? 100));
        return { json: { notes: page, ...(offset + page.length < all.length ? { nextPageToken: String(offset + page.length) } : {}) } };
      },
      "POST /v1/notes": (req) => {
        const body = (req.body ?? {}) as Partial<FakeNote>;
        // Google: the title "must be less than 1,000 characters", the text "less than 20,000 characters".
        if (typeof body.title === "string" && body.title.length >= 1000) return googleError(400, "Title too long", "badRequest");
        if (!body.body?.text?.text && !body.body?.list) return googleError(400, "Note body is required", "badRequest");
        if ((body.body?.text?.text?.length ?? 0) >= 20_000) return googleError(400, "Text too long", "badRequest");
        const now = new Date().toISOString();
        const note: FakeNote = { name: `notes/n${next++}x`, title: body.title ?? "", body: body.body, trashed: false, createTime: now, updateTime: now };
        notes.set(note.name, note);
        return { json: note };
      },
      "DELETE /v1/notes/:id": (req) => (notes.delete(`notes/${req.params.id}`) ? { json: {} } : notFound()),
    },
  });
  return { provider, url: provider.url, notes };
}
