import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect();
});
afterAll(() => h.close());
beforeEach(() => {
  h.gmail.messages.clear();
  h.gmail.sent.length = 0;
  h.gmail.pageCap = 500;
});

const gmailRequests = (path: string, method?: string) => h.gmail.provider.requests.filter((r) => r.path.startsWith(path) && (!method || r.method === method));

describe("Google - Get Emails / Search Emails", () => {
  it("pages with nextPageToken up to max_emails and fetches messages concurrently with a bound", async () => {
    for (let i = 0; i < 7; i++)
      h.gmail.seed({
        from: `Sender ${i} <s${i}@example.test>`,
        to: "ana@example.test",
        subject: `Report ${i}`,
        text: `Body ${i}`,
        receivedAt: `2026-11-2${i}T08:00:00Z`,
      });
    h.gmail.pageCap = 2;
    const before = gmailRequests("/gmail/v1/users/me/messages", "GET").length;
    const result = await h.run("Google - Get Emails", { max_emails: 5 });
    const data = result.data as { count: number; hasMore: boolean; emails: Array<{ subject: string; from: string; body: string; receivedAt: string }> };
    expect(data.count).toBe(5);
    expect(data.hasMore).toBe(true);
    expect(data.emails.map((e) => e.subject)).toEqual(["Report 6", "Report 5", "Report 4", "Report 3", "Report 2"]);
    expect(data.emails[0]).toMatchObject({ from: "Sender 6 <s6@example.test>", body: "Body 6", receivedAt: "2026-11-26T08:00:00.000Z" });
    const lists = h.gmail.provider.requests.slice(before).filter((r) => r.path === "/gmail/v1/users/me/messages");
    expect(lists).toHaveLength(3);
    expect(lists[1]!.query.get("pageToken")).toBe("2");
    expect(lists.map((r) => r.query.get("maxResults"))).toEqual(["5", "3", "1"]);
    expect(h.gmail.maxConcurrentGets).toBeGreaterThan(1);
    expect(h.gmail.maxConcurrentGets).toBeLessThanOrEqual(5);
    expect(result.markdown).toContain("Report 6");
  });

  it("passes the Gmail query through and returns attachments by name", async () => {
    h.gmail.seed({
      from: "ana@example.test",
      to: "me@example.test",
      subject: "Invoice",
      text: "See attached",
      attachments: [{ filename: "invoice.pdf", mimeType: "application/pdf", content: Buffer.from("%PDF-1.4") }],
    });
    h.gmail.seed({ from: "bob@example.test", to: "me@example.test", subject: "Lunch?", text: "Noon" });
    const result = await h.run("Google - Search Emails", { query: "from:ana has:attachment" });
    const data = result.data as { emails: Array<{ subject: string; attachments: Array<{ filename: string }> }> };
    expect(data.emails).toHaveLength(1);
    expect(data.emails[0]!.attachments).toEqual([{ filename: "invoice.pdf", mimeType: "application/pdf", size: 8 }]);
    expect(gmailRequests("/gmail/v1/users/me/messages", "GET").at(-2)!.query.get("q")).toBe("from:ana has:attachment");
  });

  it("requires a query for search, before any request", async () => {
    const count = h.gmail.provider.requests.length;
    const error = await failure(h.run("Google - Search Emails", { max_emails: 3 }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details?.fields).toContain("query");
    expect(h.gmail.provider.requests.length).toBe(count);
  });
});

describe("Google - Send Email / Create Draft Email", () => {
  it("builds a MIME message with an encoded UTF-8 subject and attachments", async () => {
    const result = await h.run("Google - Send Email", {
      to: ["Zoë Ørsted <zoe@example.test>", "bob@example.test"],
      subject: "Grüße aus Köln – Café ☕ und eine ziemlich lange Betreffzeile, die umbrochen werden muss",
      message_text: "Hallo Zoë,\nanbei die Dateien.\n",
      cc: ["carol@example.test"],
      attachments: [
        { filename: "notes.txt", mime_type: "text/plain", content_text: "première ligne" },
        { filename: "pixel.png", mime_type: "image/png", content_base64: Buffer.from([137, 80, 78, 71, 0, 1, 2]).toString("base64") },
      ],
    });
    expect(result.data).toMatchObject({ sent: true });
    const raw = h.gmail.sent.at(-1)!.raw;
    expect(raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe("Grüße aus Köln – Café ☕ und eine ziemlich lange Betreffzeile, die umbrochen werden muss");
    expect(mail.text).toBe("Hallo Zoë,\nanbei die Dateien.\n");
    const to = Array.isArray(mail.to) ? mail.to : [mail.to!];
    expect(to.flatMap((a) => a.value).map((v) => [v.name, v.address])).toEqual([
      ["Zoë Ørsted", "zoe@example.test"],
      ["", "bob@example.test"],
    ]);
    expect((Array.isArray(mail.cc) ? mail.cc[0] : mail.cc)!.value[0]!.address).toBe("carol@example.test");
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString("hex")])).toEqual([
      ["notes.txt", "text/plain", Buffer.from("première ligne").toString("hex")],
      ["pixel.png", "image/png", "89504e47000102"],
    ]);
  });

  it("saves a draft with the message as raw MIME", async () => {
    const result = await h.run("Google - Create Draft Email", { recipient: "ana@example.test", subject: "Entwurf", body: "Noch nicht fertig" });
    expect(result.data).toMatchObject({ draftId: expect.stringMatching(/^r-/) });
    const draft = h.gmail.sent.at(-1)!;
    expect(draft.draft).toBe(true);
    const mail = await simpleParser(draft.raw);
    expect([mail.subject, mail.text?.trim()]).toEqual(["Entwurf", "Noch nicht fertig"]);
  });

  it("rejects a bad address and an ambiguous attachment before sending", async () => {
    const count = h.gmail.provider.requests.length;
    const bad = await failure(h.run("Google - Send Email", { to: "not-an-address", subject: "x", message_text: "y" }));
    expect(bad.code).toBe("INVALID_INPUT");
    expect(bad.details?.fields).toContain("to");
    const injected = await failure(h.run("Google - Send Email", { to: "Eve\r\nBcc: spy@example.test <eve@example.test>", subject: "x", message_text: "y" }));
    expect(injected.details?.fields).toContain("to");
    const both = await failure(
      h.run("Google - Create Draft Email", {
        recipient: "a@example.test",
        subject: "x",
        body: "y",
        attachments: [{ filename: "a.txt", content_text: "a", content_base64: "YQ==" }],
      }),
    );
    expect(both.code).toBe("INVALID_INPUT");
    expect(both.message).toContain("attachments");
    expect(h.gmail.provider.requests.length).toBe(count);
  });
});

describe("Google - Reply to Email", () => {
  it("replies in the thread with In-Reply-To and References", async () => {
    const id = h.gmail.seed({
      from: "Ana <ana@example.test>",
      to: "me@example.test",
      subject: "Quarterly plan",
      text: "Thoughts?",
      messageId: "<msg-2@example.test>",
      references: "<msg-1@example.test>",
    });
    const result = await h.run("Google - Reply to Email", { message_id: id, body: "Looks good." });
    expect(result.data).toMatchObject({ sent: true, inReplyTo: "<msg-2@example.test>", subject: "Re: Quarterly plan" });
    const sent = h.gmail.sent.at(-1)!;
    expect(sent.threadId).toBe(id);
    const mail = await simpleParser(sent.raw);
    expect(mail.inReplyTo).toBe("<msg-2@example.test>");
    expect(mail.references).toEqual(["<msg-1@example.test>", "<msg-2@example.test>"]);
    expect(mail.subject).toBe("Re: Quarterly plan");
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address).toBe("ana@example.test");
    const get = gmailRequests(`/gmail/v1/users/me/messages/${id}`, "GET").at(-1)!;
    expect(get.query.get("format")).toBe("metadata");
  });

  it("answers NOT_FOUND for an unknown message", async () => {
    const error = await failure(h.run("Google - Reply to Email", { message_id: "18cffffffff", body: "hi" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("18cffffffff");
  });
});

describe("Google - Move Email to Folder / Delete Email", () => {
  it("creates the label when missing, adds it and takes the message out of the inbox", async () => {
    const id = h.gmail.seed({ from: "shop@example.test", to: "me@example.test", subject: "Receipt", text: "Thanks" });
    const first = await h.run("Google - Move Email to Folder", { message_id: id, folder_name: "Receipts" });
    expect(first.data).toMatchObject({ labelCreated: true, label: { name: "Receipts" } });
    const label = h.gmail.labels.find((l) => l.name === "Receipts")!;
    expect(h.gmail.messages.get(id)!.labelIds).toContain(label.id);
    expect(h.gmail.messages.get(id)!.labelIds).not.toContain("INBOX");
    const second = await h.run("Google - Move Email to Folder", { message_id: id, folder_name: "receipts" });
    expect(second.data).toMatchObject({ labelCreated: false, label: { id: label.id } });
    expect(h.gmail.labels.filter((l) => l.name === "Receipts")).toHaveLength(1);
  });

  it("refuses an unknown label when told not to create it", async () => {
    const id = h.gmail.seed({ from: "a@example.test", to: "me@example.test", subject: "s", text: "t" });
    const error = await failure(h.run("Google - Move Email to Folder", { message_id: id, folder_name: "Nowhere", create_if_missing: false }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("Nowhere");
  });

  it("moves a deleted email to Trash", async () => {
    const id = h.gmail.seed({ from: "a@example.test", to: "me@example.test", subject: "old", text: "t" });
    const result = await h.run("Google - Delete Email", { message_id: id });
    expect(result.data).toMatchObject({ trashed: true });
    expect(h.gmail.messages.get(id)!.labelIds).toContain("TRASH");
    expect(gmailRequests(`/gmail/v1/users/me/messages/${id}/trash`, "POST")).toHaveLength(1);
  });
});

describe("Google - Process Attachments", () => {
  it("returns small attachments' content and skips large ones without downloading them", async () => {
    const big = Buffer.alloc(4096, 7);
    const id = h.gmail.seed({
      from: "a@example.test",
      to: "me@example.test",
      subject: "files",
      text: "see files",
      attachments: [
        { filename: "data.csv", mimeType: "text/csv", content: Buffer.from("a,b\n1,2\n") },
        { filename: "logo.png", mimeType: "image/png", content: Buffer.from([1, 2, 3]) },
        { filename: "tiny.txt", mimeType: "text/plain", content: Buffer.from("inline!"), inline: true },
        { filename: "huge.bin", mimeType: "application/octet-stream", content: big },
      ],
    });
    const result = await h.run("Google - Process Attachments", { message_id: id, max_bytes: 1024 });
    const data = result.data as { attachments: Array<Record<string, unknown>> };
    expect(data.attachments).toEqual([
      { filename: "data.csv", mimeType: "text/csv", size: 8, text: "a,b\n1,2\n" },
      { filename: "logo.png", mimeType: "image/png", size: 3, contentBase64: "AQID" },
      { filename: "tiny.txt", mimeType: "text/plain", size: 7, text: "inline!" },
      { filename: "huge.bin", mimeType: "application/octet-stream", size: 4096, skipped: "larger than max_bytes 1024" },
    ]);
    const downloads = gmailRequests(`/gmail/v1/users/me/messages/${id}/attachments/`);
    expect(downloads).toHaveLength(2);
  });

  it("stops a download that outgrows the limit even when the size field understated it", async () => {
    const id = h.gmail.seed({
      from: "a@example.test",
      to: "me@example.test",
      subject: "liar",
      text: "x",
      attachments: [{ filename: "big.bin", mimeType: "application/octet-stream", content: Buffer.alloc(64 * 1024, 1) }],
    });
    const part = h.gmail.messages.get(id)!.payload.parts![1]!;
    part.body.size = 10;
    const result = await h.run("Google - Process Attachments", { message_id: id, max_bytes: 1024 });
    expect((result.data as { attachments: Array<{ skipped?: string }> }).attachments[0]!.skipped).toBe("larger than max_bytes 1024");
  });
});
