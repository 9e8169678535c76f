import { z } from "@agx-ext/core";
import { listingFields, tally } from "../outputs.js";

/** The `data` of the Google Ads commands. Ids are digits as text; money is in micros (1,000,000 = one unit of the account's currency). */

const customerId = z.string().describe("Customer id, digits only");
const resourceName = (example: string) => z.string().nullable().describe(`Resource name like "${example}", null when Google did not return it`);
const servingStatus = z.enum(["PAUSED", "ENABLED"]);

/** `data` of the "Google Ads - Get Accounts" command. */
export const accountsOutput = z.strictObject({
  count: tally(),
  skipped: tally(),
  accounts: z.array(z.strictObject({ resourceName: z.string(), customerId })),
});

/** `data` of the "Google Ads - Create Campaign" command. */
export const createCampaignOutput = z.strictObject({
  customerId,
  campaign: resourceName("customers/1234567890/campaigns/111"),
  campaignId: z.string().nullable(),
  budget: resourceName("customers/1234567890/campaignBudgets/444"),
  status: servingStatus,
});

/** `data` of the "Google Ads - Get Campaigns" command. */
export const campaignsOutput = z.strictObject({
  customerId,
  ...listingFields,
  campaigns: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string().optional(),
      status: z.string().optional(),
      channel: z.string().optional().describe("Advertising channel type, e.g. SEARCH"),
      dailyBudgetMicros: z.number().nullable(),
    }),
  ),
});

/** `data` of the "Google Ads - Update Campaign" command. */
export const updateCampaignOutput = z.strictObject({
  customerId,
  campaign: z.string().describe("The campaign's resource name"),
  updated: z.array(z.enum(["name", "status"])),
});

/** `data` of the "Google Ads - Create Ad Group" command. */
export const createAdGroupOutput = z.strictObject({
  customerId,
  adGroup: resourceName("customers/1234567890/adGroups/222"),
  adGroupId: z.string().nullable(),
});

/** `data` of the "Google Ads - Get Ad Groups" command. */
export const adGroupsOutput = z.strictObject({
  customerId,
  campaignId: z.string(),
  ...listingFields,
  adGroups: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string().optional(),
      status: z.string().optional(),
      type: z.string().optional(),
      cpcBidMicros: z.number().nullable(),
    }),
  ),
});

/** `data` of the "Google Ads - Create Ad" command. */
export const createAdOutput = z.strictObject({
  customerId,
  adGroupAd: resourceName("customers/1234567890/adGroupAds/222~333"),
  status: servingStatus,
});

/** `data` of the "Google Ads - Get Performance" command. */
export const performanceOutput = z.strictObject({
  customerId,
  dateRange: z.string(),
  totals: z.strictObject({ impressions: z.number(), clicks: z.number(), costMicros: z.number(), conversions: z.number() }),
  hasMore: listingFields.hasMore,
  skipped: listingFields.skipped,
  campaigns: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string().optional(),
      impressions: z.number(),
      clicks: z.number(),
      costMicros: z.number(),
      conversions: z.number(),
      ctr: z.number().describe("Click-through rate, 0-1"),
      averageCpcMicros: z.number(),
    }),
  ),
});

/** `data` of the "Google Ads - Manage Keywords" command. */
export const keywordsOutput = z.strictObject({
  customerId,
  adGroupId: z.string(),
  action: z.enum(["ADD", "REMOVE"]),
  count: tally(),
  criteria: z.array(z.string().nullable()).describe("Resource names of the keywords added or removed"),
});

const consent = z.enum(["GRANTED", "DENIED"]);

/** `data` of the "Google Ads - Create Audience" command. */
export const audienceOutput = z.strictObject({
  customerId,
  userList: z.string().describe("The new Customer Match list's resource name"),
  membersSubmitted: tally(),
  membersAccepted: tally().nullable().describe("null when Google reported an error it did not tie to a member"),
  membersRejected: tally(),
  rejected: z.array(z.strictObject({ member: tally().describe("Index of the member in the input"), reason: z.string(), message: z.string() })),
  uploadErrors: z
    .array(z.strictObject({ reason: z.string(), message: z.string() }))
    .optional()
    .describe("Errors Google did not tie to a member"),
  consent: z.strictObject({ adUserData: consent, adPersonalization: consent }).nullable(),
  offlineUserDataJob: z.string().nullable().describe("The upload job's resource name; null when there were no members"),
});
