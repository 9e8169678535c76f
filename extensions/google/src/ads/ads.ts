import { createHash } from "node:crypto";
import { CommandError, type CommandResult, type z } from "@agx-ext/core";
import type { GoogleCall, GoogleClient } from "../shared/google-client.js";
import { table } from "../shared/markdown.js";
import { SCOPES } from "../shared/products.js";
import type * as inputs from "./inputs.js";

export interface AdsSettings {
  baseUrl: string;
  version: string;
  developerToken?: string;
  /** Customer ids in the API's digits-only form. */
  customerId?: string;
  loginCustomerId?: string;
}

type Row = Record<string, Record<string, unknown> | undefined>;

/** Google Ads REST (googleads.googleapis.com/vNN): GAQL searches and typed mutates. */
export class Ads {
  private readonly base: string;

  constructor(
    private readonly client: GoogleClient,
    private readonly settings: AdsSettings,
  ) {
    this.base = `${settings.baseUrl.replace(/\/$/, "")}/${settings.version}`;
  }

  private call(extra: Partial<GoogleCall> = {}): GoogleCall {
    const headers: Record<string, string> = { "developer-token": this.settings.developerToken ?? "" };
    if (this.settings.loginCustomerId) headers["login-customer-id"] = this.settings.loginCustomerId;
    return { product: "ads", scope: SCOPES.ads, headers, ...extra };
  }

  private customer(input: { customer_id?: string | undefined }): string {
    const id = input.customer_id ?? this.settings.customerId;
    if (!id) throw new CommandError("NOT_CONFIGURED", "No Google Ads customer id: set GOOGLE_ADS_CUSTOMER_ID or pass customer_id.");
    return id;
  }

  private async search(customerId: string, query: string): Promise<Row[]> {
    const rows: Row[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.client.call<{ results?: Row[]; nextPageToken?: string }>(
        `${this.base}/customers/${customerId}/googleAds:search`,
        this.call({ method: "POST", json: { query, ...(pageToken ? { pageToken } : {}) }, what: `customer ${customerId}` }),
      );
      rows.push(...(page.results ?? []));
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return rows;
  }

  private mutate(customerId: string, service: string, operations: unknown[]) {
    return this.client.call<{ results?: Array<{ resourceName?: string }> }>(
      `${this.base}/customers/${customerId}/${service}:mutate`,
      this.call({ method: "POST", json: { operations }, what: `customer ${customerId}` }),
    );
  }

  async getAccounts(): Promise<CommandResult> {
    const answer = await this.client.call<{ resourceNames?: string[] }>(`${this.base}/customers:listAccessibleCustomers`, this.call());
    const accounts = (answer.resourceNames ?? []).map((name) => ({ resourceName: name, customerId: name.split("/")[1] ?? name }));
    return {
      data: { count: accounts.length, accounts },
      markdown: accounts.length ? `${accounts.length} Google Ads account(s): ${accounts.map((a) => a.customerId).join(", ")}` : "No accessible Google Ads accounts.",
    };
  }

  async createCampaign(input: z.output<typeof inputs.createCampaignInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const budgetName = `customers/${customerId}/campaignBudgets/-1`;
    // One atomic mutate: the budget (temporary id -1) and the campaign that uses it.
    const answer = await this.client.call<{ mutateOperationResponses?: Array<Record<string, { resourceName?: string }>> }>(
      `${this.base}/customers/${customerId}/googleAds:mutate`,
      this.call({
        method: "POST",
        what: `customer ${customerId}`,
        json: {
          mutateOperations: [
            {
              campaignBudgetOperation: {
                create: {
                  resourceName: budgetName,
                  name: `${input.name} budget`,
                  amountMicros: String(Math.round(input.budget_amount * 1_000_000)),
                  deliveryMethod: "STANDARD",
                  explicitlyShared: false,
                },
              },
            },
            {
              campaignOperation: {
                create: {
                  name: input.name,
                  status: input.status,
                  advertisingChannelType: input.advertising_channel_type,
                  campaignBudget: budgetName,
                  manualCpc: {},
                  containsEuPoliticalAdvertising: "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING",
                  ...(input.advertising_channel_type === "SEARCH"
                    ? { networkSettings: { targetGoogleSearch: true, targetSearchNetwork: true, targetContentNetwork: false } }
                    : {}),
                },
              },
            },
          ],
        },
      }),
    );
    const responses = answer.mutateOperationResponses ?? [];
    const budget = responses[0]?.campaignBudgetResult?.resourceName ?? null;
    const campaign = responses[1]?.campaignResult?.resourceName ?? null;
    return {
      data: { customerId, campaign, campaignId: campaign?.split("/").pop() ?? null, budget, status: input.status },
      markdown: `Campaign "${input.name}" created (${campaign}) with a daily budget of ${input.budget_amount}, status ${input.status}.`,
    };
  }

  async getCampaigns(input: z.output<typeof inputs.campaignsInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const rows = await this.search(
      customerId,
      "SELECT campaign.id, campaign.name, campaign.status, campaign.advertising_channel_type, campaign_budget.amount_micros FROM campaign WHERE campaign.status != 'REMOVED' ORDER BY campaign.id",
    );
    const campaigns = rows.map((r) => ({
      id: String(r.campaign?.id ?? ""),
      name: r.campaign?.name as string | undefined,
      status: r.campaign?.status as string | undefined,
      channel: r.campaign?.advertisingChannelType as string | undefined,
      dailyBudgetMicros: r.campaignBudget?.amountMicros !== undefined ? Number(r.campaignBudget.amountMicros) : null,
    }));
    return {
      data: { customerId, count: campaigns.length, campaigns },
      markdown: campaigns.length
        ? table(["Id", "Name", "Status", "Channel", "Daily budget"], campaigns.map((c) => [c.id, c.name, c.status, c.channel, micros(c.dailyBudgetMicros)]))
        : `No campaigns in ${customerId}.`,
    };
  }

  async updateCampaign(input: z.output<typeof inputs.updateCampaignInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const resourceName = `customers/${customerId}/campaigns/${input.campaign_id}`;
    const update: Record<string, unknown> = { resourceName };
    if (input.name !== undefined) update.name = input.name;
    if (input.status !== undefined) update.status = input.status;
    const mask = Object.keys(update).filter((k) => k !== "resourceName");
    const answer = await this.mutate(customerId, "campaigns", [{ update, updateMask: mask.join(",") }]);
    return {
      data: { customerId, campaign: answer.results?.[0]?.resourceName ?? resourceName, updated: mask },
      markdown: `Campaign ${input.campaign_id} updated (${mask.join(", ")}).`,
    };
  }

  async createAdGroup(input: z.output<typeof inputs.createAdGroupInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const answer = await this.mutate(customerId, "adGroups", [
      {
        create: {
          name: input.name,
          campaign: `customers/${customerId}/campaigns/${input.campaign_id}`,
          status: input.status,
          type: "SEARCH_STANDARD",
          cpcBidMicros: String(input.cpc_bid_micros),
        },
      },
    ]);
    const adGroup = answer.results?.[0]?.resourceName ?? null;
    return {
      data: { customerId, adGroup, adGroupId: adGroup?.split("/").pop() ?? null },
      markdown: `Ad group "${input.name}" created in campaign ${input.campaign_id} (${adGroup}).`,
    };
  }

  async getAdGroups(input: z.output<typeof inputs.adGroupsInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const rows = await this.search(
      customerId,
      `SELECT ad_group.id, ad_group.name, ad_group.status, ad_group.type, ad_group.cpc_bid_micros FROM ad_group WHERE campaign.id = ${input.campaign_id} AND ad_group.status != 'REMOVED'`,
    );
    const adGroups = rows.map((r) => ({
      id: String(r.adGroup?.id ?? ""),
      name: r.adGroup?.name as string | undefined,
      status: r.adGroup?.status as string | undefined,
      type: r.adGroup?.type as string | undefined,
      cpcBidMicros: r.adGroup?.cpcBidMicros !== undefined ? Number(r.adGroup.cpcBidMicros) : null,
    }));
    return {
      data: { customerId, campaignId: input.campaign_id, count: adGroups.length, adGroups },
      markdown: adGroups.length
        ? table(["Id", "Name", "Status", "Max CPC"], adGroups.map((g) => [g.id, g.name, g.status, micros(g.cpcBidMicros)]))
        : `No ad groups in campaign ${input.campaign_id}.`,
    };
  }

  async createAd(input: z.output<typeof inputs.createAdInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const answer = await this.mutate(customerId, "adGroupAds", [
      {
        create: {
          adGroup: `customers/${customerId}/adGroups/${input.ad_group_id}`,
          status: input.status,
          ad: {
            finalUrls: input.final_urls,
            responsiveSearchAd: {
              headlines: input.headlines.map((text) => ({ text })),
              descriptions: input.descriptions.map((text) => ({ text })),
            },
          },
        },
      },
    ]);
    const ad = answer.results?.[0]?.resourceName ?? null;
    return { data: { customerId, adGroupAd: ad, status: input.status }, markdown: `Responsive search ad created in ad group ${input.ad_group_id} (${ad}).` };
  }

  async getPerformance(input: z.output<typeof inputs.performanceInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const rows = await this.search(
      customerId,
      `SELECT campaign.id, campaign.name, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions, metrics.ctr, metrics.average_cpc FROM campaign WHERE segments.date DURING ${input.date_range}`,
    );
    const num = (value: unknown) => (value === undefined || value === null ? 0 : Number(value));
    const campaigns = rows.map((r) => ({
      id: String(r.campaign?.id ?? ""),
      name: r.campaign?.name as string | undefined,
      impressions: num(r.metrics?.impressions),
      clicks: num(r.metrics?.clicks),
      costMicros: num(r.metrics?.costMicros),
      conversions: num(r.metrics?.conversions),
      ctr: num(r.metrics?.ctr),
      averageCpcMicros: num(r.metrics?.averageCpc),
    }));
    const totals = campaigns.reduce(
      (t, c) => ({ impressions: t.impressions + c.impressions, clicks: t.clicks + c.clicks, costMicros: t.costMicros + c.costMicros, conversions: t.conversions + c.conversions }),
      { impressions: 0, clicks: 0, costMicros: 0, conversions: 0 },
    );
    return {
      data: { customerId, dateRange: input.date_range, totals, campaigns },
      markdown: `${input.date_range}: ${totals.impressions} impressions, ${totals.clicks} clicks, cost ${micros(totals.costMicros)}, ${totals.conversions} conversions.\n\n${table(
        ["Campaign", "Impr.", "Clicks", "CTR", "Cost", "Conv."],
        campaigns.map((c) => [c.name, c.impressions, c.clicks, `${(c.ctr * 100).toFixed(2)}%`, micros(c.costMicros), c.conversions]),
      )}`,
    };
  }

  async manageKeywords(input: z.output<typeof inputs.keywordsInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const adGroup = `customers/${customerId}/adGroups/${input.ad_group_id}`;
    const operations =
      input.action === "ADD"
        ? input.keywords.map((k) => ({ create: { adGroup, status: "ENABLED", keyword: { text: k.text, matchType: k.match_type } } }))
        : input.keywords.map((k) => ({ remove: `customers/${customerId}/adGroupCriteria/${input.ad_group_id}~${k.criterion_id}` }));
    const answer = await this.mutate(customerId, "adGroupCriteria", operations);
    const criteria = (answer.results ?? []).map((r) => r.resourceName);
    return {
      data: { customerId, adGroupId: input.ad_group_id, action: input.action, count: criteria.length, criteria },
      markdown: `${input.action === "ADD" ? "Added" : "Removed"} ${criteria.length} keyword(s) ${input.action === "ADD" ? "to" : "from"} ad group ${input.ad_group_id}.`,
    };
  }

  async createAudience(input: z.output<typeof inputs.audienceInput>): Promise<CommandResult> {
    const customerId = this.customer(input);
    const created = await this.mutate(customerId, "userLists", [
      {
        create: {
          name: input.name,
          description: input.description,
          membershipLifeSpan: String(input.membership_life_span_days),
          crmBasedUserList: { uploadKeyType: "CONTACT_INFO", dataSourceType: "FIRST_PARTY" },
        },
      },
    ]);
    const userList = created.results?.[0]?.resourceName;
    if (!userList) throw new CommandError("PROVIDER_ERROR", "Google Ads did not return the new audience's resource name.");
    let job: string | null = null;
    if (input.members.length) job = await this.uploadMembers(customerId, userList, input.members);
    return {
      data: { customerId, userList, membersUploaded: input.members.length, offlineUserDataJob: job },
      markdown: `Audience "${input.name}" created (${userList})${input.members.length ? `; ${input.members.length} member(s) uploaded in job ${job}` : ""}.`,
    };
  }

  /** Customer Match upload: create a job for the list, add hashed identifiers, run it. */
  private async uploadMembers(customerId: string, userList: string, members: Array<{ email?: string | undefined; phone?: string | undefined }>) {
    const job = await this.client.call<{ resourceName?: string }>(
      `${this.base}/customers/${customerId}/offlineUserDataJobs:create`,
      this.call({ method: "POST", json: { job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList } } } }),
    );
    if (!job.resourceName) throw new CommandError("PROVIDER_ERROR", "Google Ads did not return the upload job's resource name.");
    const operations = members.map((m) => ({
      create: {
        userIdentifiers: [
          ...(m.email ? [{ hashedEmail: sha256(normalizeEmail(m.email)) }] : []),
          ...(m.phone ? [{ hashedPhoneNumber: sha256(m.phone) }] : []),
        ],
      },
    }));
    await this.client.call(`${this.base}/${job.resourceName}:addOperations`, this.call({ method: "POST", json: { enablePartialFailure: true, operations } }));
    await this.client.call(`${this.base}/${job.resourceName}:run`, this.call({ method: "POST", json: {} }));
    return job.resourceName;
  }
}

/** Google's normalisation for Customer Match: trimmed, lower case, and no dots before @ for Gmail addresses. */
function normalizeEmail(email: string): string {
  const [local = "", domain = ""] = email.trim().toLowerCase().split("@");
  const gmail = domain === "gmail.com" || domain === "googlemail.com";
  return `${gmail ? local.replace(/\./g, "") : local}@${domain}`;
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function micros(value: number | null): string {
  return value === null ? "" : (value / 1_000_000).toFixed(2);
}
