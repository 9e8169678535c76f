import { z } from "@agx-ext/core";
import { listingFields, tally } from "../outputs.js";

/** The `data` of the Google Analytics (GA4) commands. */

const property = z.string().describe('Property resource name, "properties/123456"');

/** `data` of the "Google Analytics - Get Properties" command. */
export const propertiesOutput = z.strictObject({
  ...listingFields,
  properties: z.array(
    z.strictObject({
      property,
      displayName: z.string().optional(),
      propertyType: z.string().optional(),
      parent: z.string().optional(),
      account: z.string().optional().describe('Account resource name, "accounts/…"'),
      accountName: z.string().optional(),
    }),
  ),
});

/** Shared by Get Reports and Get Real Time Data: one row per dimension combination, keyed by API name. */
const reportFields = {
  property,
  dimensions: z.array(z.string()),
  metrics: z.array(z.string()),
  rowCount: tally().describe("Rows Google has for the query (may exceed the rows returned)"),
  skipped: listingFields.skipped,
  rows: z
    .array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
    .describe("Dimension values as text, metric values as numbers (null when Google sent no number)"),
};

/** `data` of the "Google Analytics - Get Reports" command. */
export const reportOutput = z.strictObject({ ...reportFields, startDate: z.string(), endDate: z.string() });

/** `data` of the "Google Analytics - Get Real Time Data" command. */
export const realtimeOutput = z.strictObject(reportFields);

/** `data` of the "Google Analytics - Get Audiences" command. */
export const audiencesOutput = z.strictObject({
  property,
  ...listingFields,
  audiences: z.array(
    z.strictObject({
      name: z.string(),
      displayName: z.string().optional(),
      description: z.string(),
      membershipDurationDays: z.number().nullable(),
    }),
  ),
});

/** `data` of the "Google Analytics - Create Custom Dimension" command. */
export const customDimensionOutput = z.strictObject({
  created: z.literal(true),
  customDimension: z.strictObject({
    name: z.string().optional().describe('Resource name, "properties/…/customDimensions/…"'),
    parameterName: z.string().optional(),
    displayName: z.string().optional(),
    scope: z.string().optional(),
    description: z.string().optional(),
  }),
});
