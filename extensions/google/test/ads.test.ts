import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_ID, DEVELOPER_TOKEN } from "./fakes/ads.js";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness({ GOOGLE_ADS_LOGIN_CUSTOMER_ID: "111-222-3333" });
  await h.connect();
});
afterAll(() => h.close());

const base = `/v26/customers/${CUSTOMER_ID}`;
const lastTo = (path: string) => h.ads.provider.requestsTo(path, "POST").at(-1)!;

describe("Google Ads", () => {
  it("lists accessible accounts with the developer token and login-customer-id headers", async () => {
    const result = await h.run("Google Ads - Get Accounts");
    expect(result.data).toEqual({
      count: 2,
      skipped: 0,
      accounts: [
        { resourceName: `customers/${CUSTOMER_ID}`, customerId: CUSTOMER_ID },
        { resourceName: "customers/9876543210", customerId: "9876543210" },
      ],
    });
    const request = h.ads.provider.requestsTo("/v26/customers:listAccessibleCustomers", "GET")[0]!;
    expect(request.headers["developer-token"]).toBe(DEVELOPER_TOKEN);
    expect(request.headers["login-customer-id"]).toBe("1112223333");
  });

  it("creates a campaign and its budget in one atomic mutate", async () => {
    const result = await h.run("Google Ads - Create Campaign", { name: "Winter sale", budget_amount: 25.5 });
    const data = result.data as { campaignId: string; budget: string; status: string };
    expect(data.status).toBe("PAUSED");
    const body = lastTo(`${base}/googleAds:mutate`).body as { mutateOperations: Array<Record<string, { create: Record<string, unknown> }>> };
    expect(body.mutateOperations[0]!.campaignBudgetOperation!.create).toMatchObject({
      amountMicros: "25500000",
      resourceName: `customers/${CUSTOMER_ID}/campaignBudgets/-1`,
    });
    expect(body.mutateOperations[1]!.campaignOperation!.create).toMatchObject({
      name: "Winter sale",
      status: "PAUSED",
      advertisingChannelType: "SEARCH",
      campaignBudget: `customers/${CUSTOMER_ID}/campaignBudgets/-1`,
    });
    expect(h.ads.campaigns.get(data.campaignId)).toMatchObject({ name: "Winter sale" });
  });

  it("lists campaigns with a GAQL search", async () => {
    const result = await h.run("Google Ads - Get Campaigns", { customer_id: "123-456-7890" });
    const campaigns = (result.data as { campaigns: Array<{ id: string; name: string; dailyBudgetMicros: number | null }> }).campaigns;
    expect(campaigns[0]).toEqual({ id: "111", name: "Brand", status: "ENABLED", channel: "SEARCH", dailyBudgetMicros: 25_000_000 });
    expect(h.ads.queries.at(-1)).toMatch(/^SELECT campaign\.id, .* FROM campaign WHERE campaign\.status != 'REMOVED'/);
  });

  it("updates only the fields given, with an update mask", async () => {
    await h.run("Google Ads - Update Campaign", { campaign_id: "111", status: "PAUSED" });
    expect(lastTo(`${base}/campaigns:mutate`).body).toEqual({
      operations: [{ update: { resourceName: `customers/${CUSTOMER_ID}/campaigns/111`, status: "PAUSED" }, updateMask: "status" }],
    });
    expect(h.ads.campaigns.get("111")!.status).toBe("PAUSED");
    const nothing = await failure(h.run("Google Ads - Update Campaign", { campaign_id: "111" }));
    expect(nothing.code).toBe("INVALID_INPUT");
  });

  it("creates and lists ad groups", async () => {
    const created = await h.run("Google Ads - Create Ad Group", { campaign_id: "111", name: "Boots", cpc_bid_micros: 2_000_000 });
    expect(lastTo(`${base}/adGroups:mutate`).body).toEqual({
      operations: [
        { create: { name: "Boots", campaign: `customers/${CUSTOMER_ID}/campaigns/111`, status: "ENABLED", type: "SEARCH_STANDARD", cpcBidMicros: "2000000" } },
      ],
    });
    const id = (created.data as { adGroupId: string }).adGroupId;
    const listed = await h.run("Google Ads - Get Ad Groups", { campaign_id: 111 });
    expect((listed.data as { adGroups: Array<{ id: string }> }).adGroups.map((g) => g.id)).toEqual(["222", id]);
    expect(h.ads.queries.at(-1)).toContain("WHERE campaign.id = 111");
  });

  it("creates a responsive search ad and validates its text limits first", async () => {
    const count = h.ads.provider.requests.length;
    const long = await failure(
      h.run("Google Ads - Create Ad", {
        ad_group_id: "222",
        headlines: ["A", "B", "This headline is far too long for Google Ads"],
        descriptions: ["d1", "d2"],
        final_urls: ["https://shop.example.test"],
      }),
    );
    expect(long.code).toBe("INVALID_INPUT");
    expect(long.details?.fields).toContain("headlines.2");
    const few = await failure(
      h.run("Google Ads - Create Ad", { ad_group_id: "222", headlines: ["A", "B"], descriptions: ["d1", "d2"], final_urls: ["https://shop.example.test"] }),
    );
    expect(few.details?.fields).toContain("headlines");
    expect(h.ads.provider.requests.length).toBe(count);

    const result = await h.run("Google Ads - Create Ad", {
      ad_group_id: "222",
      headlines: ["Warm boots", "Free returns", "Order today"],
      descriptions: ["Winter boots on sale.", "Ships in 24 hours."],
      final_urls: ["https://shop.example.test/boots"],
    });
    expect((result.data as { adGroupAd: string }).adGroupAd).toMatch(/adGroupAds\/222~/);
    expect(h.ads.ads.at(-1)).toMatchObject({
      adGroup: `customers/${CUSTOMER_ID}/adGroups/222`,
      ad: { responsiveSearchAd: { headlines: [{ text: "Warm boots" }, { text: "Free returns" }, { text: "Order today" }] } },
    });
  });

  it("reports performance over a date range", async () => {
    const result = await h.run("Google Ads - Get Performance", { date_range: "LAST_30_DAYS" });
    const data = result.data as { totals: Record<string, number>; campaigns: Array<Record<string, unknown>> };
    expect(h.ads.queries.at(-1)).toContain("WHERE segments.date DURING LAST_30_DAYS");
    expect(data.campaigns[0]).toMatchObject({
      id: "111",
      impressions: 1000,
      clicks: 50,
      costMicros: 12_340_000,
      conversions: 3,
      ctr: 0.05,
      averageCpcMicros: 246800,
    });
    expect(data.totals.impressions).toBe(data.campaigns.reduce((sum, c) => sum + (c.impressions as number), 0));
    const bad = await failure(h.run("Google Ads - Get Performance", { date_range: "LAST_7_DAYS; DROP" }));
    expect(bad.details?.fields).toContain("date_range");
  });

  it("adds and removes keywords", async () => {
    const added = await h.run("Google Ads - Manage Keywords", {
      ad_group_id: "222",
      keywords: [{ text: "winter boots", match_type: "PHRASE" }, { text: "boots" }],
    });
    expect(lastTo(`${base}/adGroupCriteria:mutate`).body).toEqual({
      operations: [
        { create: { adGroup: `customers/${CUSTOMER_ID}/adGroups/222`, status: "ENABLED", keyword: { text: "winter boots", matchType: "PHRASE" } } },
        { create: { adGroup: `customers/${CUSTOMER_ID}/adGroups/222`, status: "ENABLED", keyword: { text: "boots", matchType: "BROAD" } } },
      ],
    });
    expect(added.data).toMatchObject({ action: "ADD", count: 2 });
    const removed = await h.run("Google Ads - Manage Keywords", { ad_group_id: "222", action: "REMOVE", keywords: [{ criterion_id: "333" }] });
    expect(removed.data).toMatchObject({ action: "REMOVE", count: 1 });
    expect(h.ads.criteria.has("222~333")).toBe(false);
    const missing = await failure(h.run("Google Ads - Manage Keywords", { ad_group_id: "222", action: "REMOVE", keywords: [{ text: "boots" }] }));
    expect(missing.details?.fields).toContain("keywords.0.criterion_id");
  });

  it("creates a Customer Match audience and uploads normalised, hashed members with their consent", async () => {
    const result = await h.run("Google Ads - Create Audience", {
      name: "Newsletter",
      description: "Subscribers",
      members: [{ email: " Jane.Doe@GMail.com " }, { phone: "+14155550123" }],
      consent: { ad_user_data: "GRANTED", ad_personalization: "DENIED" },
    });
    expect(result.data).toMatchObject({
      membersSubmitted: 2,
      membersAccepted: 2,
      membersRejected: 0,
      rejected: [],
      consent: { adUserData: "GRANTED", adPersonalization: "DENIED" },
    });
    expect(h.ads.userLists.at(-1)).toMatchObject({ name: "Newsletter", membershipLifeSpan: "540", crmBasedUserList: { uploadKeyType: "CONTACT_INFO" } });
    const job = [...h.ads.jobs.values()].at(-1)!;
    expect(job.ran).toBe(true);
    expect(job.job).toMatchObject({ customerMatchUserListMetadata: { consent: { adUserData: "GRANTED", adPersonalization: "DENIED" } } });
    const sha = (v: string) => createHash("sha256").update(v).digest("hex");
    expect(job.operations).toEqual([
      { create: { userIdentifiers: [{ hashedEmail: sha("janedoe@gmail.com") }] } },
      { create: { userIdentifiers: [{ hashedPhoneNumber: sha("+14155550123") }] } },
    ]);
    expect(JSON.stringify(h.ads.provider.requests.map((r) => r.rawBody))).not.toContain("Jane");
    expect(result.markdown).not.toContain("No consent was given");
  });

  it("reports the members Google Ads rejected, with its reason for each, and counts only the accepted ones", async () => {
    const sha = (v: string) => createHash("sha256").update(v).digest("hex");
    h.ads.refusedIdentifiers.set(sha("bob@example.com"), "INVALID_SHA256_FORMAT");
    h.ads.refusedIdentifiers.set(sha("+14155550999"), "INVALID_SHA256_FORMAT");
    const result = await h.run("Google Ads - Create Audience", {
      name: "Partial",
      members: [{ email: "bob@example.com" }, { email: "ana@example.com" }, { phone: "+14155550999" }],
    });
    const data = result.data as {
      membersAccepted: number;
      membersRejected: number;
      rejected: Array<{ member: number; reason: string; message: string }>;
      consent: unknown;
    };
    expect(data).toMatchObject({ membersSubmitted: 3, membersAccepted: 1, membersRejected: 2, consent: null });
    expect(data.rejected.map((r) => [r.member, r.reason])).toEqual([
      [0, "INVALID_SHA256_FORMAT"],
      [2, "INVALID_SHA256_FORMAT"],
    ]);
    expect(lastTo(`${base}/offlineUserDataJobs:create`).body).toEqual({
      job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList: expect.stringMatching(/userLists\//) } },
    });
    expect([...h.ads.jobs.values()].at(-1)!.operations).toEqual([{ create: { userIdentifiers: [{ hashedEmail: sha("ana@example.com") }] } }]);
    expect(result.markdown).toContain("1 of 3 member(s) accepted");
    expect(result.markdown).toContain("member 3: INVALID_SHA256_FORMAT");
    expect(result.markdown).toContain("No consent was given");
  });

  it("refuses a consent value Google does not take before any request", async () => {
    const count = h.ads.provider.requests.length;
    const error = await failure(
      h.run("Google Ads - Create Audience", {
        name: "X",
        members: [{ email: "a@example.com" }],
        consent: { ad_user_data: "YES", ad_personalization: "GRANTED" },
      }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details?.fields).toContain("consent.ad_user_data");
    expect(h.ads.provider.requests.length).toBe(count);
  });

  it("surfaces Google Ads failure details", async () => {
    const error = await failure(h.run("Google Ads - Create Ad Group", { campaign_id: "404404", name: "Lost" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("campaign not found");
  });
});

describe("Google Ads settings", () => {
  it("needs the developer token and customer id, while other products keep working", async () => {
    const bare = await startGoogleHarness({ GOOGLE_ADS_DEVELOPER_TOKEN: undefined, GOOGLE_ADS_CUSTOMER_ID: undefined });
    try {
      await bare.connect();
      const accounts = await failure(bare.run("Google Ads - Get Accounts"));
      expect(accounts.code).toBe("NOT_CONFIGURED");
      expect(accounts.message).toContain("GOOGLE_ADS_DEVELOPER_TOKEN");
      const campaigns = await failure(bare.run("Google Ads - Get Campaigns"));
      expect(campaigns.message).toContain("GOOGLE_ADS_CUSTOMER_ID");
      expect(bare.ads.provider.requests).toHaveLength(0);
      await expect(bare.run("Google - Get Keep Notes")).resolves.toMatchObject({ data: { count: 0 } });
    } finally {
      await bare.close();
    }
  });
});
