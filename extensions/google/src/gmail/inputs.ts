import { z } from "@agx-ext/core";
import { emailAddress, googleId, recipients } from "../inputs.js";
import { attachmentsInput } from "./attachments-input.js";

const maxEmails = z.number().int().min(1).max(500).default(10).describe("How many messages to return (1-500)");

/** Input of the "Google - Get Emails" command. */
export const getEmailsInput = z.object({
  query: z.string().max(2000).optional().describe('Gmail search syntax, e.g. "is:unread newer_than:2d"'),
  max_emails: maxEmails,
});

/** Input of the "Google - Search Emails" command. */
export const searchEmailsInput = z.object({
  query: z.string().min(1).max(2000).describe('Gmail search syntax, e.g. "from:ana@example.com has:attachment"'),
  max_emails: maxEmails,
});

/** Input of the "Google - Send Email" command. */
export const sendEmailInput = z.object({
  to: recipients().describe("Recipient address or list of addresses"),
  subject: z.string().max(998),
  message_text: z.string(),
  cc: z.array(emailAddress()).optional(),
  bcc: z.array(emailAddress()).optional(),
  attachments: attachmentsInput(),
});

/** Input of the "Google - Create Draft Email" command. */
export const createDraftInput = z.object({
  recipient: recipients().describe("Recipient address or list of addresses"),
  subject: z.string().max(998),
  body: z.string(),
  attachments: attachmentsInput(),
});

/** Input of the "Google - Reply to Email" command. */
export const replyInput = z.object({
  message_id: googleId("message id"),
  body: z.string().min(1),
  attachments: attachmentsInput(),
});

/** Input of the "Google - Move Email to Folder" command. */
export const moveEmailInput = z.object({
  message_id: googleId("message id"),
  folder_name: z.string().min(1).max(225).describe('Label to move to, e.g. "Receipts" or "Projects/2026"; system labels like INBOX or SPAM work too'),
  create_if_missing: z.boolean().default(true).describe("Create the label when it does not exist yet"),
});

/** Input of the "Google - Delete Email" command. */
export const messageIdInput = z.object({ message_id: googleId("message id") });

/** Input of the "Google - Process Attachments" command. */
export const processAttachmentsInput = z.object({
  message_id: googleId("message id"),
  max_bytes: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024)
    .describe("Attachments larger than this are listed but not downloaded (bytes, at most 10 MB)"),
  include_content: z.boolean().default(true).describe("Return the content (text, or base64 for binary files)"),
});
