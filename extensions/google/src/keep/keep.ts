import { z, type CommandResult } from "@agx-ext/core";
import { flag, lenientList, parseResource, text } from "../shared/lenient.js";
import type { GoogleClient } from "../shared/google-client.js";
import { skippedLine, table } from "../format.js";
import type * as out from "./outputs.js";

type Result<S extends z.ZodType> = Promise<CommandResult<z.output<S>>>;

const textContent = z.object({ text: text() }).optional().catch(undefined);

/** A note as Keep returns it; the name is the one field it cannot do without. */
const keepNote = z.object({
  name: z.string().regex(/^notes\/[\w.-]+$/),
  title: text(),
  createTime: text(),
  updateTime: text(),
  trashed: flag(),
  body: z
    .object({
      text: textContent,
      list: z
        .object({ listItems: lenientList(z.object({ text: textContent, checked: flag() })) })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

type KeepNote = z.output<typeof keepNote>;

/**
 * notes.list applies the `trashed` filter when no filter is given (Google's description of the method), so
 * trashed notes come back only when a filter asks for them: this one matches both kinds.
 */
const KEEP_FILTER_ALL = "trashed = true OR trashed = false";
/** Keep's list filter for notes that are not in the trash. */
const KEEP_FILTER_UNTRASHED = "trashed = false";

/** Pages read at most: up to 100 notes a page, so max_notes (at most 1,000) fits when Keep fills its pages. */
const KEEP_LIST_MAX_PAGES = 20;

/** Input of the "Google - Get Keep Notes" command. */
export const getNotesInput = z.object({
  max_notes: z.number().int().min(1).max(1000).default(100).describe("How many notes to return (1-1000; at most 20 pages are read)"),
  include_trashed: z.boolean().default(false).describe("Also return notes in the trash (Keep leaves them out unless asked)"),
});

/** Input of the "Google - Create Keep Note" command. */
export const createNoteInput = z.object({
  // Google: "Length must be less than 1,000 characters" (title), "less than 20,000 characters" (text).
  title: z.string().max(999).describe("Note title (Keep takes fewer than 1,000 characters)"),
  content: z.string().min(1).max(19_999).describe("Note text (Keep takes fewer than 20,000 characters)"),
});

/** Input of the "Google - Delete Keep Note" command. */
export const deleteNoteInput = z.object({
  note_id: z
    .string()
    .regex(/^(notes\/)?[A-Za-z0-9_.-]+$/, 'expected a note id like "notes/1a2b3c" or "1a2b3c"')
    .transform((id) => (id.startsWith("notes/") ? id : `notes/${id}`)),
});

const keep = { product: "keep" as const };

/** Google Keep API v1 (Workspace accounts). */
export class Keep {
  private readonly base: string;

  constructor(
    private readonly client: GoogleClient,
    baseUrl: string,
  ) {
    this.base = `${baseUrl.replace(/\/$/, "")}/v1`;
  }

  async getNotes(input: z.output<typeof getNotesInput>): Result<typeof out.getNotesOutput> {
    const { items, more, skipped } = await this.client.list(`${this.base}/notes`, {
      ...keep,
      api: "keep.notes.list",
      searchParams: { filter: input.include_trashed ? KEEP_FILTER_ALL : KEEP_FILTER_UNTRASHED },
      itemsField: "notes",
      item: keepNote,
      limit: input.max_notes,
      maxPages: KEEP_LIST_MAX_PAGES,
      pageSize: { param: "pageSize", max: 100 },
    });
    const notes = items.map(shapeNote);
    return {
      data: { count: notes.length, hasMore: more, skipped, notes },
      markdown:
        (notes.length
          ? table(
              ["Title", "Updated", "Trashed", "Id"],
              notes.map((n) => [n.title, n.updated, n.trashed ? "yes" : "", n.id]),
            )
          : "No Keep notes.") + skippedLine(skipped, "note"),
    };
  }

  async createNote(input: z.output<typeof createNoteInput>): Result<typeof out.createNoteOutput> {
    const answer = await this.client.call<unknown>(`${this.base}/notes`, {
      ...keep,
      api: "keep.notes.create",
      method: "POST",
      json: { title: input.title, body: { text: { text: input.content } } },
    });
    const note = parseResource(keepNote, answer, "keep", "note");
    return { data: { created: true, note: shapeNote(note) }, markdown: `Keep note "${input.title}" created (${note.name}).` };
  }

  async deleteNote(input: z.output<typeof deleteNoteInput>): Result<typeof out.deleteNoteOutput> {
    await this.client.call(`${this.base}/${input.note_id.split("/").map(encodeURIComponent).join("/")}`, {
      ...keep,
      api: "keep.notes.delete",
      method: "DELETE",
      what: `note ${input.note_id}`,
    });
    return { data: { deleted: true, id: input.note_id }, markdown: `Keep note ${input.note_id} deleted.` };
  }
}

function shapeNote(note: KeepNote): out.KeepNoteOutput {
  const list = note.body?.list?.listItems;
  return {
    id: note.name,
    title: note.title ?? "",
    text: note.body?.text?.text ?? null,
    items: list ? list.map((item) => ({ text: item.text?.text ?? "", checked: item.checked ?? false })) : null,
    created: note.createTime ?? null,
    updated: note.updateTime ?? null,
    trashed: note.trashed ?? false,
  };
}
