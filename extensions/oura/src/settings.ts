import { secret, z } from "@agx-ext/core";

/** OAuth scopes for everything the commands read (Oura asks the user to consent to each). */
export const OURA_SCOPES = ["email", "personal", "daily", "heartrate", "workout", "session", "spo2Daily"];

/** Settings of the Oura extension: the OAuth client and the API base URL. */
export const ouraSettings = z.object({
  OURA_CLIENT_ID: z.string().min(1).describe("Client id of your Oura API application (host-wide)"),
  OURA_CLIENT_SECRET: secret(z.string().min(1).describe("Client secret of your Oura API application (host-wide)")),
  OURA_WEBHOOK_VERIFICATION_TOKEN: secret(
    z
      .string()
      .min(8)
      .optional()
      .describe("Verification token given to Oura with each webhook subscription (host-wide; needed by the Oura Data Changed trigger)"),
  ),
  OURA_API_URL: z.string().url().default("https://api.ouraring.com").describe("Base URL of the Oura API v2 (host-wide; change only for testing)"),
});

/** The parsed Oura settings the extension receives under SETTINGS. */
export type OuraSettings = z.infer<typeof ouraSettings>;
