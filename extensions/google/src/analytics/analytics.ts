import { keepValid, z, type CommandResult } from "@agx-ext/core";
import { count, lenientList, parseResource, text } from "../shared/lenient.js";
import type { GoogleClient } from "../shared/google-client.js";
import { skippedLine, table } from "../format.js";
import type * as out from "./outputs.js";
import { toParameterName, type audiencesInput, type customDimensionInput, type realtimeInput, type reportInput } from "./inputs.js";

const analytics = { product: "analytics" as const };

type Result<S extends z.ZodType> = Promise<CommandResult<z.output<S>>>;

const header = z.object({ name: z.string().min(1) });
const cell = z.object({ value: text() }).catch({ value: undefined });

/** A row with one value per header (Google leaves dimensionValues out when no dimension was asked for). */
function reportRow(dimensions: number, metrics: number) {
  return z
    .object({ dimensionValues: z.array(cell).optional(), metricValues: z.array(cell) })
    .refine((row) => (row.dimensionValues?.length ?? 0) === dimensions && row.metricValues.length === metrics);
}

/** A Data API report, read leniently: malformed headers or rows are left out and counted. */
interface ReportResponse {
  dimensionHeaders?: unknown;
  metricHeaders?: unknown;
  rows?: unknown;
  rowCount?: unknown;
}

const accountSummary = z.object({
  account: text(),
  displayName: text(),
  propertySummaries: lenientList(z.object({ property: z.string().min(1), displayName: text(), propertyType: text(), parent: text() })),
});

const audience = z.object({ name: z.string().min(1), displayName: text(), description: text(), membershipDurationDays: count() });

const customDimension = z.object({ name: text(), parameterName: text(), displayName: text(), scope: text(), description: text() });

/** Pages read at most by Get Properties (200 account summaries a page) and Get Audiences (200 audiences a page). */
const ANALYTICS_LIST_MAX_PAGES = 50;

const DEFAULT_METRICS = ["activeUsers", "sessions", "bounceRate", "averageSessionDuration", "screenPageViews"];
const DEFAULT_DIMENSIONS = ["date", "country", "deviceCategory"];
const REALTIME_METRICS = ["activeUsers", "screenPageViews", "eventCount"];
const REALTIME_DIMENSIONS = ["country", "deviceCategory", "unifiedScreenName"];

/** GA4: Admin API (properties, audiences, custom dimensions) and Data API (runReport, runRealtimeReport). */
export class Analytics {
  constructor(
    private readonly client: GoogleClient,
    private readonly adminUrl: string,
    private readonly dataUrl: string,
  ) {}

  private admin(version: "v1beta" | "v1alpha", path: string): string {
    return `${this.adminUrl.replace(/\/$/, "")}/${version}/${path}`;
  }

  /** A Data API method of the property, e.g. `runReport`. */
  private data(propertyId: string, method: string): string {
    return `${this.dataUrl.replace(/\/$/, "")}/v1beta/${propertyId}:${method}`;
  }

  async getProperties(): Result<typeof out.propertiesOutput> {
    const { items, more, skipped } = await this.client.list(this.admin("v1beta", "accountSummaries"), {
      ...analytics,
      api: "analyticsadmin.accountSummaries.list",
      itemsField: "accountSummaries",
      item: accountSummary,
      limit: 10_000,
      maxPages: ANALYTICS_LIST_MAX_PAGES,
      pageSize: { param: "pageSize", max: 200 },
    });
    const properties = items.flatMap((account) =>
      (account.propertySummaries ?? []).map((p) => ({
        property: p.property,
        displayName: p.displayName,
        propertyType: p.propertyType,
        parent: p.parent,
        account: account.account,
        accountName: account.displayName,
      })),
    );
    return {
      data: { count: properties.length, hasMore: more, skipped, properties },
      markdown:
        (properties.length
          ? table(
              ["Property", "Name", "Account"],
              properties.map((p) => [p.property, p.displayName, p.accountName]),
            )
          : "No GA4 properties are visible to this Google account.") + skippedLine(skipped, "account summary"),
    };
  }

  async getReports(input: z.output<typeof reportInput>): Result<typeof out.reportOutput> {
    const metrics = input.metrics ?? DEFAULT_METRICS;
    const dimensions = input.dimensions ?? DEFAULT_DIMENSIONS;
    const report = await this.client.call<ReportResponse>(this.data(input.property_id, "runReport"), {
      ...analytics,
      api: "analyticsdata.properties.runReport",
      method: "POST",
      what: `property ${input.property_id}`,
      json: {
        dateRanges: [{ startDate: input.start_date, endDate: input.end_date }],
        metrics: metrics.map((name) => ({ name })),
        dimensions: dimensions.map((name) => ({ name })),
        limit: String(input.limit),
      },
    });
    const { data, markdown } = shapeReport(report, `${input.property_id}, ${input.start_date} to ${input.end_date}`, input.property_id);
    return { data: { ...data, startDate: input.start_date, endDate: input.end_date }, markdown };
  }

  async getRealtime(input: z.output<typeof realtimeInput>): Result<typeof out.realtimeOutput> {
    const report = await this.client.call<ReportResponse>(this.data(input.property_id, "runRealtimeReport"), {
      ...analytics,
      api: "analyticsdata.properties.runRealtimeReport",
      method: "POST",
      what: `property ${input.property_id}`,
      json: { metrics: REALTIME_METRICS.map((name) => ({ name })), dimensions: REALTIME_DIMENSIONS.map((name) => ({ name })) },
    });
    return shapeReport(report, `${input.property_id}, last 30 minutes`, input.property_id);
  }

  async getAudiences(input: z.output<typeof audiencesInput>): Result<typeof out.audiencesOutput> {
    // Audiences are only in the Admin API's alpha surface.
    const { items, more, skipped } = await this.client.list(this.admin("v1alpha", `${input.property_id}/audiences`), {
      ...analytics,
      api: "analyticsadmin.properties.audiences.list",
      what: `property ${input.property_id}`,
      itemsField: "audiences",
      item: audience,
      limit: 10_000,
      maxPages: ANALYTICS_LIST_MAX_PAGES,
      pageSize: { param: "pageSize", max: 200 },
    });
    const audiences = items.map((a) => ({
      name: a.name,
      displayName: a.displayName,
      description: a.description ?? "",
      membershipDurationDays: a.membershipDurationDays ?? null,
    }));
    return {
      data: { property: input.property_id, count: audiences.length, hasMore: more, skipped, audiences },
      markdown:
        (audiences.length
          ? table(
              ["Audience", "Name", "Days"],
              audiences.map((a) => [a.name, a.displayName, a.membershipDurationDays]),
            )
          : `No audiences in ${input.property_id}.`) + skippedLine(skipped, "audience"),
    };
  }

  async createCustomDimension(input: z.output<typeof customDimensionInput>): Result<typeof out.customDimensionOutput> {
    const parameterName = input.parameter_name ?? toParameterName(input.display_name);
    const answer = await this.client.call<unknown>(this.admin("v1beta", `${input.property_id}/customDimensions`), {
      ...analytics,
      api: "analyticsadmin.properties.customDimensions.create",
      method: "POST",
      what: `property ${input.property_id}`,
      json: { parameterName, displayName: input.display_name, description: input.description, scope: input.scope },
    });
    const created = parseResource(customDimension, answer, "analytics", "custom dimension");
    return {
      data: { created: true, customDimension: created },
      markdown: `Custom dimension "${input.display_name}" (${input.scope}, parameter ${parameterName}) created as ${created.name}.`,
    };
  }
}

function shapeReport(report: ReportResponse, title: string, property: string): CommandResult<z.output<typeof out.realtimeOutput>> {
  const dimensions = keepValid(report.dimensionHeaders ?? [], header).items.map((h) => h.name);
  const metrics = keepValid(report.metricHeaders ?? [], header).items.map((h) => h.name);
  const { items: valid, skipped } = keepValid(report.rows ?? [], reportRow(dimensions.length, metrics.length));
  const rows = valid.map((row) => {
    const out: Record<string, string | number | null> = {};
    dimensions.forEach((name, i) => (out[name] = row.dimensionValues?.[i]?.value ?? ""));
    metrics.forEach((name, i) => {
      const value = Number(row.metricValues?.[i]?.value ?? 0);
      out[name] = Number.isFinite(value) ? value : null;
    });
    return out;
  });
  // Google's rowCount counts every row of the query; anything but a row count falls back to the rows read.
  const rowCount = typeof report.rowCount === "number" && Number.isSafeInteger(report.rowCount) && report.rowCount >= 0 ? report.rowCount : rows.length;
  const shown = rows.slice(0, 20);
  return {
    data: { property, dimensions, metrics, rowCount, skipped, rows },
    markdown:
      (rows.length
        ? `${title}: ${rowCount} row(s)${rows.length > shown.length ? ` (first ${shown.length} shown)` : ""}\n\n${table(
            [...dimensions, ...metrics],
            shown.map((r) => [...dimensions, ...metrics].map((k) => r[k])),
          )}`
        : `${title}: no data.`) + skippedLine(skipped, "row"),
  };
}
