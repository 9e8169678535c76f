import { z } from "@agx-ext/core";
import { numericId } from "../inputs.js";

/** A customer id as the Ads UI writes it (123-456-7890) or as the API does (1234567890); also checks the settings. */
export const customerIdText = () => z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/, "expected a 10-digit customer id like 123-456-7890");

/** The API's form of a customer id: digits only. */
export function apiCustomerId(id: string): string {
  return id.replace(/-/g, "");
}

const customerId = customerIdText().transform(apiCustomerId).optional().describe("Customer id to act on; defaults to the GOOGLE_ADS_CUSTOMER_ID setting");

/** Input of the "Google Ads - Get Accounts" command. */
export const accountsInput = z.object({});

/** Input of the "Google Ads - Get Campaigns" command. */
export const campaignsInput = z.object({ customer_id: customerId });

/** Input of the "Google Ads - Create Campaign" command. */
export const createCampaignInput = z.object({
  customer_id: customerId,
  name: z.string().trim().min(1).max(255),
  budget_amount: z.number().positive().max(1_000_000_000).describe("Daily budget in the account's currency, e.g. 25.5"),
  advertising_channel_type: z.enum(["SEARCH", "DISPLAY"]).default("SEARCH"),
  status: z.enum(["PAUSED", "ENABLED"]).default("PAUSED"),
});

/** Input of the "Google Ads - Update Campaign" command. */
export const updateCampaignInput = z
  .object({
    customer_id: customerId,
    campaign_id: numericId("campaign id"),
    name: z.string().trim().min(1).max(255).optional(),
    status: z.enum(["PAUSED", "ENABLED"]).optional(),
  })
  .refine((v) => v.name !== undefined || v.status !== undefined, { message: "give name and/or status to change", path: ["status"] });

/** Input of the "Google Ads - Create Ad Group" command. */
export const createAdGroupInput = z.object({
  customer_id: customerId,
  campaign_id: numericId("campaign id"),
  name: z.string().trim().min(1).max(255),
  cpc_bid_micros: z.number().int().min(10_000).max(1_000_000_000_000).default(1_000_000).describe("Max CPC bid in micros (1,000,000 = 1 unit of currency)"),
  status: z.enum(["PAUSED", "ENABLED"]).default("ENABLED"),
});

/** Input of the "Google Ads - Get Ad Groups" command. */
export const adGroupsInput = z.object({ customer_id: customerId, campaign_id: numericId("campaign id") });

/** Input of the "Google Ads - Create Ad" command. */
export const createAdInput = z.object({
  customer_id: customerId,
  ad_group_id: numericId("ad group id"),
  headlines: z.array(z.string().trim().min(1).max(30, "headlines are at most 30 characters")).min(3).max(15),
  descriptions: z.array(z.string().trim().min(1).max(90, "descriptions are at most 90 characters")).min(2).max(4),
  final_urls: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .max(10),
  status: z.enum(["PAUSED", "ENABLED"]).default("PAUSED"),
});

const DATE_RANGES = [
  "TODAY",
  "YESTERDAY",
  "LAST_7_DAYS",
  "LAST_14_DAYS",
  "LAST_30_DAYS",
  "LAST_BUSINESS_WEEK",
  "THIS_WEEK_SUN_TODAY",
  "THIS_WEEK_MON_TODAY",
  "LAST_WEEK_SUN_SAT",
  "LAST_WEEK_MON_SUN",
  "THIS_MONTH",
  "LAST_MONTH",
] as const;

/** Input of the "Google Ads - Get Performance" command. */
export const performanceInput = z.object({
  customer_id: customerId,
  date_range: z.enum(DATE_RANGES).default("LAST_7_DAYS"),
});

const keywordText = z
  .string()
  .trim()
  .min(1)
  .max(80, "keywords are at most 80 characters")
  .refine((t) => t.split(/\s+/).length <= 10, { message: "keywords are at most 10 words" });

/** Input of the "Google Ads - Manage Keywords" command. */
export const keywordsInput = z
  .object({
    customer_id: customerId,
    ad_group_id: numericId("ad group id"),
    action: z.enum(["ADD", "REMOVE"]).default("ADD"),
    keywords: z
      .array(
        z.object({
          text: keywordText.optional(),
          match_type: z.enum(["EXACT", "PHRASE", "BROAD"]).default("BROAD"),
          criterion_id: numericId("criterion id").optional().describe("For REMOVE: the keyword's criterion id"),
        }),
      )
      .min(1)
      .max(1000),
  })
  .superRefine((v, ctx) => {
    v.keywords.forEach((k, i) => {
      if (v.action === "ADD" && !k.text) ctx.addIssue({ code: "custom", path: ["keywords", i, "text"], message: "ADD needs the keyword text" });
      if (v.action === "REMOVE" && !k.criterion_id)
        ctx.addIssue({ code: "custom", path: ["keywords", i, "criterion_id"], message: "REMOVE needs the keyword's criterion_id" });
    });
  });

const consentStatus = z.enum(["GRANTED", "DENIED"]);

/** Input of the "Google Ads - Create Audience" command. */
export const audienceInput = z.object({
  customer_id: customerId,
  name: z.string().trim().min(1).max(255),
  description: z.string().max(1000).default(""),
  membership_life_span_days: z.number().int().min(1).max(540).default(540),
  members: z
    .array(
      z
        .object({
          email: z.string().trim().pipe(z.email()).optional(),
          phone: z
            .string()
            .regex(/^\+[1-9]\d{6,14}$/, "expected an E.164 phone number like +14155550123")
            .optional(),
        })
        .refine((m) => m.email !== undefined || m.phone !== undefined, { message: "each member needs an email or a phone" }),
    )
    .max(10_000)
    .default([])
    .describe("Customer Match members; emails and phones are normalised and SHA-256 hashed before they leave this machine"),
  consent: z
    .object({
      ad_user_data: consentStatus.describe("Consent to send the members' data to Google for advertising"),
      ad_personalization: consentStatus.describe("Consent to personalized advertising"),
    })
    .optional()
    .describe(
      "The members' consent, sent as the job's customerMatchUserListMetadata.consent. Under Google's EU user consent policy, members in the European Economic Area without GRANTED consent are not matched.",
    ),
});
