import { z, type CommandResult } from "@agx-ext/core";
import type { GoogleClient } from "../shared/google-client.js";
import { table } from "../shared/markdown.js";
import { SCOPES } from "../shared/products.js";

interface KeepNote {
  name: string;
  title?: string;
  createTime?: string;
  updateTime?: string;
  trashed?: boolean;
  body?: { text?: { text?: string }; list?: { listItems?: Array<{ text?: { text?: string }; checked?: boolean }> } };
}

export const getNotesInput = z.object({
  max_notes: z.number().int().min(1).max(1000).default(100),
  include_trashed: z.boolean().default(false),
});

export const createNoteInput = z.object({
  title: z.string().max(1000).describe("Note title (Keep allows up to 1,000 characters)"),
  content: z.string().min(1).max(20000).describe("Note text (Keep allows up to 20,000 characters)"),
});

export const deleteNoteInput = z.object({
  note_id: z
    .string()
    .regex(/^(notes\/)?[A-Za-z0-9_.-]+$/, 'expected a note id like "notes/1a2b3c" or "1a2b3c"')
    .transform((id) => (id.startsWith("notes/") ? id : `notes/${id}`)),
});

const call = { product: "keep" as const, scope: SCOPES.keep };

/** Google Keep API v1 (Workspace accounts). */
export class Keep {
  private readonly base: string;

  constructor(
    private readonly client: GoogleClient,
    baseUrl: string,
  ) {
    this.base = `${baseUrl.replace(/\/$/, "")}/v1`;
  }

  async getNotes(input: z.output<typeof getNotesInput>): Promise<CommandResult> {
    const { items, more } = await this.client.collect<KeepNote>(
      `${this.base}/notes`,
      { ...call, searchParams: { filter: input.include_trashed ? undefined : "trashed = false" }, maxPageSize: 100 },
      (page) => page.notes as KeepNote[] | undefined,
      input.max_notes,
    );
    const notes = items.map(shapeNote);
    return {
      data: { count: notes.length, hasMore: more, notes },
      markdown: notes.length ? table(["Title", "Updated", "Id"], notes.map((n) => [n.title, n.updated, n.id])) : "No Keep notes.",
    };
  }

  async createNote(input: z.output<typeof createNoteInput>): Promise<CommandResult> {
    const note = await this.client.call<KeepNote>(`${this.base}/notes`, {
      ...call,
      method: "POST",
      json: { title: input.title, body: { text: { text: input.content } } },
    });
    return { data: { created: true, note: shapeNote(note) }, markdown: `Keep note "${input.title}" created (${note.name}).` };
  }

  async deleteNote(input: z.output<typeof deleteNoteInput>): Promise<CommandResult> {
    await this.client.call(`${this.base}/${input.note_id.split("/").map(encodeURIComponent).join("/")}`, {
      ...call,
      method: "DELETE",
      what: `note ${input.note_id}`,
    });
    return { data: { deleted: true, id: input.note_id }, markdown: `Keep note ${input.note_id} deleted.` };
  }
}

function shapeNote(note: KeepNote) {
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
