import { secret, z } from "@agx-ext/core";

/** Fleet API hosts by region, as Tesla publishes them. An account's region decides which one serves it. */
export const FLEET_API_REGIONS = {
  "North America, Asia-Pacific": "https://fleet-api.prd.na.vn.cloud.tesla.com",
  "Europe, Middle East, Africa": "https://fleet-api.prd.eu.vn.cloud.tesla.com",
  China: "https://fleet-api.prd.cn.vn.cloud.tesla.cn",
} as const;

const baseUrl = () => z.url().transform((url) => url.replace(/\/+$/, ""));

/** Settings of the Tesla extension: the OAuth client, the Fleet API region, the command proxy, the key domain and the wake timing. */
export const teslaSettings = z.object({
  TESLA_CLIENT_ID: z.string().min(1).describe("client id of your Tesla Fleet API application"),
  TESLA_CLIENT_SECRET: secret(z.string().min(1).describe("client secret of your Tesla Fleet API application")),
  TESLA_FLEET_API_URL: baseUrl()
    .default(FLEET_API_REGIONS["North America, Asia-Pacific"])
    .describe(
      "Fleet API base URL of your region: https://fleet-api.prd.na.vn.cloud.tesla.com (NA/APAC), https://fleet-api.prd.eu.vn.cloud.tesla.com (EMEA), https://fleet-api.prd.cn.vn.cloud.tesla.cn (China)",
    ),
  TESLA_COMMAND_PROXY_URL: baseUrl()
    .optional()
    .describe("URL of your tesla-http-proxy (Vehicle Command Protocol); commands go through it, data reads go to the Fleet API"),
  TESLA_DOMAIN: z.string().min(1).optional().describe("domain that hosts your app's public key (for the vehicle pairing link)"),
  TESLA_WAKE_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(60).describe("how long to wait for a sleeping vehicle to come online"),
  TESLA_WAKE_POLL_SECONDS: z.coerce.number().positive().max(60).default(3).describe("how often to check whether a waking vehicle is online"),
});

/** The parsed Tesla settings the extension receives under SETTINGS. */
export type TeslaSettings = z.output<typeof teslaSettings>;
