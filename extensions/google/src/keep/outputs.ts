import { z } from "@agx-ext/core";
import { listingFields } from "../outputs.js";

/** The `data` of the Keep commands. */

const keepNoteOutput = z.strictObject({
  id: z.string().describe('The note\'s resource name, "notes/…"'),
  title: z.string(),
  text: z.string().nullable().describe("Body of a text note"),
  items: z
    .array(z.strictObject({ text: z.string(), checked: z.boolean() }))
    .nullable()
    .describe("Items of a list note"),
  created: z.string().nullable(),
  updated: z.string().nullable(),
  trashed: z.boolean(),
});
/** One Keep note as the Keep commands report it, typed from its schema. */
export type KeepNoteOutput = z.output<typeof keepNoteOutput>;

/** `data` of the "Google - Get Keep Notes" command. */
export const getNotesOutput = z.strictObject({ ...listingFields, notes: z.array(keepNoteOutput) });

/** `data` of the "Google - Create Keep Note" command. */
export const createNoteOutput = z.strictObject({ created: z.literal(true), note: keepNoteOutput });

/** `data` of the "Google - Delete Keep Note" command. */
export const deleteNoteOutput = z.strictObject({ deleted: z.literal(true), id: z.string() });
