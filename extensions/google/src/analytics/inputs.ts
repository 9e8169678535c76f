import { z } from "@agx-ext/core";

/** "123456" or "properties/123456", always "properties/123456" after parsing. */
const propertyId = () =>
  z
    .union([z.string(), z.number().int().positive()])
    .transform((value) => String(value).trim())
    .refine((value) => /^(properties\/)?\d+$/.test(value), { message: 'expected a GA4 property id like "properties/123456" or "123456"' })
    .transform((value) => (value.startsWith("properties/") ? value : `properties/${value}`));

/** GA4 date: YYYY-MM-DD, NdaysAgo, yesterday or today. */
const reportDate = z.string().regex(/^(\d{4}-\d{2}-\d{2}|\d+daysAgo|yesterday|today)$/, 'expected YYYY-MM-DD, "NdaysAgo", "yesterday" or "today"');

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_:]*$/, "expected a GA4 API name like activeUsers or customEvent:plan");

/** Input of the "Google Analytics - Get Properties" command. */
export const propertiesInput = z.object({});

/** Input of the "Google Analytics - Get Reports" command. */
export const reportInput = z.object({
  property_id: propertyId(),
  start_date: reportDate.default("7daysAgo"),
  end_date: reportDate.default("today"),
  metrics: z.array(apiName).min(1).max(10).optional().describe("Defaults to activeUsers, sessions, bounceRate, averageSessionDuration, screenPageViews"),
  dimensions: z.array(apiName).max(9).optional().describe("Defaults to date, country, deviceCategory"),
  limit: z.number().int().min(1).max(250_000).default(1000),
});

/** Input of the "Google Analytics - Get Real Time Data" command. */
export const realtimeInput = z.object({ property_id: propertyId() });

/** Input of the "Google Analytics - Get Audiences" command. */
export const audiencesInput = z.object({ property_id: propertyId() });

/** Input of the "Google Analytics - Create Custom Dimension" command. */
export const customDimensionInput = z
  .object({
    property_id: propertyId(),
    display_name: z
      .string()
      .min(1)
      .max(82)
      .regex(/^[A-Za-z][A-Za-z0-9_ ]*$/, "display names start with a letter and use letters, digits, spaces and underscores"),
    parameter_name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "parameter names start with a letter and use letters, digits and underscores")
      .optional()
      .describe("Event or user parameter the dimension reads; defaults to display_name in snake_case"),
    scope: z.enum(["EVENT", "USER", "ITEM"]).default("EVENT"),
    description: z.string().max(150).default(""),
  })
  .superRefine((v, ctx) => {
    const name = v.parameter_name ?? toParameterName(v.display_name);
    const max = v.scope === "USER" ? 24 : 40;
    if (name.length > max) ctx.addIssue({ code: "custom", path: ["parameter_name"], message: `${v.scope} parameter names are at most ${max} characters` });
  });

/** A custom dimension's event parameter name derived from its display name (GA4's allowed characters). */
export function toParameterName(displayName: string): string {
  return displayName.trim().toLowerCase().replace(/\s+/g, "_");
}
