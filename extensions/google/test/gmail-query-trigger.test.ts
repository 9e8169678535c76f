import { runPollTrigger } from "@agx-ext/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEmailInput } from "../src/gmail/mail-query.js";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

const NEW_EMAIL = "google/New Email";
const LIST = "/gmail/v1/users/me/messages";
const mail = (over: { from?: string; subject?: string; receivedAt?: string; attachment?: boolean }) => ({
  from: over.from ?? "someone@example.test",
  to: "me@example.test",
  subject: over.subject ?? "Hello",
  text: "body",
  receivedAt: over.receivedAt ?? "2026-11-24T09:30:00Z",
  ...(over.attachment ? { attachments: [{ filename: "a.pdf", mimeType: "application/pdf", content: Buffer.from("%PDF") }] } : {}),
});

describe("the New Email trigger with a Gmail query", () => {
  let g: GoogleHarness;
  beforeAll(async () => {
    g = await startGoogleHarness();
    await g.connect("alice", ["gmail"]);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
  });

  /** A cursor at the mailbox's current history id, as the first poll leaves it. */
  const start = async (query: string) => (await runPollTrigger(g.host, NEW_EMAIL, { params: { query } })).cursor;

  it("reports only the new inbox messages Gmail's search matches, asking over the new messages' time window", async () => {
    g.gmail.seed(mail({ from: "boss@example.test", attachment: true, receivedAt: "2026-11-20T08:00:00Z" }));
    const query = "from:boss@example.test has:attachment";
    const cursor = await start(query);
    const wanted = g.gmail.seed(mail({ from: "Boss <boss@example.test>", subject: "Q4 plan", attachment: true, receivedAt: "2026-11-24T09:40:00Z" }));
    g.gmail.seed(mail({ from: "boss@example.test", subject: "no file", receivedAt: "2026-11-24T09:41:00Z" }));
    g.gmail.seed(mail({ from: "other@example.test", attachment: true, receivedAt: "2026-11-24T09:42:00Z" }));
    const listed = g.gmail.provider.requestsTo(LIST).length;
    const result = await runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query } });
    // The old matching message (before the cursor) is not reported again, nor are the two new ones that do not match.
    expect(result.events.map((e) => [e.id, (e.data as { subject: string }).subject])).toEqual([[wanted, "Q4 plan"]]);
    expect(result.cursor).toEqual({ historyId: String(g.gmail.historyId) });
    const asks = g.gmail.provider.requestsTo(LIST).slice(listed);
    expect(asks).toHaveLength(1);
    const oldest = Date.parse("2026-11-24T09:40:00Z") / 1000;
    expect(asks[0]!.query.get("q")).toBe(`(${query}) after:${oldest - 86_400}`);
  });

  it("takes Gmail's OR, groups and negation; no new mail means no search at all", async () => {
    const query = "(from:ann@example.test OR from:bob@example.test) -subject:newsletter";
    const cursor = await start(query);
    const ann = g.gmail.seed(mail({ from: "ann@example.test", subject: "Lunch" }));
    g.gmail.seed(mail({ from: "bob@example.test", subject: "Weekly newsletter" }));
    const bob = g.gmail.seed(mail({ from: "bob@example.test", subject: "Re: Lunch" }));
    g.gmail.seed(mail({ from: "carol@example.test", subject: "Lunch" }));
    const result = await runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query } });
    expect(result.events.map((e) => e.id)).toEqual([ann, bob]);
    const listed = g.gmail.provider.requestsTo(LIST).length;
    expect((await runPollTrigger(g.host, NEW_EMAIL, { cursor: result.cursor, params: { query } })).events).toEqual([]);
    expect(g.gmail.provider.requestsTo(LIST).length).toBe(listed);
  });

  it("pages through the search until every new message has been seen", async () => {
    const query = "subject:report";
    const cursor = await start(query);
    const ids = [1, 2, 3].map((n) => g.gmail.seed(mail({ subject: `report ${n}`, receivedAt: `2026-11-24T09:5${n}:00Z` })));
    g.gmail.pageCap = 1;
    const listed = g.gmail.provider.requestsTo(LIST).length;
    const result = await runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query } }).finally(() => (g.gmail.pageCap = 500));
    expect(result.events.map((e) => e.id)).toEqual(ids);
    expect(g.gmail.provider.requestsTo(LIST).length - listed).toBe(3);
  });

  it("a query Gmail refuses (400) is INVALID_INPUT naming the query; the cursor is not moved", async () => {
    const cursor = await start("from:ann");
    g.gmail.seed(mail({ from: "ann@example.test" }));
    const error = await failure(runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query: "from:(ann" } }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain('query "from:(ann"');
    expect(error.message).toContain("Invalid query");
  });

  it("hostile Gmail: a 500 that lasts is PROVIDER_ERROR, garbage is PROVIDER_ERROR, never events", async () => {
    const query = "from:ann";
    const cursor = await start(query);
    g.gmail.seed(mail({ from: "ann@example.test" }));
    g.gmail.provider.fault({
      path: LIST,
      status: 500,
      times: Infinity,
      json: { error: { code: 500, message: "Backend Error", status: "INTERNAL", errors: [{ reason: "backendError" }] } },
    });
    const down = await failure(runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query } }));
    g.gmail.provider.clearFaults();
    expect(down.code).toBe("PROVIDER_ERROR");
    g.gmail.provider.fault({ path: LIST, status: 200, json: ["not", "an", "object"] });
    expect((await failure(runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query } }))).code).toBe("PROVIDER_ERROR");
    g.gmail.provider.fault({ path: LIST, status: 200, json: { messages: "garbage" } });
    expect((await failure(runPollTrigger(g.host, NEW_EMAIL, { cursor, params: { query } }))).code).toBe("PROVIDER_ERROR");
  });

  it("a connection holding only gmail.metadata (under which Gmail takes no query) is told to add read access, before any search", async () => {
    await g.connectWithScopes("meta", ["https://www.googleapis.com/auth/gmail.metadata"]);
    const query = "from:ann";
    const cursor = (await runPollTrigger(g.host, NEW_EMAIL, { userId: "meta", params: { query } })).cursor;
    g.gmail.seed(mail({ from: "ann@example.test" }));
    const listed = g.gmail.provider.requestsTo(LIST).length;
    const error = await failure(runPollTrigger(g.host, NEW_EMAIL, { userId: "meta", cursor, params: { query } }));
    expect(error.code).toBe("NOT_CONNECTED");
    expect(error.message).toContain("agx connect google --scopes gmail");
    expect(g.gmail.provider.requestsTo(LIST).length).toBe(listed);
    // Without a query the same connection is served.
    await expect(runPollTrigger(g.host, NEW_EMAIL, { userId: "meta", cursor })).resolves.toMatchObject({ events: [{ data: { from: "ann@example.test" } }] });
  });

  it("refuses a query that is empty, too long or spans lines, before any request", () => {
    expect(newEmailInput.safeParse({ query: "  from:ann  " })).toMatchObject({ success: true, data: { query: "from:ann" } });
    expect(newEmailInput.safeParse({})).toMatchObject({ success: true, data: {} });
    for (const query of ["", "   ", "x".repeat(1001), "from:ann\nbcc:everyone"])
      expect(newEmailInput.safeParse({ query }).success, JSON.stringify(query)).toBe(false);
  });
});
