import { startFakeProvider, type FakeProvider } from "@agx-ext/testing/provider";
import { googleError, intParam, invalidCredentials, isReply, notFound } from "./google-errors.js";

export interface FakeNote {
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
        const filter = req.query.get("filter");
        if (filter !== null && !/^trashed\s*=\s*(true|false)$/.test(filter)) return googleError(400, `Invalid filter: ${filter}`, "badRequest");
        const all = [...notes.values()].filter((n) => (filter ? String(n.trashed) === filter.split("=")[1]!.trim() : true));
        const offset = Number(req.query.get("pageToken") ?? 0);
        const page = all.slice(offset, offset + (size ?? 100));
        return { json: { notes: page, ...(offset + page.length < all.length ? { nextPageToken: String(offset + page.length) } : {}) } };
      },
      "POST /v1/notes": (req) => {
        const body = (req.body ?? {}) as Partial<FakeNote>;
        if (typeof body.title === "string" && body.title.length > 1000) return googleError(400, "Title too long", "badRequest");
        if (!body.body?.text?.text && !body.body?.list) return googleError(400, "Note body is required", "badRequest");
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
