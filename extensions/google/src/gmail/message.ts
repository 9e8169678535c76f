import { z } from "@agx-ext/core";
import { count, lenientList, text } from "../shared/lenient.js";
import { fromBase64Url } from "./mime.js";
import type { EmailSummary } from "./outputs.js";

/** The parts of Gmail's Message resource this package reads. */
export interface GmailPart {
  partId?: string | undefined;
  mimeType?: string | undefined;
  filename?: string | undefined;
  headers?: Array<{ name: string; value: string }> | undefined;
  body?: { attachmentId?: string | undefined; size?: number | undefined; data?: string | undefined } | undefined;
  parts?: GmailPart[] | undefined;
}

const headerSchema = z.object({ name: z.string(), value: z.string() });

/** Read leniently: a part with a wrongly typed field keeps its other fields, a malformed header or part is dropped. */
const partSchema: z.ZodType<GmailPart> = z.lazy(() =>
  z.object({
    partId: text(),
    mimeType: text(),
    filename: text(),
    headers: lenientList(headerSchema),
    body: z.object({ attachmentId: text(), size: count(), data: text() }).optional().catch(undefined),
    parts: lenientList(partSchema),
  }),
);

/** A message as Gmail returns it; the id is the one field it cannot do without. */
export const gmailMessage = z.object({
  id: z.string().min(1),
  threadId: text(),
  labelIds: lenientList(z.string()),
  snippet: text(),
  internalDate: text(),
  sizeEstimate: count(),
  payload: partSchema.optional().catch(undefined),
});

/** A Gmail message resource as the API sends it, typed from its schema. */
export type GmailMessage = z.output<typeof gmailMessage>;

/** An attachment of a message: its part's file name, MIME type, size and attachment id. */
export interface AttachmentInfo {
  filename: string;
  mimeType: string;
  size: number;
  attachmentId?: string;
  /** Small attachments Gmail inlines in the message itself. */
  inlineData?: string;
}

/** Header value by name, case-insensitively (Gmail keeps the sender's order, which varies). */
export function header(part: GmailPart | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return part?.headers?.find((h) => h.name.toLowerCase() === lower)?.value;
}

function* walk(part: GmailPart | undefined): Generator<GmailPart> {
  if (!part) return;
  yield part;
  for (const child of part.parts ?? []) yield* walk(child);
}

/** Every attachment of a message, from its MIME part tree. */
export function attachmentsOf(message: GmailMessage): AttachmentInfo[] {
  const found: AttachmentInfo[] = [];
  for (const part of walk(message.payload)) {
    if (!part.filename) continue;
    found.push({
      filename: part.filename,
      mimeType: part.mimeType ?? "application/octet-stream",
      size: byteCount(part.body?.size),
      ...(part.body?.attachmentId ? { attachmentId: part.body.attachmentId } : {}),
      ...(part.body?.data && !part.body.attachmentId ? { inlineData: part.body.data } : {}),
    });
  }
  return found;
}

/** A size Gmail reports, as whole bytes; anything else (negative, fractional) reads as unknown, 0. */
function byteCount(size: number | undefined): number {
  return size !== undefined && Number.isSafeInteger(size) && size >= 0 ? size : 0;
}

function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The readable text of a message: its first text/plain part, else its first HTML part without tags. */
function textOf(message: GmailMessage, maxChars: number): string {
  let html: string | undefined;
  for (const part of walk(message.payload)) {
    if (part.filename || !part.body?.data) continue;
    if (part.mimeType === "text/plain") return clip(fromBase64Url(part.body.data).toString("utf8"), maxChars);
    if (part.mimeType === "text/html" && html === undefined) html = fromBase64Url(part.body.data).toString("utf8");
  }
  return html === undefined ? "" : clip(stripHtml(html), maxChars);
}

function clip(text: string, maxChars: number): string {
  const trimmed = text.trim();
  return trimmed.length > maxChars ? `${trimmed.slice(0, maxChars)}…` : trimmed;
}

/** A message as the commands list it: headers, labels and at most bodyChars characters of its text. */
export function summarize(message: GmailMessage, bodyChars: number): EmailSummary {
  const payload = message.payload;
  const internal = message.internalDate ? Number(message.internalDate) : NaN;
  const summary: EmailSummary = {
    id: message.id,
    labels: message.labelIds ?? [],
    snippet: message.snippet ?? "",
    body: textOf(message, bodyChars),
    attachments: attachmentsOf(message).map(({ filename, mimeType, size }) => ({ filename, mimeType, size })),
  };
  if (message.threadId) summary.threadId = message.threadId;
  const from = header(payload, "From");
  const to = header(payload, "To");
  const subject = header(payload, "Subject");
  const date = header(payload, "Date");
  if (from !== undefined) summary.from = from;
  if (to !== undefined) summary.to = to;
  if (subject !== undefined) summary.subject = subject;
  if (date !== undefined) summary.date = date;
  // A time outside what Date can hold (Gmail's internalDate is ms since the epoch, as a string) is left out.
  if (Number.isFinite(new Date(internal).getTime())) summary.receivedAt = new Date(internal).toISOString();
  return summary;
}
