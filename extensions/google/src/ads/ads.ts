import { createHash } from "node:crypto";
import { CommandError, keepValid, z, type CommandResult } from "@agx-ext/core";
import type { GoogleCall, GoogleClient } from "../shared/google-client.js";
import { lenientList, parseResource, text } from "../shared/lenient.js";
import { skippedLine, table } from "../format.js";
import type * as inputs from "./inputs.js";
import type * as out from "./outputs.js";
import { readPartialFailure, type PartialFailure } from "./partial-failure.js";

/** What the Google Ads calls need: the API base URL and version, the developer token and the customer ids. */
export interface AdsSettings {
  baseUrl: string;
  version: string;
  developerToken?: string;
  /** Customer ids in the API's digits-only form. */
  customerId?: string;
  loginCustomerId?: string;
}

/** A GAQL result row: one object per resource (campaign, adGroup, metrics...); anything else in it reads as empty. */
const row = z.record(z.string(), z.record(z.string(), z.unknown()).catch({}));
type Row = z.output<typeof row>;

/** Pages of GAQL results read at most (Google Ads returns 10,000 rows a page). */
export const ADS_SEARCH_MAX_PAGES = 20;

type Result<S extends z.ZodType> = Promise<CommandResult<z.output<S>>>;

const mutateAnswer = z.object({ results: lenientList(z.object({ resourceName: text() })) });

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
    return { product: "ads", api: "googleads.adwords", headers, ...extra };
  }

  private customer(input: { customer_id?: string | undefined }): string {
    const id = input.customer_id ?? this.settings.customerId;
    if (!id) throw new CommandError("NOT_CONFIGURED", "No Google Ads customer id: set GOOGLE_ADS_CUSTOMER_ID or pass customer_id.");
    return id;
  }

  /** A GAQL search; a row without an id for `resource` (the FROM resource) is malformed and counted. */
  private async search(customerId: string, query: string, resource: "campaign" | "adGroup"): Promise<{ rows: Row[]; skipped: number; more: boolean }> {
    const { items, skipped, more } = await this.client.list(`${this.base}/customers/${customerId}/googleAds:search`, {
      ...this.call({ method: "POST", json: { query }, what: `customer ${customerId}` }),
      tokenIn: "body",
      itemsField: "results",
      item: row.refine((r) => /^\d+$/.test(str(r[resource]?.id) ?? "")),
      limit: Number.MAX_SAFE_INTEGER,
      maxPages: ADS_SEARCH_MAX_PAGES,
    });
    return { rows: items, skipped, more };
  }

  private async mutate(customerId: string, service: string, operations: unknown[]) {
    const answer = await this.client.call<unknown>(
      `${this.base}/customers/${customerId}/${service}:mutate`,
      this.call({ method: "POST", json: { operations }, what: `customer ${customerId}` }),
    );
    return parseResource(mutateAnswer, answer, "ads", "mutate answer");
  }

  async getAccounts(): Result<typeof out.accountsOutput> {
    const answer = await this.client.call<{ resourceNames?: unknown }>(`${this.base}/customers:listAccessibleCustomers`, this.call());
    const { items: names, skipped } = keepValid(answer.resourceNames ?? [], z.string().regex(/^customers\/\d+$/));
    const accounts = names.map((name) => ({ resourceName: name, customerId: name.split("/")[1]! }));
    return {
      data: { count: accounts.length, skipped, accounts },
      markdown:
        (accounts.length ? `${accounts.length} Google Ads account(s): ${accounts.map((a) => a.customerId).join(", ")}` : "No accessible Google Ads accounts.") +
        skippedLine(skipped, "account name"),
    };
  }

  async createCampaign(input: z.output<typeof inputs.createCampaignInput>): Result<typeof out.createCampaignOutput> {
    const customerId = this.customer(input);
    const budgetName = `customers/${customerId}/campaignBudgets/-1`;
    // One atomic mutate: the budget (temporary id -1) and the campaign that uses it.
    const answer = await this.client.call<{ mutateOperationResponses?: Array<Record<string, { resourceName?: unknown } | undefined> | undefined> }>(
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
    const responses = Array.isArray(answer.mutateOperationResponses) ? answer.mutateOperationResponses : [];
    const budget = str(responses[0]?.campaignBudgetResult?.resourceName) ?? null;
    const campaign = str(responses[1]?.campaignResult?.resourceName) ?? null;
    return {
      data: { customerId, campaign, campaignId: campaign?.split("/").pop() ?? null, budget, status: input.status },
      markdown: `Campaign "${input.name}" created (${campaign}) with a daily budget of ${input.budget_amount}, status ${input.status}.`,
    };
  }

  async getCampaigns(input: z.output<typeof inputs.campaignsInput>): Result<typeof out.campaignsOutput> {
    const customerId = this.customer(input);
    const { rows, skipped, more } = await this.search(
      customerId,
      "SELECT campaign.id, campaign.name, campaign.status, campaign.advertising_channel_type, campaign_budget.amount_micros FROM campaign WHERE campaign.status != 'REMOVED' ORDER BY campaign.id",
      "campaign",
    );
    const campaigns = rows.map((r) => ({
      id: str(r.campaign?.id) ?? "",
      name: str(r.campaign?.name),
      status: str(r.campaign?.status),
      channel: str(r.campaign?.advertisingChannelType),
      dailyBudgetMicros: num(r.campaignBudget?.amountMicros),
    }));
    return {
      data: { customerId, count: campaigns.length, hasMore: more, skipped, campaigns },
      markdown:
        (campaigns.length
          ? table(
              ["Id", "Name", "Status", "Channel", "Daily budget"],
              campaigns.map((c) => [c.id, c.name, c.status, c.channel, micros(c.dailyBudgetMicros)]),
            )
          : `No campaigns in ${customerId}.`) + skippedLine(skipped, "row"),
    };
  }

  async updateCampaign(input: z.output<typeof inputs.updateCampaignInput>): Result<typeof out.updateCampaignOutput> {
    const customerId = this.customer(input);
    const resourceName = `customers/${customerId}/campaigns/${input.campaign_id}`;
    const update: Record<string, unknown> = { resourceName };
    if (input.name !== undefined) update.name = input.name;
    if (input.status !== undefined) update.status = input.status;
    const mask = (["name", "status"] as const).filter((k) => input[k] !== undefined);
    const answer = await this.mutate(customerId, "campaigns", [{ update, updateMask: mask.join(",") }]);
    return {
      data: { customerId, campaign: answer.results?.[0]?.resourceName ?? resourceName, updated: mask },
      markdown: `Campaign ${input.campaign_id} updated (${mask.join(", ")}).`,
    };
  }

  async createAdGroup(input: z.output<typeof inputs.createAdGroupInput>): Result<typeof out.createAdGroupOutput> {
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

  async getAdGroups(input: z.output<typeof inputs.adGroupsInput>): Result<typeof out.adGroupsOutput> {
    const customerId = this.customer(input);
    const { rows, skipped, more } = await this.search(
      customerId,
      `SELECT ad_group.id, ad_group.name, ad_group.status, ad_group.type, ad_group.cpc_bid_micros FROM ad_group WHERE campaign.id = ${input.campaign_id} AND ad_group.status != 'REMOVED'`,
      "adGroup",
    );
    const adGroups = rows.map((r) => ({
      id: str(r.adGroup?.id) ?? "",
      name: str(r.adGroup?.name),
      status: str(r.adGroup?.status),
      type: str(r.adGroup?.type),
      cpcBidMicros: num(r.adGroup?.cpcBidMicros),
    }));
    return {
      data: { customerId, campaignId: input.campaign_id, count: adGroups.length, hasMore: more, skipped, adGroups },
      markdown:
        (adGroups.length
          ? table(
              ["Id", "Name", "Status", "Max CPC"],
              adGroups.map((g) => [g.id, g.name, g.status, micros(g.cpcBidMicros)]),
            )
          : `No ad groups in campaign ${input.campaign_id}.`) + skippedLine(skipped, "row"),
    };
  }

  async createAd(input: z.output<typeof inputs.createAdInput>): Result<typeof out.createAdOutput> {
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

  async getPerformance(input: z.output<typeof inputs.performanceInput>): Result<typeof out.performanceOutput> {
    const customerId = this.customer(input);
    const { rows, skipped, more } = await this.search(
      customerId,
      `SELECT campaign.id, campaign.name, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions, metrics.ctr, metrics.average_cpc FROM campaign WHERE segments.date DURING ${input.date_range}`,
      "campaign",
    );
    // Google leaves zero metrics out of a row; an unreadable one counts as zero too rather than poisoning the totals.
    const metric = (value: unknown) => num(value) ?? 0;
    const campaigns = rows.map((r) => ({
      id: str(r.campaign?.id) ?? "",
      name: str(r.campaign?.name),
      impressions: metric(r.metrics?.impressions),
      clicks: metric(r.metrics?.clicks),
      costMicros: metric(r.metrics?.costMicros),
      conversions: metric(r.metrics?.conversions),
      ctr: metric(r.metrics?.ctr),
      averageCpcMicros: metric(r.metrics?.averageCpc),
    }));
    const totals = campaigns.reduce(
      (t, c) => ({
        impressions: t.impressions + c.impressions,
        clicks: t.clicks + c.clicks,
        costMicros: t.costMicros + c.costMicros,
        conversions: t.conversions + c.conversions,
      }),
      { impressions: 0, clicks: 0, costMicros: 0, conversions: 0 },
    );
    return {
      data: { customerId, dateRange: input.date_range, totals, hasMore: more, skipped, campaigns },
      markdown:
        `${input.date_range}: ${totals.impressions} impressions, ${totals.clicks} clicks, cost ${micros(totals.costMicros)}, ${totals.conversions} conversions.\n\n${table(
          ["Campaign", "Impr.", "Clicks", "CTR", "Cost", "Conv."],
          campaigns.map((c) => [c.name, c.impressions, c.clicks, `${(c.ctr * 100).toFixed(2)}%`, micros(c.costMicros), c.conversions]),
        )}` + skippedLine(skipped, "row"),
    };
  }

  async manageKeywords(input: z.output<typeof inputs.keywordsInput>): Result<typeof out.keywordsOutput> {
    const customerId = this.customer(input);
    const adGroup = `customers/${customerId}/adGroups/${input.ad_group_id}`;
    const operations =
      input.action === "ADD"
        ? input.keywords.map((k) => ({ create: { adGroup, status: "ENABLED", keyword: { text: k.text, matchType: k.match_type } } }))
        : input.keywords.map((k) => ({ remove: `customers/${customerId}/adGroupCriteria/${input.ad_group_id}~${k.criterion_id}` }));
    const answer = await this.mutate(customerId, "adGroupCriteria", operations);
    const criteria = (answer.results ?? []).map((r) => r.resourceName ?? null);
    return {
      data: { customerId, adGroupId: input.ad_group_id, action: input.action, count: criteria.length, criteria },
      markdown: `${input.action === "ADD" ? "Added" : "Removed"} ${criteria.length} keyword(s) ${input.action === "ADD" ? "to" : "from"} ad group ${input.ad_group_id}.`,
    };
  }

  async createAudience(input: z.output<typeof inputs.audienceInput>): Result<typeof out.audienceOutput> {
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
    const consent = input.consent ? { adUserData: input.consent.ad_user_data, adPersonalization: input.consent.ad_personalization } : null;
    const upload = input.members.length ? await this.uploadMembers(customerId, userList, input.members, consent) : undefined;
    // A rejection naming an operation the upload did not have is not tied to a member either.
    const isMember = (r: { index: number }) => r.index < input.members.length;
    const rejected = (upload?.rejected ?? []).filter(isMember);
    const unplaced = [...(upload?.unplaced ?? []), ...(upload?.rejected ?? []).filter((r) => !isMember(r)).map(({ reason, message }) => ({ reason, message }))];
    // An error Google does not tie to a member leaves the accepted count unknown rather than guessed.
    const membersAccepted = unplaced.length ? null : input.members.length - new Set(rejected.map((r) => r.index)).size;
    const lines = [
      `Audience "${input.name}" created (${userList}).`,
      ...(upload
        ? [
            `${membersAccepted ?? "An unknown number"} of ${input.members.length} member(s) accepted for upload in job ${upload.job}${rejected.length ? `; ${rejected.length} rejected:` : "."}`,
            ...rejected.map((r) => `- member ${r.index + 1}: ${r.reason} (${r.message})`),
            ...unplaced.map((u) => `- Google Ads rejected the upload: ${u.reason} (${u.message})`),
            ...(consent
              ? []
              : [
                  "No consent was given: under Google's EU user consent policy, members in the European Economic Area count as not consented and are not matched.",
                ]),
          ]
        : []),
    ];
    return {
      data: {
        customerId,
        userList,
        membersSubmitted: input.members.length,
        membersAccepted,
        membersRejected: rejected.length,
        rejected: rejected.map((r) => ({ member: r.index, reason: r.reason, message: r.message })),
        ...(unplaced.length ? { uploadErrors: unplaced } : {}),
        consent,
        offlineUserDataJob: upload?.job ?? null,
      },
      markdown: lines.join("\n"),
    };
  }

  /**
   * Customer Match upload: create a job for the list (with the consent the caller gave), add the hashed
   * identifiers with partial failure enabled, and run it. Google accepts the good members and names each
   * rejected one by its operation index.
   */
  private async uploadMembers(
    customerId: string,
    userList: string,
    members: Array<{ email?: string | undefined; phone?: string | undefined }>,
    consent: { adUserData: string; adPersonalization: string } | null,
  ): Promise<{ job: string } & PartialFailure> {
    const job = await this.client.call<{ resourceName?: unknown }>(
      `${this.base}/customers/${customerId}/offlineUserDataJobs:create`,
      this.call({
        method: "POST",
        json: { job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList, ...(consent ? { consent } : {}) } } },
      }),
    );
    const jobName =
      typeof job.resourceName === "string" && /^customers\/\d+\/offlineUserDataJobs\/[\w-]+$/.test(job.resourceName) ? job.resourceName : undefined;
    if (!jobName) throw new CommandError("PROVIDER_ERROR", "Google Ads did not return the upload job's resource name.");
    const operations = members.map((m) => ({
      create: {
        userIdentifiers: [...(m.email ? [{ hashedEmail: sha256(normalizeEmail(m.email)) }] : []), ...(m.phone ? [{ hashedPhoneNumber: sha256(m.phone) }] : [])],
      },
    }));
    const added = await this.client.call<unknown>(
      `${this.base}/${jobName}:addOperations`,
      this.call({ method: "POST", json: { enablePartialFailure: true, operations } }),
    );
    const failure = readPartialFailure(added);
    await this.client.call(`${this.base}/${jobName}:run`, this.call({ method: "POST", json: {} }));
    return { job: jobName, ...failure };
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

function micros(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : (value / 1_000_000).toFixed(2);
}

/** A GAQL value as text: ids come as strings or numbers. */
function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

/** A GAQL number: int64 values come as strings. */
function num(value: unknown): number | null {
  if (typeof value !== "number" && typeof value !== "string") return null;
  const parsed = Number(value);
  return value !== "" && Number.isFinite(parsed) ? parsed : null;
}
