import { z } from "@agx-ext/core";
import { listingFields, tally } from "../outputs.js";

/** The `data` of the Gmail commands. */

const emailSummary = z.strictObject({
  id: z.string(),
  threadId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  subject: z.string().optional(),
  date: z.string().optional().describe("The Date header as the sender wrote it"),
  receivedAt: z.string().optional().describe("When Gmail received it, ISO 8601 UTC"),
  labels: z.array(z.string()),
  snippet: z.string(),
  body: z.string().describe("The readable text (first text/plain part, else HTML without tags), clipped to 2,000 characters"),
  attachments: z.array(z.strictObject({ filename: z.string(), mimeType: z.string(), size: tally().describe("Bytes, as Gmail reports it") })),
});
/** One email as the Gmail commands list it, typed from its schema. */
export type EmailSummary = z.output<typeof emailSummary>;

/** `data` of the "Google - Get Emails" and "Google - Search Emails" commands. */
export const emailListOutput = z.strictObject({
  query: z.string().nullable(),
  ...listingFields,
  emails: z.array(emailSummary),
});

const sentFields = {
  id: z.string().optional().describe("Id of the sent message"),
  threadId: z.string().optional(),
  to: z.array(z.string()),
  subject: z.string(),
};

/** `data` of the "Google - Send Email" command. */
export const sendEmailOutput = z.strictObject({ sent: z.literal(true), ...sentFields });

/** `data` of the "Google - Reply to Email" command. */
export const replyOutput = z.strictObject({
  sent: z.literal(true),
  ...sentFields,
  inReplyTo: z.string().nullable().describe("Message-ID of the message replied to, when it had one"),
});

/** `data` of the "Google - Create Draft Email" command. */
export const createDraftOutput = z.strictObject({
  draftId: z.string().optional(),
  messageId: z.string().optional(),
  to: z.array(z.string()),
  subject: z.string(),
});

/** `data` of the "Google - Move Email to Folder" command. */
export const moveEmailOutput = z.strictObject({
  id: z.string().optional(),
  label: z.strictObject({ id: z.string(), name: z.string() }),
  labelCreated: z.boolean(),
  labels: z.array(z.string()).describe("The message's labels after the move"),
});

/** `data` of the "Google - Delete Email" command. */
export const deleteEmailOutput = z.strictObject({
  id: z.string().optional(),
  trashed: z.literal(true),
  labels: z.array(z.string()),
});

/** One attachment "Google - Process Attachments" read: name, type, size, and its content as text or base64. */
const attachmentResult = z.strictObject({
  filename: z.string(),
  mimeType: z.string(),
  size: tally().describe("Bytes: the downloaded content's size, else the size Gmail reports"),
  text: z.string().optional().describe("Content of text types, UTF-8"),
  contentBase64: z.string().optional().describe("Content of other types, base64"),
  skipped: z.string().optional().describe("Why the content is not included"),
});
/** One processed attachment, typed from its schema. */
export type AttachmentResult = z.output<typeof attachmentResult>;

/** `data` of the "Google - Process Attachments" command. */
export const processAttachmentsOutput = z.strictObject({
  messageId: z.string(),
  count: tally(),
  attachments: z.array(attachmentResult),
});
