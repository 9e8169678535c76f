import { secret, z } from "@agx-ext/core";
import { customerIdText } from "./ads/inputs.js";

const url = (fallback: string, what: string) => z.url().default(fallback).describe(`${what} (default ${fallback})`);

/**
 * Host-wide settings. Every Google host has its own base URL so tests (or a proxy) can point each
 * API somewhere else; the defaults are Google's real hosts.
 */
export const googleSettings = z.object({
  GOOGLE_CLIENT_ID: z.string().min(1).describe("OAuth 2.0 client id from Google Cloud console"),
  GOOGLE_CLIENT_SECRET: secret(z.string().min(1).describe("OAuth 2.0 client secret from Google Cloud console")),
  GOOGLE_GMAIL_BASE_URL: url("https://gmail.googleapis.com", "Gmail API host"),
  GOOGLE_CALENDAR_BASE_URL: url("https://www.googleapis.com", "Calendar API host"),
  GOOGLE_CALENDAR_CHANNEL_TOKEN: secret(
    z
      .string()
      .min(16)
      .max(256)
      .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces (Google sends it back in a header)")
      .optional()
      .describe(
        "Token of the Calendar push channels (16-256 characters): with it and an https AGX_PUBLIC_URL, Event Starting Soon asks Google to notify <AGX_PUBLIC_URL>/hooks/google/Calendar%20Push, which checks it",
      ),
  ),
  GOOGLE_KEEP_BASE_URL: url("https://keep.googleapis.com", "Keep API host"),
  GOOGLE_ADS_BASE_URL: url("https://googleads.googleapis.com", "Google Ads API host"),
  GOOGLE_ADS_API_VERSION: z
    .string()
    .regex(/^v\d+$/, "expected a version like v26")
    .default("v26")
    .describe("Google Ads API version (Google retires each version after about a year)"),
  GOOGLE_ADS_DEVELOPER_TOKEN: secret(z.string().min(1).optional().describe("Google Ads developer token (API Center of a manager account)")),
  GOOGLE_ADS_CUSTOMER_ID: customerIdText().optional().describe("Google Ads customer id the Ads commands act on unless the input names another"),
  GOOGLE_ADS_LOGIN_CUSTOMER_ID: customerIdText().optional().describe("Manager (MCC) customer id, sent as login-customer-id when access goes through a manager"),
  GOOGLE_ANALYTICS_ADMIN_BASE_URL: url("https://analyticsadmin.googleapis.com", "Analytics Admin API host"),
  GOOGLE_ANALYTICS_DATA_BASE_URL: url("https://analyticsdata.googleapis.com", "Analytics Data API host"),
  GOOGLE_TAGMANAGER_BASE_URL: url("https://tagmanager.googleapis.com", "Tag Manager API host"),
});

/** The parsed Google settings the extension receives under SETTINGS. */
export type GoogleSettings = z.output<typeof googleSettings>;
