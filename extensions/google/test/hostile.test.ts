/**
 * Google APIs that misbehave: page tokens that never end, malformed items, echoed tokens, slow, huge and
 * dropped answers. Each case ends in a correct result or a clear PROVIDER_ERROR, with a bounded number of
 * requests, and no secret in what comes back.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ADS_SEARCH_MAX_PAGES } from "../src/ads/ads.js";
import { GMAIL_LIST_MAX_PAGES } from "../src/gmail/gmail.js";
import { CUSTOMER_ID } from "./fakes/ads.js";
import { startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness | undefined;

async function harness(settings: Record<string, string> = {}): Promise<GoogleHarness> {
  h = await startGoogleHarness(settings);
  await h.connect();
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { code?: string; details?: Record<string, unknown> },
  );

const GMAIL_LIST = "/gmail/v1/users/me/messages";
const EVENTS = "/calendar/v3/calendars/primary/events";
const NOTES = "/v1/notes";
const SEARCH = `/v26/customers/${CUSTOMER_ID}/googleAds:search`;

function seedNotes(g: GoogleHarness, count: number): void {
  const now = "2026-11-20T08:00:00Z";
  for (let i = 0; i < count; i++)
    g.keep.notes.set(`notes/n${i}`, {
      name: `notes/n${i}`,
      title: `Note ${i}`,
      body: { text: { text: `text ${i}` } },
      trashed: false,
      createTime: now,
      updateTime: now,
    });
}

describe("page tokens that never end", () => {
  it.each([
    ["Gmail", "Google - Get Emails", {}, (g: GoogleHarness) => g.gmail.provider, GMAIL_LIST],
    ["Google Calendar", "Google - Get Calendar Items", { max_items: 2500 }, (g: GoogleHarness) => g.calendar.provider, EVENTS],
    ["Google Keep", "Google - Get Keep Notes", { max_notes: 1000 }, (g: GoogleHarness) => g.keep.provider, NOTES],
    ["Google Analytics", "Google Analytics - Get Properties", {}, (g: GoogleHarness) => g.analytics.admin, "/v1beta/accountSummaries"],
    [
      "Google Analytics",
      "Google Analytics - Get Audiences",
      { property_id: "123456" },
      (g: GoogleHarness) => g.analytics.admin,
      "/v1alpha/properties/123456/audiences",
    ],
    ["Google Tag Manager", "GTM - Get Containers", {}, (g: GoogleHarness) => g.gtm.provider, "/tagmanager/v2/accounts"],
    ["Google Ads", "Google Ads - Get Campaigns", {}, (g: GoogleHarness) => g.ads.provider, SEARCH],
  ] as const)("%s: %s stops with PROVIDER_ERROR on a repeated token", async (provider, command, input, fake, path) => {
    const g = await harness();
    if (command === "Google - Get Keep Notes") seedNotes(g, 3);
    fake(g).hostile({ path, repeatPageToken: { field: "nextPageToken" } });
    const error = await failure(g.run(command, input));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", details: { provider } });
    expect(error?.message).toContain("same page token twice");
    expect(fake(g).requestsTo(path).length).toBeLessThanOrEqual(2);
  });

  it(`reads at most ${GMAIL_LIST_MAX_PAGES} pages of a message list and says there is more`, async () => {
    const g = await harness();
    for (let i = 0; i < GMAIL_LIST_MAX_PAGES + 3; i++) g.gmail.seed({ from: "a@example.test", to: "b@example.test", subject: `S${i}`, text: "t" });
    g.gmail.pageCap = 1;
    const result = await g.run("Google - Get Emails", { max_emails: 500 });
    expect(result.data).toMatchObject({ count: GMAIL_LIST_MAX_PAGES, hasMore: true });
    expect(g.gmail.provider.requestsTo(GMAIL_LIST, "GET")).toHaveLength(GMAIL_LIST_MAX_PAGES);
  });

  it(`reads at most ${ADS_SEARCH_MAX_PAGES} pages of GAQL results, passing the token in the body`, async () => {
    const g = await harness();
    let page = 0;
    g.ads.provider.route("POST /:version/customers/:cid/:action", () => {
      page++;
      return { json: { results: [{ campaign: { id: String(page), name: `C${page}`, status: "ENABLED" } }], nextPageToken: `t${page}` } };
    });
    const result = await g.run("Google Ads - Get Campaigns");
    expect(result.data).toMatchObject({ count: ADS_SEARCH_MAX_PAGES, hasMore: true });
    const bodies = g.ads.provider.requestsTo(SEARCH, "POST").map((r) => (r.body as { pageToken?: string }).pageToken);
    expect(bodies.slice(0, 3)).toEqual([undefined, "t1", "t2"]);
  });
});

describe("malformed items", () => {
  it("skips and counts malformed notes, and says so", async () => {
    const g = await harness();
    seedNotes(g, 2);
    g.keep.provider.hostile({ path: NOTES, malformedItems: "notes" });
    const result = await g.run("Google - Get Keep Notes");
    // null, "garbage", {} and a copy of a real note with every value of the wrong type.
    expect(result.data).toMatchObject({ count: 2, skipped: 4 });
    expect(result.markdown).toContain("4 malformed notes from Google left out.");
  });

  it.each([
    ["Google - Get Emails", {}, "gmail", GMAIL_LIST, "messages"],
    ["Google - Get Calendar Items", { start_date: "2026-11-20", end_date: "2026-12-20" }, "calendar", EVENTS, "items"],
    ["Google Analytics - Get Properties", {}, "analytics.admin", "/v1beta/accountSummaries", "accountSummaries"],
    ["Google Analytics - Get Reports", { property_id: "123456" }, "analytics.data", "/v1beta/properties/123456:runReport", "rows"],
    ["GTM - Get Containers", {}, "gtm", "/tagmanager/v2/accounts", "account"],
    ["Google Ads - Get Campaigns", {}, "ads", SEARCH, "results"],
    ["Google Ads - Get Performance", {}, "ads", SEARCH, "results"],
  ] as const)("%s skips and counts malformed items", async (command, input, which, path, field) => {
    const g = await harness();
    g.gmail.seed({ from: "a@example.test", to: "b@example.test", subject: "Real", text: "t" });
    g.calendar.add({ summary: "Real", start: { dateTime: "2026-11-25T10:00:00+01:00" }, end: { dateTime: "2026-11-25T11:00:00+01:00" } });
    const fake = which === "analytics.admin" ? g.analytics.admin : which === "analytics.data" ? g.analytics.data : g[which].provider;
    fake.hostile({ path, malformedItems: field });
    const result = await g.run(command, input);
    expect((result.data as { skipped: number }).skipped).toBeGreaterThanOrEqual(3);
    expect(result.markdown).toMatch(/malformed .* from Google left out/);
  });

  it("a message whose headers and parts are malformed still reads", async () => {
    const g = await harness();
    const id = g.gmail.seed({ from: "Ana <ana@example.test>", to: "b@example.test", subject: "Real", text: "hello" });
    g.gmail.provider.hostile({ path: `${GMAIL_LIST}/${id}`, malformedItems: "payload.headers" });
    const result = await g.run("Google - Get Emails");
    expect(result.data).toMatchObject({ count: 1, emails: [{ id, from: "Ana <ana@example.test>", subject: "Real" }] });
  });

  it.each([
    ["a note that is not a note", "POST /v1/notes", "Google - Create Keep Note", { title: "t", content: "c" }],
    [
      "an event that is not an event",
      "POST /calendar/v3/calendars/:calendarId/events",
      "Google - Add Calendar Item",
      { subject: "s", start_time: "2026-11-26T10:00", end_time: "2026-11-26T11:00", check_availability: false },
    ],
    ["a message that is not a message", "GET /gmail/v1/users/:userId/messages/:id", "Google - Process Attachments", { message_id: "abc" }],
  ])("%s is a PROVIDER_ERROR", async (_case, route, command, input) => {
    const g = await harness();
    const which = route.includes("/v1/notes") ? g.keep : route.includes("calendar") ? g.calendar : g.gmail;
    which.provider.route(route, () => ({ json: { name: 7, id: ["x"], payload: "garbage" } }));
    await expect(g.run(command, input)).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });

  it("an attachment whose data is not base64url is a PROVIDER_ERROR", async () => {
    const g = await harness();
    const id = g.gmail.seed({
      from: "a@example.test",
      to: "b@example.test",
      subject: "With file",
      text: "t",
      attachments: [{ filename: "a.bin", mimeType: "application/octet-stream", content: Buffer.alloc(64, 1) }],
    });
    g.gmail.provider.route("GET /gmail/v1/users/:userId/messages/:messageId/attachments/:id", () => ({ json: { data: 42, size: 64 } }));
    await expect(g.run("Google - Process Attachments", { message_id: id })).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });

  it("an answer that is not JSON is a PROVIDER_ERROR", async () => {
    const g = await harness();
    g.keep.provider.route("GET /v1/notes", () => ({ text: "<html>oops</html>" }));
    await expect(g.run("Google - Get Keep Notes")).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });
});

describe("echoed secrets", () => {
  it("an API that echoes the access token gets it into neither results nor errors", async () => {
    const g = await harness();
    seedNotes(g, 1);
    g.gmail.seed({ from: "a@example.test", to: "b@example.test", subject: "Real", text: "t" });
    // Display fields, not ids: an id with a token appended no longer reads as an id and is left out.
    const fields = ["title", "displayName", "summary", "value", "message", "snippet", "publicId"];
    for (const fake of g.providers()) fake.hostile({ echoSecrets: { fields } });
    const results = [
      await g.run("Google - Get Keep Notes"),
      await g.run("Google - Get Emails"),
      await g.run("Google Analytics - Get Properties"),
      await g.run("Google Analytics - Get Reports", { property_id: "123456" }),
      await g.run("GTM - Get Containers"),
      await g.run("Google Ads - Get Accounts"),
      await g.run("Google - Create Keep Note", { title: "t", content: "c" }),
    ];
    const token = g.keep.provider.requests.at(-1)!.token!;
    expect(token).toBeTruthy();
    for (const result of results) expect(JSON.stringify(result)).not.toContain(token);
    const error = await failure(g.run("Google Analytics - Get Reports", { property_id: "999" }));
    expect(error).toMatchObject({ code: "UNAUTHORIZED" });
    expect(`${error?.message} ${JSON.stringify(error?.details)}`).not.toContain(token);
  });
});

describe("slow, huge and dropped answers", () => {
  it("an API slower than the timeout: a read fails with PROVIDER_ERROR after a bounded number of tries", async () => {
    const g = await harness({ GOOGLE_HTTP_TIMEOUT_MS: "100" });
    g.keep.provider.hostile({ path: NOTES, delayMs: 400 });
    const error = await failure(g.run("Google - Get Keep Notes"));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR" });
    expect(g.keep.provider.requestsTo(NOTES).length).toBeLessThanOrEqual(4);
  });

  it("a slow answer within the timeout still works", async () => {
    const g = await harness({ GOOGLE_HTTP_TIMEOUT_MS: "2000" });
    seedNotes(g, 1);
    g.keep.provider.hostile({ delayMs: 50 });
    await expect(g.run("Google - Get Keep Notes")).resolves.toMatchObject({ data: { count: 1 } });
  });

  it("a huge answer is read and only what the command needs is returned", async () => {
    const g = await harness();
    seedNotes(g, 1);
    g.keep.provider.hostile({ hugeBodyBytes: 5_000_000 });
    const result = await g.run("Google - Get Keep Notes");
    expect(result.data).toMatchObject({ count: 1 });
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
  });

  it("a dropped connection is a PROVIDER_ERROR; a read is retried a bounded number of times, a write never", async () => {
    const g = await harness();
    g.keep.provider.hostile({ path: NOTES, dropConnection: true });
    await expect(g.run("Google - Get Keep Notes")).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(g.keep.provider.requestsTo(NOTES, "GET").length).toBeLessThanOrEqual(4);
    await expect(g.run("Google - Create Keep Note", { title: "t", content: "c" })).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(g.keep.provider.requestsTo(NOTES, "POST")).toHaveLength(1);
    expect(g.keep.notes.size).toBe(0);
  });
});
