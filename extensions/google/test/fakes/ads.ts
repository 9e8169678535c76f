import { startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";
import { invalidCredentials, notFound } from "./google-errors.js";

const ADS_VERSION = "v26";
export const DEVELOPER_TOKEN = "dev-token-123";
export const CUSTOMER_ID = "1234567890";

/** Google Ads' failure: the generic error plus a GoogleAdsFailure detail naming the error code. */
function adsFailure(code: number, errorCode: Record<string, string>, message: string): FakeReply {
  return {
    status: code,
    json: {
      error: {
        code,
        message: code === 400 ? "Request contains an invalid argument." : "The caller does not have permission",
        status: code === 400 ? "INVALID_ARGUMENT" : "PERMISSION_DENIED",
        details: [
          { "@type": `type.googleapis.com/google.ads.googleads.${ADS_VERSION}.errors.GoogleAdsFailure`, errors: [{ errorCode, message }], requestId: "req-1" },
        ],
      },
    },
  };
}

export interface FakeAds {
  provider: FakeProvider;
  url: string;
  campaigns: Map<string, Record<string, unknown>>;
  budgets: Map<string, Record<string, unknown>>;
  adGroups: Map<string, Record<string, unknown>>;
  ads: Array<Record<string, unknown>>;
  criteria: Map<string, Record<string, unknown>>;
  userLists: Array<Record<string, unknown>>;
  jobs: Map<string, { job: Record<string, unknown>; operations: unknown[]; ran: boolean }>;
  queries: string[];
  /** Hashed identifiers Google will refuse in an upload, with the error code it gives (a test sets these). */
  refusedIdentifiers: Map<string, string>;
}

/** Google Ads REST: listAccessibleCustomers, googleAds:search, googleAds:mutate and the typed :mutate services. */
export async function startFakeAds(isValidToken: (token: string) => boolean): Promise<FakeAds> {
  const state: Omit<FakeAds, "provider" | "url"> = {
    campaigns: new Map([
      [
        "111",
        {
          resourceName: `customers/${CUSTOMER_ID}/campaigns/111`,
          id: "111",
          name: "Brand",
          status: "ENABLED",
          advertisingChannelType: "SEARCH",
          campaignBudget: "b1",
        },
      ],
    ]),
    budgets: new Map([["b1", { amountMicros: "25000000" }]]),
    adGroups: new Map([
      [
        "222",
        {
          resourceName: `customers/${CUSTOMER_ID}/adGroups/222`,
          id: "222",
          name: "Shoes",
          status: "ENABLED",
          type: "SEARCH_STANDARD",
          cpcBidMicros: "1500000",
          campaign: `customers/${CUSTOMER_ID}/campaigns/111`,
        },
      ],
    ]),
    ads: [],
    criteria: new Map([["222~333", { keyword: { text: "red shoes", matchType: "EXACT" } }]]),
    userLists: [],
    jobs: new Map(),
    queries: [],
    refusedIdentifiers: new Map(),
  };
  let nextId = 1000;

  /** Checks every Ads request makes before the body is looked at. */
  const guard = (req: FakeRequest): FakeReply | undefined => {
    if (req.params.version !== ADS_VERSION) return notFound(`Version ${req.params.version} is not supported.`);
    const token = req.headers["developer-token"];
    if (!token) return adsFailure(401, { authenticationError: "DEVELOPER_TOKEN_PARAMETER_MISSING" }, "Developer token is missing.");
    if (token !== DEVELOPER_TOKEN) return adsFailure(403, { authorizationError: "DEVELOPER_TOKEN_NOT_APPROVED" }, "The developer token is not approved.");
    if (req.params.cid !== undefined && req.params.cid !== CUSTOMER_ID)
      return adsFailure(403, { authorizationError: "USER_PERMISSION_DENIED" }, "User doesn't have permission to access customer.");
    return undefined;
  };
  const invalid = (field: string, message: string) => adsFailure(400, { fieldError: "INVALID_VALUE" }, `${field}: ${message}`);
  const required = (field: string) => adsFailure(400, { fieldError: "REQUIRED" }, `${field}: The required field was not present.`);

  const createCampaign = (create: Record<string, unknown>, budgetNames: Map<string, string>): string | FakeReply => {
    if (!create.name) return required("campaign.name");
    if (!create.advertisingChannelType) return required("campaign.advertising_channel_type");
    if (!create.containsEuPoliticalAdvertising) return required("campaign.contains_eu_political_advertising");
    if (!create.manualCpc && !create.maximizeConversions && !create.targetSpend)
      return adsFailure(400, { campaignError: "MISSING_BIDDING_STRATEGY" }, "A bidding strategy is required.");
    const budget = budgetNames.get(String(create.campaignBudget)) ?? String(create.campaignBudget ?? "");
    if (!state.budgets.has(budget)) return adsFailure(400, { campaignBudgetError: "CAMPAIGN_BUDGET_NOT_FOUND" }, "campaign.campaign_budget: not found");
    const id = String(nextId++);
    state.campaigns.set(id, { ...create, id, resourceName: `customers/${CUSTOMER_ID}/campaigns/${id}`, campaignBudget: budget });
    return `customers/${CUSTOMER_ID}/campaigns/${id}`;
  };

  const search = (query: string) => {
    state.queries.push(query);
    if (/\bFROM ad_group\b/.test(query)) {
      const campaignId = /campaign\.id = (\d+)/.exec(query)?.[1];
      return [...state.adGroups.values()]
        .filter((g) => !campaignId || g.campaign === `customers/${CUSTOMER_ID}/campaigns/${campaignId}`)
        .map((g) => ({ adGroup: g }));
    }
    if (/\bmetrics\./.test(query)) {
      if (!/segments\.date DURING [A-Z_0-9]+/.test(query)) return adsFailure(400, { queryError: "INVALID_DATE_RANGE" }, "Invalid date range");
      return [...state.campaigns.values()].map((c, i) => ({
        campaign: { resourceName: c.resourceName, id: c.id, name: c.name },
        metrics: {
          impressions: String(1000 * (i + 1)),
          clicks: String(50 * (i + 1)),
          costMicros: String(12_340_000 * (i + 1)),
          conversions: 3 * (i + 1),
          ctr: 0.05,
          averageCpc: 246800,
        },
      }));
    }
    if (/\bFROM campaign\b/.test(query))
      return [...state.campaigns.values()].map((c) => ({ campaign: c, campaignBudget: state.budgets.get(String(c.campaignBudget)) ?? {} }));
    return adsFailure(400, { queryError: "PROHIBITED_RESOURCE_TYPE_IN_FROM_CLAUSE" }, `Unsupported query: ${query}`);
  };

  const provider = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "GET /:version/customers:listAccessibleCustomers": (req) =>
        guard(req) ?? { json: { resourceNames: [`customers/${CUSTOMER_ID}`, "customers/9876543210"] } },
      "POST /:version/customers/:cid/:action": (req) => {
        const denied = guard(req);
        if (denied) return denied;
        const body = (req.body ?? {}) as Record<string, any>;
        const [service, verb] = (req.params.action ?? "").split(":");
        if (service === "googleAds" && verb === "search") {
          if (typeof body.query !== "string") return required("query");
          if (body.pageSize !== undefined) return adsFailure(400, { requestError: "PAGE_SIZE_NOT_SUPPORTED" }, "Page size is not supported.");
          const rows = search(body.query);
          return Array.isArray(rows) ? { json: { results: rows, fieldMask: "campaign.id" } } : rows;
        }
        if (service === "googleAds" && verb === "mutate") {
          const budgetNames = new Map<string, string>();
          const responses: unknown[] = [];
          for (const op of body.mutateOperations ?? []) {
            if (op.campaignBudgetOperation?.create) {
              const create = op.campaignBudgetOperation.create;
              if (!create.amountMicros || !/^\d+$/.test(String(create.amountMicros))) return required("campaign_budget.amount_micros");
              const id = `b${nextId++}`;
              state.budgets.set(id, create);
              if (create.resourceName) budgetNames.set(create.resourceName, id);
              responses.push({ campaignBudgetResult: { resourceName: `customers/${CUSTOMER_ID}/campaignBudgets/${id}` } });
            } else if (op.campaignOperation?.create) {
              const created = createCampaign(op.campaignOperation.create, budgetNames);
              if (typeof created !== "string") return created;
              responses.push({ campaignResult: { resourceName: created } });
            } else return invalid("mutate_operations", "unsupported operation");
          }
          return { json: { mutateOperationResponses: responses } };
        }
        if (verb !== "mutate" && !(service === "offlineUserDataJobs" && verb === "create")) return notFound();
        if (service === "offlineUserDataJobs") {
          if (body.job?.type !== "CUSTOMER_MATCH_USER_LIST" || !body.job?.customerMatchUserListMetadata?.userList)
            return required("job.customer_match_user_list_metadata.user_list");
          // Consent: ConsentStatus values for ad_user_data and ad_personalization.
          const consent = body.job.customerMatchUserListMetadata.consent;
          if (consent !== undefined)
            for (const field of ["adUserData", "adPersonalization"])
              if (consent[field] !== undefined && !["UNSPECIFIED", "UNKNOWN", "GRANTED", "DENIED"].includes(consent[field]))
                return invalid(`job.customer_match_user_list_metadata.consent.${field}`, "not a ConsentStatus");
          const name = `customers/${CUSTOMER_ID}/offlineUserDataJobs/${nextId++}`;
          state.jobs.set(name, { job: body.job, operations: [], ran: false });
          return { json: { resourceName: name } };
        }
        const operations = body.operations as Array<Record<string, any>> | undefined;
        if (!operations?.length) return required("operations");
        const results: Array<{ resourceName: string }> = [];
        for (const op of operations) {
          if (service === "campaigns" && op.update) {
            const id = String(op.update.resourceName).split("/").pop()!;
            if (!state.campaigns.has(id)) return adsFailure(400, { mutateError: "RESOURCE_NOT_FOUND" }, "Resource was not found.");
            if (!op.updateMask) return required("update_mask");
            const fields = String(op.updateMask).split(",");
            const campaign = state.campaigns.get(id)!;
            for (const field of fields) campaign[field] = op.update[field];
            results.push({ resourceName: op.update.resourceName });
          } else if (service === "adGroups" && op.create) {
            const campaignId = String(op.create.campaign ?? "")
              .split("/")
              .pop()!;
            if (!state.campaigns.has(campaignId))
              return adsFailure(400, { adGroupError: "CANNOT_ADD_ADGROUP_OF_TYPE_DSA_TO_CAMPAIGN_WITHOUT_DSA_SETTING" }, "campaign not found");
            if (!op.create.name) return required("ad_group.name");
            const id = String(nextId++);
            state.adGroups.set(id, { ...op.create, id, resourceName: `customers/${CUSTOMER_ID}/adGroups/${id}` });
            results.push({ resourceName: `customers/${CUSTOMER_ID}/adGroups/${id}` });
          } else if (service === "adGroupAds" && op.create) {
            const rsa = op.create.ad?.responsiveSearchAd;
            if (!rsa || (rsa.headlines?.length ?? 0) < 3) return adsFailure(400, { adError: "TOO_FEW_HEADLINES" }, "Too few headlines.");
            if ((rsa.descriptions?.length ?? 0) < 2) return adsFailure(400, { adError: "TOO_FEW_DESCRIPTIONS" }, "Too few descriptions.");
            if (rsa.headlines.some((h: { text: string }) => h.text.length > 30))
              return adsFailure(400, { stringLengthError: "TOO_LONG" }, "Headline too long.");
            if (!op.create.ad.finalUrls?.length) return required("ad.final_urls");
            const groupId = String(op.create.adGroup).split("/").pop()!;
            if (!state.adGroups.has(groupId)) return adsFailure(400, { mutateError: "RESOURCE_NOT_FOUND" }, "Ad group was not found.");
            const id = String(nextId++);
            state.ads.push(op.create);
            results.push({ resourceName: `customers/${CUSTOMER_ID}/adGroupAds/${groupId}~${id}` });
          } else if (service === "adGroupCriteria" && op.create) {
            const groupId = String(op.create.adGroup).split("/").pop()!;
            if (!state.adGroups.has(groupId)) return adsFailure(400, { mutateError: "RESOURCE_NOT_FOUND" }, "Ad group was not found.");
            if (!["EXACT", "PHRASE", "BROAD"].includes(op.create.keyword?.matchType)) return required("keyword.match_type");
            const id = String(nextId++);
            state.criteria.set(`${groupId}~${id}`, op.create);
            results.push({ resourceName: `customers/${CUSTOMER_ID}/adGroupCriteria/${groupId}~${id}` });
          } else if (service === "adGroupCriteria" && op.remove) {
            const key = String(op.remove).split("/").pop()!;
            if (!state.criteria.delete(key)) return adsFailure(400, { mutateError: "RESOURCE_NOT_FOUND" }, "Criterion was not found.");
            results.push({ resourceName: op.remove });
          } else if (service === "userLists" && op.create) {
            if (!op.create.name) return required("user_list.name");
            if (Number(op.create.membershipLifeSpan) > 540) return invalid("user_list.membership_life_span", "at most 540 days");
            const id = String(nextId++);
            state.userLists.push(op.create);
            results.push({ resourceName: `customers/${CUSTOMER_ID}/userLists/${id}` });
          } else return invalid("operations", `unsupported operation for ${service}`);
        }
        return { json: { results } };
      },
      "POST /:version/customers/:cid/offlineUserDataJobs/:jobAction": (req) => {
        const denied = guard(req);
        if (denied) return denied;
        const [id, verb] = (req.params.jobAction ?? "").split(":");
        const job = state.jobs.get(`customers/${CUSTOMER_ID}/offlineUserDataJobs/${id}`);
        if (!job) return notFound();
        const body = (req.body ?? {}) as {
          enablePartialFailure?: boolean;
          operations?: Array<{ create?: { userIdentifiers?: Array<Record<string, string>> } }>;
        };
        if (verb === "addOperations") {
          if (!body.operations?.length) return required("operations");
          const failures: Array<{ index: number; code: string; message: string }> = [];
          body.operations.forEach((op, index) => {
            const identifiers = op.create?.userIdentifiers ?? [];
            if (!identifiers.length) failures.push({ index, code: "REQUIRED", message: "The required field was not present." });
            else if (identifiers.some((identifier) => Object.values(identifier).some((value) => !/^[0-9a-f]{64}$/.test(value))))
              failures.push({ index, code: "INVALID_SHA256_FORMAT", message: "The SHA256 encoded value is malformed." });
            else {
              const refused = identifiers
                .flatMap((identifier) => Object.values(identifier))
                .map((v) => state.refusedIdentifiers.get(v))
                .find(Boolean);
              if (refused) failures.push({ index, code: refused, message: `The user identifier was rejected (${refused}).` });
            }
          });
          // Without partial failure one bad operation fails the request; with it, Google keeps the good ones
          // and lists the rejected ones, by operation index, in partialFailureError.
          if (failures.length && !body.enablePartialFailure) {
            const first = failures[0]!;
            return adsFailure(400, { offlineUserDataJobError: first.code }, first.message);
          }
          job.operations.push(...body.operations.filter((_, index) => !failures.some((f) => f.index === index)));
          if (!failures.length) return { json: {} };
          return {
            json: {
              partialFailureError: {
                code: 3,
                message: `Multiple errors in 'details'. First error: ${failures[0]!.message}, at operations[${failures[0]!.index}].create.user_identifiers[0]`,
                details: [
                  {
                    "@type": `type.googleapis.com/google.ads.googleads.${ADS_VERSION}.errors.GoogleAdsFailure`,
                    errors: failures.map((f) => ({
                      errorCode: { offlineUserDataJobError: f.code },
                      message: f.message,
                      location: {
                        fieldPathElements: [{ fieldName: "operations", index: f.index }, { fieldName: "create" }, { fieldName: "user_identifiers", index: 0 }],
                      },
                    })),
                    requestId: "req-2",
                  },
                ],
              },
            },
          };
        }
        if (verb === "run") {
          job.ran = true;
          return { json: { name: `operations/${id}` } };
        }
        return notFound();
      },
    },
  });
  return { provider, url: provider.url, ...state };
}
