import { secret, z } from "@agx-ext/core";

/** Garmin's API host, the default of the base URL setting. */
export const GARMIN_API_BASE_URL = "https://apis.garmin.com";

/** Host-wide settings (env or agx.config.json). Users connect through OAuth; they set nothing themselves. */
export const garminSettings = z.object({
  GARMIN_CLIENT_ID: z.string().min(1).describe("Consumer key of your Garmin Connect Developer Program app (the OAuth 2.0 client id)"),
  GARMIN_CLIENT_SECRET: secret(z.string().min(1).describe("OAuth 2.0 client secret of the app, from the developer portal's Apps tab")),
  GARMIN_OAUTH1_CONSUMER_SECRET: secret(
    z
      .string()
      .min(1)
      .optional()
      .describe("The app's OAuth 1.0a consumer secret; only for users still on OAuth 1.0a tokens, until Garmin retires them on 2026-12-31"),
  ),
  GARMIN_WEBHOOK_TOKEN: secret(
    z
      .string()
      .min(16)
      .optional()
      .describe("Secret put in the ?token= of the notification URL registered with Garmin (host-wide; needed by the Garmin Data Ready trigger)"),
  ),
  GARMIN_API_BASE_URL: z.string().url().default(GARMIN_API_BASE_URL).describe("Base URL of the Health and Activity APIs; change only for tests or a proxy"),
});

/** The parsed Garmin settings the extension receives under SETTINGS. */
export type GarminSettings = z.output<typeof garminSettings>;
