import { randomBytes } from "node:crypto";

/** An RFC 5322 message as Gmail expects it in `raw`: built here, not by a library, so every header is ours. */
export interface OutgoingMail {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  text: string;
  /** Message-ID of the message replied to. */
  inReplyTo?: string;
  /** Message-IDs of the thread so far, oldest first. */
  references?: string[];
  attachments?: MailAttachment[];
}

/** One attachment of an outgoing message: file name, MIME type and content. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

const CRLF = "\r\n";
const ASCII = /^[\x20-\x7e]*$/;

/** RFC 2047 encoded-words (UTF-8, base64), split so no word exceeds 75 characters nor cuts a character. */
export function encodeWord(text: string): string {
  if (ASCII.test(text)) return text;
  const words: string[] = [];
  let chunk = "";
  for (const char of text) {
    // 45 bytes of UTF-8 become 60 base64 characters: with the 12-character wrapper, under 75.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, "utf8").toString("base64")}?=`).join(`${CRLF} `);
}

/** `Name <addr>` with the display name encoded when it is not plain ASCII; bare addresses stay as they are. */
function encodeAddress(address: string): string {
  // [\s\S]: a line break in a display name must be encoded, never passed through as a header break.
  const match = /^\s*([\s\S]*?)\s*<([^<>\s]+)>\s*$/.exec(address);
  if (!match) return address.replace(/[\r\n]+/g, " ").trim();
  const [, name = "", addr = ""] = match;
  if (!name) return `<${addr}>`;
  const unquoted = name.replace(/^"(.*)"$/, "$1");
  const display = ASCII.test(unquoted) ? `"${unquoted.replace(/(["\\])/g, "\\$1")}"` : encodeWord(unquoted);
  return `${display} <${addr}>`;
}

function base64Lines(content: Buffer): string {
  return (content.toString("base64").match(/.{1,76}/g) ?? []).join(CRLF);
}

/** RFC 2231 parameter for a file name that may not be ASCII. */
function filenameParam(name: string, param: "name" | "filename"): string {
  const safe = name.replace(/[\r\n"\\]/g, "_");
  if (ASCII.test(safe)) return `${param}="${safe}"`;
  return `${param}*=UTF-8''${encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function textPart(text: string): string[] {
  return ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", base64Lines(Buffer.from(text.replace(/\r?\n/g, CRLF), "utf8"))];
}

function attachmentPart(attachment: MailAttachment): string[] {
  return [
    `Content-Type: ${attachment.contentType}; ${filenameParam(attachment.filename, "name")}`,
    `Content-Disposition: attachment; ${filenameParam(attachment.filename, "filename")}`,
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(attachment.content),
  ];
}

/** The RFC 5322 / MIME text of an outgoing message, ready to base64url-encode for Gmail. */
export function buildMime(mail: OutgoingMail): string {
  const headers = [`To: ${mail.to.map(encodeAddress).join(", ")}`];
  if (mail.cc?.length) headers.push(`Cc: ${mail.cc.map(encodeAddress).join(", ")}`);
  if (mail.bcc?.length) headers.push(`Bcc: ${mail.bcc.map(encodeAddress).join(", ")}`);
  headers.push(`Subject: ${encodeWord(mail.subject)}`);
  if (mail.inReplyTo) headers.push(`In-Reply-To: ${mail.inReplyTo}`);
  if (mail.references?.length) headers.push(`References: ${mail.references.join(`${CRLF} `)}`);
  headers.push("MIME-Version: 1.0");

  const attachments = mail.attachments ?? [];
  if (attachments.length === 0) return [...headers, ...textPart(mail.text)].join(CRLF) + CRLF;

  const boundary = `agx_${randomBytes(12).toString("hex")}`;
  const lines = [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", "This is a multi-part message in MIME format."];
  for (const part of [textPart(mail.text), ...attachments.map(attachmentPart)]) lines.push(`--${boundary}`, ...part);
  lines.push(`--${boundary}--`, "");
  return lines.join(CRLF);
}

/** Base64url without padding, as Gmail takes raw messages. */
export function toBase64Url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** The bytes of a base64url string, as Gmail sends bodies and attachments. */
export function fromBase64Url(data: string): Buffer {
  return Buffer.from(data, "base64url");
}
