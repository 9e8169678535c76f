import { CommandError, keepValid, z, type CommandResult } from "@agx-ext/core";
import { mapWithLimit } from "../shared/concurrency.js";
import type { GoogleCall, GoogleClient } from "../shared/google-client.js";
import { translateGoogleError } from "../shared/google-error.js";
import { skippedLine, table } from "../format.js";
import { toMailAttachments } from "./attachments-input.js";
import type * as inputs from "./inputs.js";
import { attachmentsOf, gmailMessage, header, summarize, type AttachmentInfo, type GmailMessage } from "./message.js";
import { lenientList, parseResource, text } from "../shared/lenient.js";
import type * as out from "./outputs.js";
import { buildMime, fromBase64Url, toBase64Url, type OutgoingMail } from "./mime.js";

/** Messages fetched at once when expanding a list: fast, yet far below Gmail's per-user concurrency limit. */
const MESSAGE_FETCH_CONCURRENCY = 5;
/** Fewer attachments than messages at once: each may be megabytes. */
const ATTACHMENT_FETCH_CONCURRENCY = 3;
const BODY_CHARS = 2000;
const TEXT_TYPES = /^(text\/|application\/(json|xml|csv|javascript)|.*\+xml$|.*\+json$)/;

const gmail = { product: "gmail" as const };

/** What Gmail answers to send, trash and modify: only these fields are reported, each optional. */
const changedMessage = z.object({ id: text(), threadId: text(), labelIds: lenientList(z.string()) });
/** What Gmail answers to drafts.create. */
const createdDraft = z.object({ id: text(), message: z.object({ id: text() }).optional().catch(undefined) });

type Result<S extends z.ZodType> = Promise<CommandResult<z.output<S>>>;

/** Message ids as Gmail lists them. */
const listedMessage = z.object({ id: z.string().regex(/^[\w-]+$/) });

/** Pages of a message listing read at most: 500 ids a page, so max_emails (at most 500) is one page when Gmail fills them. */
export const GMAIL_LIST_MAX_PAGES = 10;

/** The eight Gmail commands, over gmail/v1/users/me. */
export class Gmail {
  private readonly base: string;

  constructor(
    private readonly client: GoogleClient,
    baseUrl: string,
  ) {
    this.base = `${baseUrl.replace(/\/$/, "")}/gmail/v1/users/me`;
  }

  async getEmails(input: z.output<typeof inputs.getEmailsInput>): Result<typeof out.emailListOutput> {
    return this.list(input.query, input.max_emails);
  }

  async searchEmails(input: z.output<typeof inputs.searchEmailsInput>): Result<typeof out.emailListOutput> {
    return this.list(input.query, input.max_emails);
  }

  private async list(query: string | undefined, limit: number): Result<typeof out.emailListOutput> {
    const { items, more, skipped } = await this.client.list(`${this.base}/messages`, {
      ...gmail,
      api: "gmail.users.messages.list",
      searchParams: { q: query },
      itemsField: "messages",
      item: listedMessage,
      limit,
      maxPages: GMAIL_LIST_MAX_PAGES,
      pageSize: { param: "maxResults", max: 500 },
    });
    const emails = await mapWithLimit(items, MESSAGE_FETCH_CONCURRENCY, async ({ id }) => summarize(await this.message(id, "full"), BODY_CHARS));
    return {
      data: { query: query ?? null, count: emails.length, hasMore: more, skipped, emails },
      markdown:
        (emails.length
          ? `${emails.length} email(s)${query ? ` for \`${query}\`` : ""}:\n\n${emailTable(emails)}`
          : `No emails${query ? ` match \`${query}\`` : ""}.`) + skippedLine(skipped, "message"),
    };
  }

  private async message(id: string, format: "full" | "metadata" | "minimal", metadataHeaders?: string[]): Promise<GmailMessage> {
    const answer = await this.client.call<unknown>(`${this.base}/messages/${encodeURIComponent(id)}`, {
      ...gmail,
      api: "gmail.users.messages.get",
      searchParams: { format, metadataHeaders },
      what: `message ${id}`,
    });
    return parseResource(gmailMessage, answer, "gmail", `message ${id}`);
  }

  /** Sends, trashes or relabels through `call`, reading only what is reported from Gmail's answer. */
  private async changed(url: string, call: GoogleCall): Promise<z.output<typeof changedMessage>> {
    return parseResource(changedMessage, await this.client.call<unknown>(url, call), "gmail", "answer");
  }

  async sendEmail(input: z.output<typeof inputs.sendEmailInput>): Result<typeof out.sendEmailOutput> {
    const mail: OutgoingMail = {
      to: input.to,
      subject: input.subject,
      text: input.message_text,
      attachments: toMailAttachments(input.attachments),
      ...(input.cc ? { cc: input.cc } : {}),
      ...(input.bcc ? { bcc: input.bcc } : {}),
    };
    const sent = await this.changed(`${this.base}/messages/send`, {
      ...gmail,
      api: "gmail.users.messages.send",
      method: "POST",
      json: { raw: toBase64Url(buildMime(mail)) },
    });
    return {
      data: { sent: true, id: sent.id, threadId: sent.threadId, to: input.to, subject: input.subject },
      markdown: `Email "${input.subject}" sent to ${input.to.join(", ")}${sent.id ? ` (id ${sent.id})` : ""}.`,
    };
  }

  async createDraft(input: z.output<typeof inputs.createDraftInput>): Result<typeof out.createDraftOutput> {
    const raw = toBase64Url(buildMime({ to: input.recipient, subject: input.subject, text: input.body, attachments: toMailAttachments(input.attachments) }));
    const draft = parseResource(
      createdDraft,
      await this.client.call<unknown>(`${this.base}/drafts`, { ...gmail, api: "gmail.users.drafts.create", method: "POST", json: { message: { raw } } }),
      "gmail",
      "draft",
    );
    return {
      data: { draftId: draft.id, messageId: draft.message?.id, to: input.recipient, subject: input.subject },
      markdown: `Draft "${input.subject}" to ${input.recipient.join(", ")} saved${draft.id ? ` (draft id ${draft.id})` : ""}.`,
    };
  }

  async replyToEmail(input: z.output<typeof inputs.replyInput>): Result<typeof out.replyOutput> {
    const original = await this.message(input.message_id, "metadata", ["From", "Reply-To", "Subject", "Message-ID", "References"]);
    const headers = original.payload;
    const to = header(headers, "Reply-To") ?? header(headers, "From");
    if (!to) throw new CommandError("CONFLICT", `Message ${input.message_id} has no sender to reply to.`);
    const subject = header(headers, "Subject") ?? "";
    const messageId = header(headers, "Message-ID");
    const references = (header(headers, "References") ?? "").split(/\s+/).filter(Boolean);
    if (messageId && !references.includes(messageId)) references.push(messageId);
    const mail: OutgoingMail = {
      to: splitAddresses(to),
      subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
      text: input.body,
      attachments: toMailAttachments(input.attachments),
      ...(messageId ? { inReplyTo: messageId } : {}),
      ...(references.length ? { references } : {}),
    };
    const sent = await this.changed(`${this.base}/messages/send`, {
      ...gmail,
      api: "gmail.users.messages.send",
      method: "POST",
      // threadId keeps the reply in the conversation; the headers keep it threaded for the recipient too.
      json: { raw: toBase64Url(buildMime(mail)), ...(original.threadId ? { threadId: original.threadId } : {}) },
    });
    return {
      data: { sent: true, id: sent.id, threadId: sent.threadId, inReplyTo: messageId ?? null, to: mail.to, subject: mail.subject },
      markdown: `Reply "${mail.subject}" sent to ${mail.to.join(", ")}.`,
    };
  }

  async moveEmail(input: z.output<typeof inputs.moveEmailInput>): Result<typeof out.moveEmailOutput> {
    const { items: labels } = keepValid(
      (await this.client.call<{ labels?: unknown }>(`${this.base}/labels`, { ...gmail, api: "gmail.users.labels.list" })).labels,
      gmailLabel,
    );
    const wanted = input.folder_name.trim();
    let label = labels.find((l) => l.name === wanted) ?? labels.find((l) => l.name.toLowerCase() === wanted.toLowerCase() || l.id === wanted.toUpperCase());
    let created = false;
    if (!label) {
      if (!input.create_if_missing)
        throw new CommandError("NOT_FOUND", `Gmail has no label "${wanted}". Pass create_if_missing: true to create it.`, {
          details: { labels: labels.map((l) => l.name) },
        });
      const answer = await this.client.call<unknown>(`${this.base}/labels`, {
        ...gmail,
        api: "gmail.users.labels.create",
        method: "POST",
        json: { name: wanted, labelListVisibility: "labelShow", messageListVisibility: "show" },
      });
      // Without the new label's id there is nothing to move the message to.
      label = parseResource(gmailLabel, answer, "gmail", `label "${wanted}"`);
      created = true;
    }
    // Moving means leaving the inbox, unless the inbox is where it goes.
    const removeLabelIds = label.id === "INBOX" ? [] : ["INBOX"];
    const moved = await this.changed(`${this.base}/messages/${encodeURIComponent(input.message_id)}/modify`, {
      ...gmail,
      api: "gmail.users.messages.modify",
      method: "POST",
      json: { addLabelIds: [label.id], removeLabelIds },
      what: `message ${input.message_id}`,
    });
    return {
      data: { id: moved.id, label: { id: label.id, name: label.name }, labelCreated: created, labels: moved.labelIds ?? [] },
      markdown: `Email ${input.message_id} moved to "${label.name}"${created ? " (label created)" : ""}.`,
    };
  }

  async deleteEmail(input: z.output<typeof inputs.messageIdInput>): Result<typeof out.deleteEmailOutput> {
    // Trash, not permanent delete: permanent deletion needs full mailbox access (https://mail.google.com/).
    const trashed = await this.changed(`${this.base}/messages/${encodeURIComponent(input.message_id)}/trash`, {
      ...gmail,
      api: "gmail.users.messages.trash",
      method: "POST",
      what: `message ${input.message_id}`,
    });
    return {
      data: { id: trashed.id, trashed: true, labels: trashed.labelIds ?? [] },
      markdown: `Email ${input.message_id} moved to Trash (Gmail deletes it for good after 30 days).`,
    };
  }

  async processAttachments(input: z.output<typeof inputs.processAttachmentsInput>): Result<typeof out.processAttachmentsOutput> {
    const message = await this.message(input.message_id, "full");
    const found = attachmentsOf(message);
    const attachments = await mapWithLimit(found, ATTACHMENT_FETCH_CONCURRENCY, (attachment) => this.readAttachment(input, attachment));
    return {
      data: { messageId: input.message_id, count: attachments.length, attachments },
      markdown: attachments.length
        ? `${attachments.length} attachment(s) on ${input.message_id}:\n\n${table(
            ["File", "Type", "Bytes", "Downloaded"],
            attachments.map((a) => [a.filename, a.mimeType, a.size, a.skipped ? `no (${a.skipped})` : "yes"]),
          )}`
        : `Message ${input.message_id} has no attachments.`,
    };
  }

  private async readAttachment(input: z.output<typeof inputs.processAttachmentsInput>, attachment: AttachmentInfo): Promise<out.AttachmentResult> {
    const base = { filename: attachment.filename, mimeType: attachment.mimeType, size: attachment.size };
    if (!input.include_content) return { ...base, skipped: "content not requested" };
    if (attachment.size > input.max_bytes) return { ...base, skipped: `larger than max_bytes ${input.max_bytes}` };
    const data = attachment.inlineData ?? (await this.downloadAttachment(input.message_id, attachment.attachmentId!, input.max_bytes));
    if (data === undefined) return { ...base, skipped: `larger than max_bytes ${input.max_bytes}` };
    const content = fromBase64Url(data);
    return TEXT_TYPES.test(attachment.mimeType)
      ? { ...base, size: content.length, text: content.toString("utf8") }
      : { ...base, size: content.length, contentBase64: content.toString("base64") };
  }

  /**
   * The attachment's base64url data, or undefined when the answer outgrows the limit: the download is
   * cancelled as soon as it passes the limit, so a lying size field cannot fill memory.
   */
  private async downloadAttachment(messageId: string, attachmentId: string, maxBytes: number): Promise<string | undefined> {
    await this.client.ensureScope("gmail", "gmail.users.messages.attachments.get");
    // base64 grows by 4/3; the JSON wrapper adds a little.
    const cap = Math.ceil((maxBytes * 4) / 3) + 4096;
    const url = `${this.base}/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(attachmentId)}`;
    const request = this.client.http(url, { responseType: "text" });
    let tooLarge = false;
    request.on("downloadProgress", (progress) => {
      if (progress.transferred > cap && !tooLarge) {
        tooLarge = true;
        request.cancel();
      }
    });
    let body: string;
    try {
      body = String((await request).body ?? "");
    } catch (error) {
      if (tooLarge) return undefined;
      throw translateGoogleError(error, "gmail", `attachment on message ${messageId}`);
    }
    const data = (parseAttachment(body) as { data?: unknown } | undefined)?.data;
    if (data !== undefined && (typeof data !== "string" || !/^[A-Za-z0-9_=-]*$/.test(data)))
      throw new CommandError("PROVIDER_ERROR", `Gmail sent an attachment of message ${messageId} that is not base64url data.`);
    return data ?? "";
  }
}

const gmailLabel = z.object({ id: z.string().min(1), name: z.string() });

function parseAttachment(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new CommandError("PROVIDER_ERROR", "Gmail sent an attachment answer that is not JSON.");
  }
}

function splitAddresses(list: string): string[] {
  return list
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((a) => a.trim())
    .filter(Boolean);
}

function emailTable(emails: out.EmailSummary[]): string {
  return table(
    ["Received", "From", "Subject", "Id"],
    emails.map((e) => [e.receivedAt?.slice(0, 16).replace("T", " "), e.from, e.subject, e.id]),
  );
}
