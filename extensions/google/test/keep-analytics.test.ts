import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect();
});
afterAll(() => h.close());

describe("Google Keep", () => {
  it("creates, lists and deletes notes", async () => {
    const created = await h.run("Google - Create Keep Note", { title: "Groceries", content: "Milk, eggs" });
    const note = (created.data as { note: { id: string } }).note;
    expect(note.id).toMatch(/^notes\//);
    expect(h.keep.provider.requestsTo("/v1/notes", "POST")[0]!.body).toEqual({ title: "Groceries", body: { text: { text: "Milk, eggs" } } });

    const listed = await h.run("Google - Get Keep Notes");
    expect((listed.data as { notes: Array<{ title: string; text: string }> }).notes).toEqual([
      expect.objectContaining({ id: note.id, title: "Groceries", text: "Milk, eggs", trashed: false }),
    ]);
    expect(h.keep.provider.requestsTo("/v1/notes", "GET")[0]!.query.get("filter")).toBe("trashed = false");

    const deleted = await h.run("Google - Delete Keep Note", { note_id: note.id.replace("notes/", "") });
    expect(deleted.data).toEqual({ deleted: true, id: note.id });
    expect(h.keep.notes.size).toBe(0);
    expect((await failure(h.run("Google - Delete Keep Note", { note_id: note.id }))).code).toBe("NOT_FOUND");
  });

  it("returns trashed notes only with include_trashed, which sends a filter matching both (no filter means untrashed)", async () => {
    const now = new Date().toISOString();
    h.keep.notes.set("notes/live1", { name: "notes/live1", title: "Live", body: { text: { text: "here" } }, trashed: false, createTime: now, updateTime: now });
    h.keep.notes.set("notes/bin1", { name: "notes/bin1", title: "Binned", body: { text: { text: "gone" } }, trashed: true, createTime: now, updateTime: now });
    try {
      const titles = async (input: Record<string, unknown>) =>
        ((await h.run("Google - Get Keep Notes", input)).data as { notes: Array<{ title: string; trashed: boolean }> }).notes
          .map((n) => `${n.title}:${n.trashed}`)
          .sort();
      expect(await titles({})).toEqual(["Live:false"]);
      expect(await titles({ include_trashed: true })).toEqual(["Binned:true", "Live:false"]);
      expect(h.keep.provider.requestsTo("/v1/notes", "GET").at(-1)!.query.get("filter")).toBe("trashed = true OR trashed = false");
    } finally {
      h.keep.notes.delete("notes/live1");
      h.keep.notes.delete("notes/bin1");
    }
  });

  it("takes titles under 1,000 and texts under 20,000 characters, as Keep does", async () => {
    const count = h.keep.provider.requests.length;
    expect((await failure(h.run("Google - Create Keep Note", { title: "t".repeat(1000), content: "x" }))).details?.fields).toContain("title");
    expect((await failure(h.run("Google - Create Keep Note", { title: "t", content: "x".repeat(20_000) }))).details?.fields).toContain("content");
    expect(h.keep.provider.requests.length).toBe(count);
    const longest = await h.run("Google - Create Keep Note", { title: "t".repeat(999), content: "x".repeat(19_999) });
    const id = (longest.data as { note: { id: string } }).note.id;
    expect(h.keep.notes.get(id)?.title).toHaveLength(999);
    await h.run("Google - Delete Keep Note", { note_id: id });
  });

  it("validates note ids and content before any request", async () => {
    const count = h.keep.provider.requests.length;
    expect((await failure(h.run("Google - Delete Keep Note", { note_id: "../etc" }))).details?.fields).toContain("note_id");
    expect((await failure(h.run("Google - Create Keep Note", { title: "x", content: "" }))).details?.fields).toContain("content");
    expect(h.keep.provider.requests.length).toBe(count);
  });
});

describe("Google Analytics", () => {
  it("lists properties across account summary pages", async () => {
    const result = await h.run("Google Analytics - Get Properties");
    expect(result.data).toMatchObject({
      count: 2,
      properties: [
        { property: "properties/123456", displayName: "Shop web", accountName: "Shop" },
        { property: "properties/777", displayName: "Blog", accountName: "Blog" },
      ],
    });
    expect(h.analytics.admin.requestsTo("/v1beta/accountSummaries")).toHaveLength(2);
  });

  it("runs a report with defaults and shapes rows by header name", async () => {
    const result = await h.run("Google Analytics - Get Reports", { property_id: "123456" });
    const request = h.analytics.data.requestsTo("/v1beta/properties/123456:runReport", "POST").at(-1)!;
    expect(request.body).toEqual({
      dateRanges: [{ startDate: "7daysAgo", endDate: "today" }],
      metrics: ["activeUsers", "sessions", "bounceRate", "averageSessionDuration", "screenPageViews"].map((name) => ({ name })),
      dimensions: ["date", "country", "deviceCategory"].map((name) => ({ name })),
      limit: "1000",
    });
    const data = result.data as { rowCount: number; rows: Array<Record<string, unknown>> };
    expect(data.rowCount).toBe(2);
    expect(data.rows[0]).toEqual({
      date: "20261120",
      country: "country-0",
      deviceCategory: "deviceCategory-0",
      activeUsers: 10,
      sessions: 11,
      bounceRate: 12,
      averageSessionDuration: 13,
      screenPageViews: 14,
    });
  });

  it("reports the Data API's rejection of an unknown metric", async () => {
    const error = await failure(
      h.run("Google Analytics - Get Reports", {
        property_id: "properties/123456",
        metrics: ["madeUpMetric"],
        start_date: "2026-11-01",
        end_date: "2026-11-23",
      }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("madeUpMetric is not a valid metric");
  });

  it("validates property ids and dates before any request", async () => {
    const count = h.analytics.data.requests.length;
    expect((await failure(h.run("Google Analytics - Get Reports", { property_id: "UA-1234" }))).details?.fields).toContain("property_id");
    expect((await failure(h.run("Google Analytics - Get Reports", { property_id: "1", start_date: "last week" }))).details?.fields).toContain("start_date");
    expect(h.analytics.data.requests.length).toBe(count);
  });

  it("reads realtime data with runRealtimeReport", async () => {
    const result = await h.run("Google Analytics - Get Real Time Data", { property_id: "properties/777" });
    const request = h.analytics.data.requestsTo("/v1beta/properties/777:runRealtimeReport", "POST").at(-1)!;
    expect(request.body).toEqual({
      metrics: [{ name: "activeUsers" }, { name: "screenPageViews" }, { name: "eventCount" }],
      dimensions: [{ name: "country" }, { name: "deviceCategory" }, { name: "unifiedScreenName" }],
    });
    expect((result.data as { rows: unknown[] }).rows).toHaveLength(2);
  });

  it("lists audiences from the Admin API", async () => {
    const result = await h.run("Google Analytics - Get Audiences", { property_id: 123456 });
    expect(result.data).toMatchObject({ property: "properties/123456", audiences: [{ displayName: "All Users", membershipDurationDays: 540 }] });
  });

  it("creates a custom dimension with a derived parameter name; a duplicate is a CONFLICT", async () => {
    const result = await h.run("Google Analytics - Create Custom Dimension", {
      property_id: "123456",
      display_name: "Plan Tier",
      description: "Subscription tier",
    });
    expect(result.data).toMatchObject({ created: true, customDimension: { parameterName: "plan_tier", scope: "EVENT" } });
    const again = await failure(h.run("Google Analytics - Create Custom Dimension", { property_id: "123456", display_name: "Plan Tier" }));
    expect(again.code).toBe("CONFLICT");
    const tooLong = await failure(h.run("Google Analytics - Create Custom Dimension", { property_id: "123456", display_name: "A".repeat(30), scope: "USER" }));
    expect(tooLong.details?.fields).toContain("parameter_name");
    expect(h.analytics.customDimensions).toHaveLength(1);
  });

  it("answers for a property the user cannot see", async () => {
    const error = await failure(h.run("Google Analytics - Get Audiences", { property_id: "999" }));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toContain("sufficient permissions");
    expect(error.message).toContain("Reconnecting will not help");
  });
});
