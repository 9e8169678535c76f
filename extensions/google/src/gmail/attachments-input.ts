import { z } from "@agx-ext/core";
import type { MailAttachment } from "./mime.js";

/** Gmail refuses messages over 25 MB; base64 in a JSON `raw` grows by a third, so stay well under. */
const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

const attachment = z
  .object({
    filename: z.string().min(1).max(255),
    mime_type: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'expected a MIME type like "application/pdf"')
      .default("application/octet-stream"),
    content_base64: z.base64().optional().describe("File content, base64-encoded"),
    content_text: z.string().optional().describe("File content as UTF-8 text, instead of content_base64"),
  })
  .refine((a) => (a.content_base64 === undefined) !== (a.content_text === undefined), {
    message: "give exactly one of content_base64 or content_text",
  });

/** The attachments input of "Google - Send Email", "Google - Create Draft Email" and "Google - Reply to Email": up to 20 files, each given as base64 or text. */
export const attachmentsInput = () =>
  z
    .array(attachment)
    .max(20)
    .optional()
    .refine((list) => (list ?? []).reduce((sum, a) => sum + contentOf(a).length, 0) <= MAX_ATTACHMENT_BYTES, {
      message: `attachments may add up to at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
    })
    .describe("Files to attach: [{filename, mime_type, content_base64 | content_text}]");

type AttachmentInput = z.output<typeof attachment>;

function contentOf(a: AttachmentInput): Buffer {
  return a.content_base64 !== undefined ? Buffer.from(a.content_base64, "base64") : Buffer.from(a.content_text ?? "", "utf8");
}

/** The attachments input as MIME parts to build the message with. */
export function toMailAttachments(list: AttachmentInput[] | undefined): MailAttachment[] {
  return (list ?? []).map((a) => ({ filename: a.filename, contentType: a.mime_type, content: contentOf(a) }));
}
