import { startFakeProvider, type FakeProvider, type FakeReply } from "@agx-ext/testing/provider";
import { googleError, invalidCredentials, notFound } from "./google-errors.js";

const METRICS = new Set(["activeUsers", "sessions", "bounceRate", "averageSessionDuration", "screenPageViews", "eventCount", "newUsers", "totalUsers"]);
const DIMENSIONS = new Set(["date", "country", "deviceCategory", "city", "unifiedScreenName", "pagePath", "sessionSource"]);
const REALTIME_DIMENSIONS = new Set(["country", "deviceCategory", "city", "unifiedScreenName", "minutesAgo"]);

export interface FakeAnalytics {
  admin: FakeProvider;
  data: FakeProvider;
  customDimensions: Array<Record<string, string>>;
}

/** GA4 Admin API (v1beta account summaries and custom dimensions, v1alpha audiences) and Data API v1beta reports. */
export async function startFakeAnalytics(isValidToken: (token: string) => boolean): Promise<FakeAnalytics> {
  const properties = new Set(["123456", "777"]);
  const customDimensions: FakeAnalytics["customDimensions"] = [];
  const property = (id: string | undefined): FakeReply | undefined =>
    properties.has(id ?? "") ? undefined : googleError(403, "User does not have sufficient permissions for this property.", "forbidden");

  const admin = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "GET /v1beta/accountSummaries": (req) => {
        const first = req.query.get("pageToken") === null;
        return {
          json: first
            ? {
                accountSummaries: [
                  {
                    name: "accountSummaries/1",
                    account: "accounts/1",
                    displayName: "Shop",
                    propertySummaries: [
                      { property: "properties/123456", displayName: "Shop web", propertyType: "PROPERTY_TYPE_ORDINARY", parent: "accounts/1" },
                    ],
                  },
                ],
                nextPageToken: "p2",
              }
            : {
                accountSummaries: [
                  {
                    name: "accountSummaries/2",
                    account: "accounts/2",
                    displayName: "Blog",
                    propertySummaries: [{ property: "properties/777", displayName: "Blog", propertyType: "PROPERTY_TYPE_ORDINARY", parent: "accounts/2" }],
                  },
                ],
              },
        };
      },
      "GET /v1alpha/properties/:id/audiences": (req) =>
        property(req.params.id) ?? {
          json: {
            audiences: [{ name: `properties/${req.params.id}/audiences/1`, displayName: "All Users", description: "All users", membershipDurationDays: 540 }],
          },
        },
      "GET /v1beta/properties/:id/audiences": () => notFound("Method not found."),
      "POST /v1beta/properties/:id/customDimensions": (req) => {
        const denied = property(req.params.id);
        if (denied) return denied;
        const body = (req.body ?? {}) as Record<string, string>;
        if (!body.parameterName || !/^[A-Za-z][A-Za-z0-9_]*$/.test(body.parameterName)) return googleError(400, "parameterName is invalid", "badRequest");
        if (!body.displayName) return googleError(400, "displayName is required", "badRequest");
        if (!["EVENT", "USER", "ITEM"].includes(body.scope ?? "")) return googleError(400, "scope is required", "badRequest");
        if (customDimensions.some((d) => d.parameterName === body.parameterName && d.scope === body.scope))
          return googleError(409, "A custom dimension with this parameter name already exists.", "alreadyExists");
        const created = { name: `properties/${req.params.id}/customDimensions/${customDimensions.length + 1}`, ...body };
        customDimensions.push(created);
        return { json: created };
      },
    },
  });

  const report =
    (realtime: boolean) =>
    (req: { params: Record<string, string>; body: unknown }): FakeReply => {
      const [id, method] = (req.params.target ?? "").split(":");
      if (method !== (realtime ? "runRealtimeReport" : "runReport")) return notFound("Method not found.");
      const denied = property(id);
      if (denied) return denied;
      const body = (req.body ?? {}) as {
        dateRanges?: Array<{ startDate: string; endDate: string }>;
        metrics?: Array<{ name: string }>;
        dimensions?: Array<{ name: string }>;
      };
      if (!realtime && !body.dateRanges?.length) return googleError(400, "dateRanges is required", "badRequest");
      if (!body.metrics?.length) return googleError(400, "At least one metric is required", "badRequest");
      for (const m of body.metrics) if (!METRICS.has(m.name)) return googleError(400, `Field ${m.name} is not a valid metric.`, "badRequest");
      for (const d of body.dimensions ?? [])
        if (!(realtime ? REALTIME_DIMENSIONS : DIMENSIONS).has(d.name)) return googleError(400, `Field ${d.name} is not a valid dimension.`, "badRequest");
      const rows = [0, 1].map((i) => ({
        dimensionValues: (body.dimensions ?? []).map((d) => ({ value: d.name === "date" ? `2026112${i}` : `${d.name}-${i}` })),
        metricValues: body.metrics!.map((_, j) => ({ value: String((i + 1) * 10 + j) })),
      }));
      return {
        json: {
          dimensionHeaders: (body.dimensions ?? []).map((d) => ({ name: d.name })),
          metricHeaders: body.metrics.map((m) => ({ name: m.name, type: "TYPE_INTEGER" })),
          rows,
          rowCount: rows.length,
          metadata: { currencyCode: "EUR", timeZone: "Europe/Berlin" },
          kind: realtime ? "analyticsData#runRealtimeReport" : "analyticsData#runReport",
        },
      };
    };

  // ":runReport" is part of the last path segment ("properties/123:runReport").
  const data = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "POST /v1beta/properties/:target": (req) => {
        const realtime = (req.params.target ?? "").endsWith(":runRealtimeReport");
        return report(realtime)(req);
      },
    },
  });
  return { admin, data, customDimensions };
}
