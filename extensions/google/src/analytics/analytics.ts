import type { CommandResult, z } from "@agx-ext/core";
import type { GoogleClient } from "../shared/google-client.js";
import { table } from "../shared/markdown.js";
import { SCOPES } from "../shared/products.js";
import { toParameterName, type audiencesInput, type customDimensionInput, type realtimeInput, type reportInput } from "./inputs.js";

const read = { product: "analytics" as const, scope: SCOPES.analyticsRead };
const edit = { product: "analytics" as const, scope: SCOPES.analyticsEdit };

interface ReportResponse {
  dimensionHeaders?: Array<{ name: string }>;
  metricHeaders?: Array<{ name: string; type?: string }>;
  rows?: Array<{ dimensionValues?: Array<{ value?: string }>; metricValues?: Array<{ value?: string }> }>;
  rowCount?: number;
}

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

  async getProperties(): Promise<CommandResult> {
    const { items } = await this.client.collect<{
      account?: string;
      displayName?: string;
      propertySummaries?: Array<{ property?: string; displayName?: string; propertyType?: string; parent?: string }>;
    }>(this.admin("v1beta", "accountSummaries"), { ...read, maxPageSize: 200 }, (page) => page.accountSummaries as never, 10_000);
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
      data: { count: properties.length, properties },
      markdown: properties.length
        ? table(["Property", "Name", "Account"], properties.map((p) => [p.property, p.displayName, p.accountName]))
        : "No GA4 properties are visible to this Google account.",
    };
  }

  async getReports(input: z.output<typeof reportInput>): Promise<CommandResult> {
    const metrics = input.metrics ?? DEFAULT_METRICS;
    const dimensions = input.dimensions ?? DEFAULT_DIMENSIONS;
    const report = await this.client.call<ReportResponse>(this.data(input.property_id, "runReport"), {
      ...read,
      method: "POST",
      what: `property ${input.property_id}`,
      json: {
        dateRanges: [{ startDate: input.start_date, endDate: input.end_date }],
        metrics: metrics.map((name) => ({ name })),
        dimensions: dimensions.map((name) => ({ name })),
        limit: String(input.limit),
      },
    });
    return shapeReport(report, `${input.property_id}, ${input.start_date} to ${input.end_date}`, { property: input.property_id, startDate: input.start_date, endDate: input.end_date });
  }

  async getRealtime(input: z.output<typeof realtimeInput>): Promise<CommandResult> {
    const report = await this.client.call<ReportResponse>(this.data(input.property_id, "runRealtimeReport"), {
      ...read,
      method: "POST",
      what: `property ${input.property_id}`,
      json: { metrics: REALTIME_METRICS.map((name) => ({ name })), dimensions: REALTIME_DIMENSIONS.map((name) => ({ name })) },
    });
    return shapeReport(report, `${input.property_id}, last 30 minutes`, { property: input.property_id });
  }

  async getAudiences(input: z.output<typeof audiencesInput>): Promise<CommandResult> {
    // Audiences are only in the Admin API's alpha surface.
    const { items } = await this.client.collect<{ name?: string; displayName?: string; description?: string; membershipDurationDays?: number }>(
      this.admin("v1alpha", `${input.property_id}/audiences`),
      { ...read, maxPageSize: 200, what: `property ${input.property_id}` },
      (page) => page.audiences as never,
      10_000,
    );
    const audiences = items.map((a) => ({ name: a.name, displayName: a.displayName, description: a.description ?? "", membershipDurationDays: a.membershipDurationDays ?? null }));
    return {
      data: { property: input.property_id, count: audiences.length, audiences },
      markdown: audiences.length ? table(["Audience", "Name", "Days"], audiences.map((a) => [a.name, a.displayName, a.membershipDurationDays])) : `No audiences in ${input.property_id}.`,
    };
  }

  async createCustomDimension(input: z.output<typeof customDimensionInput>): Promise<CommandResult> {
    const parameterName = input.parameter_name ?? toParameterName(input.display_name);
    const created = await this.client.call<{ name?: string; parameterName?: string; displayName?: string; scope?: string }>(
      this.admin("v1beta", `${input.property_id}/customDimensions`),
      {
        ...edit,
        method: "POST",
        what: `property ${input.property_id}`,
        json: { parameterName, displayName: input.display_name, description: input.description, scope: input.scope },
      },
    );
    return {
      data: { created: true, customDimension: created },
      markdown: `Custom dimension "${input.display_name}" (${input.scope}, parameter ${parameterName}) created as ${created.name}.`,
    };
  }
}

function shapeReport(report: ReportResponse, title: string, about: Record<string, string>): CommandResult {
  const dimensions = (report.dimensionHeaders ?? []).map((h) => h.name);
  const metrics = (report.metricHeaders ?? []).map((h) => h.name);
  const rows = (report.rows ?? []).map((row) => {
    const out: Record<string, string | number> = {};
    dimensions.forEach((name, i) => (out[name] = row.dimensionValues?.[i]?.value ?? ""));
    metrics.forEach((name, i) => (out[name] = Number(row.metricValues?.[i]?.value ?? 0)));
    return out;
  });
  const shown = rows.slice(0, 20);
  return {
    data: { ...about, dimensions, metrics, rowCount: report.rowCount ?? rows.length, rows },
    markdown: rows.length
      ? `${title}: ${report.rowCount ?? rows.length} row(s)${rows.length > shown.length ? ` (first ${shown.length} shown)` : ""}\n\n${table([...dimensions, ...metrics], shown.map((r) => [...dimensions, ...metrics].map((k) => r[k])))}`
      : `${title}: no data.`,
  };
}
