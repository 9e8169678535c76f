import { simpleParser } from "mailparser";
import { startFakeProvider, type FakeProvider, type FakeRequest } from "@agx-ext/testing/provider";
import { parseGmailQuery, type Searchable } from "./gmail-query.js";
import { googleError, intParam, invalidCredentials, isReply, notFound } from "./google-errors.js";

interface SeedMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  references?: string;
  receivedAt?: string;
  labelIds?: string[];
  attachments?: Array<{ filename: string; mimeType: string; content: Buffer; inline?: boolean }>;
}

interface StoredPart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: Array<{ name: string; value: string }>;
  body: { size: number; data?: string; attachmentId?: string };
  parts?: StoredPart[];
}

interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string;
  internalDate: string;
  payload: StoredPart;
  raw?: string;
  searchText: string;
}

export interface FakeGmail {
  provider: FakeProvider;
  url: string;
  messages: Map<string, StoredMessage>;
  attachments: Map<string, Buffer>;
  labels: Array<{ id: string; name: string; type: "system" | "user" }>;
  /** Raw RFC 5322 text of each message sent or drafted, decoded from base64url. */
  sent: Array<{ raw: string; threadId?: string; draft: boolean }>;
  seed(message: SeedMessage): string;
  /** How many message GETs were in flight at most at once. */
  maxConcurrentGets: number;
  /** Gmail may answer fewer than maxResults per page; this caps the page size to exercise paging. */
  pageCap: number;
  /** The mailbox's current history id (users.getProfile, users.history.list). */
  historyId: number;
  /** History records older than this id are gone: a startHistoryId before it gets 404, as Gmail's expired ids do. */
  historyKeptFrom: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const FORMATS = new Set(["full", "metadata", "minimal", "raw"]);

/** Gmail v1 (users.messages, users.labels, users.drafts, attachments) for user "me". */
export async function startFakeGmail(isValidToken: (token: string) => boolean): Promise<FakeGmail> {
  let nextId = 0x18c0000;
  const messages = new Map<string, StoredMessage>();
  const attachments = new Map<string, Buffer>();
  const labels: FakeGmail["labels"] = ["INBOX", "SENT", "TRASH", "SPAM", "DRAFT", "UNREAD", "STARRED", "IMPORTANT"].map((id) => ({
    id,
    name: id,
    type: "system" as const,
  }));
  const sent: FakeGmail["sent"] = [];
  let inFlight = 0;
  const state = { maxConcurrentGets: 0, pageCap: 500, historyId: 1000, historyKeptFrom: 0 };
  /** users.history records of messages added: history ids increase with gaps, as Gmail's do. */
  const history: Array<{ id: string; messagesAdded: Array<{ message: { id: string; threadId: string; labelIds: string[] } }> }> = [];
  const recordAdded = (message: { id: string; threadId: string; labelIds: string[] }) => {
    state.historyId += 7;
    history.push({
      id: String(state.historyId),
      messagesAdded: [{ message: { id: message.id, threadId: message.threadId, labelIds: [...message.labelIds] } }],
    });
  };
  const newId = () => (nextId++).toString(16).padStart(16, "0");

  const seed = (m: SeedMessage): string => {
    const id = newId();
    const headers = [
      { name: "Delivered-To", value: m.to },
      { name: "Subject", value: m.subject },
      { name: "From", value: m.from },
      { name: "To", value: m.to },
      { name: "Date", value: new Date(m.receivedAt ?? "2026-11-20T08:00:00Z").toUTCString() },
      { name: "Message-ID", value: m.messageId ?? `<${id}@mail.example.test>` },
      ...(m.references ? [{ name: "References", value: m.references }] : []),
    ];
    const textPart: StoredPart = {
      partId: "0",
      mimeType: "text/plain",
      filename: "",
      headers: [{ name: "Content-Type", value: "text/plain; charset=UTF-8" }],
      body: { size: Buffer.byteLength(m.text), data: b64url(m.text) },
    };
    const parts = (m.attachments ?? []).map((a, i): StoredPart => {
      const attachmentId = `ANGjdJ${id}${i}`;
      if (!a.inline) attachments.set(attachmentId, a.content);
      return {
        partId: String(i + 1),
        mimeType: a.mimeType,
        filename: a.filename,
        headers: [{ name: "Content-Disposition", value: `attachment; filename="${a.filename}"` }],
        body: a.inline ? { size: a.content.length, data: b64url(a.content) } : { size: a.content.length, attachmentId },
      };
    });
    const payload: StoredPart = parts.length
      ? { partId: "", mimeType: "multipart/mixed", filename: "", headers, body: { size: 0 }, parts: [textPart, ...parts] }
      : { ...textPart, partId: "", headers: [...headers, ...textPart.headers] };
    messages.set(id, {
      id,
      threadId: id,
      labelIds: m.labelIds ?? ["INBOX", "UNREAD"],
      snippet: m.text.slice(0, 100),
      internalDate: String(Date.parse(m.receivedAt ?? "2026-11-20T08:00:00Z")),
      payload,
      searchText: `from:${m.from} subject:${m.subject} ${m.text} ${parts.length ? "has:attachment" : ""}`.toLowerCase(),
    });
    recordAdded(messages.get(id)!);
    return id;
  };

  const userCheck = (req: FakeRequest) => (req.params.userId === "me" ? undefined : googleError(403, "Delegation denied", "forbidden"));

  /** What Gmail's search sees of a stored message (see gmail-query.ts). */
  const searchable = (m: StoredMessage): Searchable => {
    const h = (name: string) => m.payload.headers.find((x) => x.name.toLowerCase() === name)?.value ?? "";
    return {
      from: h("from"),
      to: h("to"),
      subject: h("subject"),
      text: m.searchText,
      labelIds: m.labelIds,
      hasAttachment: m.searchText.includes("has:attachment"),
      internalDate: Number(m.internalDate),
    };
  };

  const decodeRaw = async (raw: unknown) => {
    if (typeof raw !== "string" || raw === "")
      return googleError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required", "invalidArgument");
    if (!/^[A-Za-z0-9_-]*=*$/.test(raw)) return googleError(400, "Invalid value for ByteString: raw", "invalid");
    const text = Buffer.from(raw, "base64url").toString("utf8");
    const parsed = await simpleParser(text);
    const recipients = [parsed.to, parsed.cc, parsed.bcc].flat().filter(Boolean);
    if (recipients.length === 0) return googleError(400, "Recipient address required", "invalidArgument");
    return { text, parsed };
  };

  const store = (text: string, subject: string, labelIds: string[], threadId?: string): StoredMessage => {
    const id = newId();
    const message: StoredMessage = {
      id,
      threadId: threadId ?? id,
      labelIds,
      snippet: "",
      internalDate: String(Date.now()),
      payload: { partId: "", mimeType: "text/plain", filename: "", headers: [{ name: "Subject", value: subject }], body: { size: text.length } },
      raw: b64url(text),
      searchText: "",
    };
    messages.set(id, message);
    recordAdded(message);
    return message;
  };

  const provider = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "GET /gmail/v1/users/:userId/messages": (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const max = intParam(req.query, "maxResults", 1, 500);
        if (isReply(max)) return max;
        const q = req.query.get("q");
        const matcher = q ? parseGmailQuery(q) : () => true;
        if (!matcher) return googleError(400, "Invalid query", "invalidArgument");
        const start = Number(req.query.get("pageToken") ?? 0);
        const all = [...messages.values()]
          .filter((m) => !m.labelIds.includes("TRASH") && !m.labelIds.includes("DRAFT") && matcher(searchable(m)))
          .sort((a, b) => Number(b.internalDate) - Number(a.internalDate));
        const page = all.slice(start, start + Math.min(max ?? 100, state.pageCap));
        const next = start + page.length < all.length ? String(start + page.length) : undefined;
        return {
          json: {
            ...(page.length ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
            ...(next ? { nextPageToken: next } : {}),
            resultSizeEstimate: all.length,
          },
        };
      },
      "GET /gmail/v1/users/:userId/profile": (req) =>
        userCheck(req) ?? {
          json: { emailAddress: "me@example.test", messagesTotal: messages.size, threadsTotal: messages.size, historyId: String(state.historyId) },
        },
      "GET /gmail/v1/users/:userId/history": (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const startText = req.query.get("startHistoryId");
        if (!startText) return googleError(400, "Missing required parameter: startHistoryId", "required");
        if (!/^\d+$/.test(startText)) return googleError(400, `Invalid value at 'start_history_id' (TYPE_UINT64), "${startText}"`, "invalid");
        const start = Number(startText);
        if (start < state.historyKeptFrom) return googleError(404, "Requested entity was not found.", "notFound");
        const max = intParam(req.query, "maxResults", 1, 500);
        if (isReply(max)) return max;
        const types = req.query.getAll("historyTypes");
        if (types.some((t) => !["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"].includes(t)))
          return googleError(400, "Invalid value at 'history_types'", "invalid");
        const label = req.query.get("labelId");
        const after = history
          .filter((h) => Number(h.id) > start)
          .map((h) => ({ ...h, messagesAdded: h.messagesAdded.filter((a) => !label || a.message.labelIds.includes(label)) }))
          .filter((h) => h.messagesAdded.length);
        const offset = Number(req.query.get("pageToken") ?? 0);
        const size = Math.min(max ?? 100, state.pageCap);
        const page = after.slice(offset, offset + size);
        const more = offset + size < after.length;
        return {
          json: { ...(page.length ? { history: page } : {}), historyId: String(state.historyId), ...(more ? { nextPageToken: String(offset + size) } : {}) },
        };
      },
      "GET /gmail/v1/users/:userId/messages/:id": async (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const format = req.query.get("format") ?? "full";
        if (!FORMATS.has(format)) return googleError(400, `Invalid value at 'format' (${format})`, "invalid");
        inFlight++;
        state.maxConcurrentGets = Math.max(state.maxConcurrentGets, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        const message = messages.get(req.params.id!);
        if (!message) return notFound();
        const { searchText: _s, raw, ...rest } = message;
        if (format === "raw") return { json: { ...rest, payload: undefined, raw } };
        if (format === "minimal") return { json: { ...rest, payload: undefined } };
        if (format === "metadata") {
          const wanted = req.query.getAll("metadataHeaders").map((h) => h.toLowerCase());
          const headers = message.payload.headers.filter((h) => wanted.length === 0 || wanted.includes(h.name.toLowerCase()));
          return { json: { ...rest, payload: { mimeType: message.payload.mimeType, headers } } };
        }
        return { json: rest };
      },
      "GET /gmail/v1/users/:userId/messages/:messageId/attachments/:id": (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        if (!messages.has(req.params.messageId!)) return notFound();
        const data = attachments.get(req.params.id!);
        if (!data) return googleError(400, "Invalid attachment token", "invalidArgument");
        return { json: { attachmentId: req.params.id, size: data.length, data: b64url(data) } };
      },
      "POST /gmail/v1/users/:userId/messages/send": async (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const body = (req.body ?? {}) as { raw?: unknown; threadId?: string };
        const decoded = await decodeRaw(body.raw);
        if (isReply(decoded)) return decoded;
        if (body.threadId !== undefined && ![...messages.values()].some((m) => m.threadId === body.threadId)) return notFound();
        sent.push({ raw: decoded.text, draft: false, ...(body.threadId ? { threadId: body.threadId } : {}) });
        const message = store(decoded.text, decoded.parsed.subject ?? "", ["SENT"], body.threadId);
        return { json: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } };
      },
      "POST /gmail/v1/users/:userId/drafts": async (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const body = (req.body ?? {}) as { message?: { raw?: unknown } };
        if (!body.message) return googleError(400, "Missing draft message", "invalidArgument");
        const decoded = await decodeRaw(body.message.raw);
        if (isReply(decoded)) return decoded;
        sent.push({ raw: decoded.text, draft: true });
        const message = store(decoded.text, decoded.parsed.subject ?? "", ["DRAFT"]);
        return { json: { id: `r-${message.id}`, message: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } } };
      },
      "GET /gmail/v1/users/:userId/labels": (req) => userCheck(req) ?? { json: { labels } },
      "POST /gmail/v1/users/:userId/labels": (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const name = (req.body as { name?: string } | undefined)?.name;
        if (!name) return googleError(400, "Invalid label name", "invalidArgument");
        if (labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) return googleError(409, "Label name exists or conflicts", "duplicate");
        const label = { id: `Label_${labels.length}`, name, type: "user" as const };
        labels.push(label);
        return { json: { ...label, messageListVisibility: "show", labelListVisibility: "labelShow" } };
      },
      "POST /gmail/v1/users/:userId/messages/:id/modify": (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const message = messages.get(req.params.id!);
        if (!message) return notFound();
        const body = (req.body ?? {}) as { addLabelIds?: string[]; removeLabelIds?: string[] };
        for (const id of [...(body.addLabelIds ?? []), ...(body.removeLabelIds ?? [])])
          if (!labels.some((l) => l.id === id)) return googleError(400, `Invalid label: ${id}`, "invalidArgument");
        message.labelIds = [...new Set([...message.labelIds.filter((l) => !(body.removeLabelIds ?? []).includes(l)), ...(body.addLabelIds ?? [])])];
        return { json: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } };
      },
      "POST /gmail/v1/users/:userId/messages/:id/trash": (req) => {
        const denied = userCheck(req);
        if (denied) return denied;
        const message = messages.get(req.params.id!);
        if (!message) return notFound();
        message.labelIds = [...message.labelIds.filter((l) => l !== "INBOX"), "TRASH"];
        return { json: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } };
      },
    },
  });

  return {
    provider,
    url: provider.url,
    messages,
    attachments,
    labels,
    sent,
    seed,
    get maxConcurrentGets() {
      return state.maxConcurrentGets;
    },
    get pageCap() {
      return state.pageCap;
    },
    set pageCap(value: number) {
      state.pageCap = value;
    },
    get historyId() {
      return state.historyId;
    },
    get historyKeptFrom() {
      return state.historyKeptFrom;
    },
    set historyKeptFrom(value: number) {
      state.historyKeptFrom = value;
    },
  };
}
