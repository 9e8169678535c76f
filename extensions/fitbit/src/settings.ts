import { secret, z } from "@agx-ext/core";

/** Read-only Google Health API scopes covering the data types the commands read. */
export const GOOGLE_HEALTH_SCOPES = [
  "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly",
  "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly",
  "https://www.googleapis.com/auth/googlehealth.sleep.readonly",
  "https://www.googleapis.com/auth/googlehealth.nutrition.readonly",
];

/** Settings of the Fitbit extension: the Google Health API's OAuth client and base URL. */
export const fitbitSettings = z.object({
  GOOGLE_HEALTH_CLIENT_ID: z.string().min(1).describe("Google OAuth client id of a Cloud project with the Google Health API enabled (host-wide)"),
  GOOGLE_HEALTH_CLIENT_SECRET: secret(z.string().min(1).describe("Google OAuth client secret of that project (host-wide)")),
  FITBIT_HEALTH_API_URL: z
    .string()
    .url()
    .default("https://health.googleapis.com")
    .describe("Base URL of the Google Health API (host-wide; change only for testing)"),
});

/** The parsed Fitbit settings the extension receives under SETTINGS. */
export type FitbitSettings = z.infer<typeof fitbitSettings>;
