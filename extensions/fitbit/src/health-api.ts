import { addDays } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import type { DailyRollUpDataPointsResponse, DailyRollupDataPoint, DataPoint, HealthDate, ListDataPointsResponse } from "./health-types.js";
import { isLegacyTokenRefusal, reconnectThroughGoogle } from "./legacy-token.js";

/** Data type ids of the Health API collections the commands read (kebab case in paths). */
export type DataTypeId =
  | "steps"
  | "total-calories"
  | "distance"
  | "floors"
  | "active-minutes"
  | "active-zone-minutes"
  | "heart-rate"
  | "time-in-heart-rate-zone"
  | "daily-resting-heart-rate"
  | "sleep"
  | "exercise"
  | "weight"
  | "height"
  | "hydration-log";

/**
 * One calendar day on a field of the data type, in the filter grammar of dataPoints.list (AIP-160):
 * `[date, next day)`, with the data type named in snake case, e.g. `sleep.interval.civil_end_time`.
 */
export function dayFilter(dataType: DataTypeId, fieldPath: string, date: string): string {
  const field = `${dataType.replace(/-/g, "_")}.${fieldPath}`;
  return `${field} >= "${date}" AND ${field} < "${addDays(date, 1)}"`;
}

function healthDate(date: string): HealthDate {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

/** The Google Health API v4 calls the commands make, for the user "me" of the access token. */
export class HealthApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly extensionId: string,
  ) {}

  private url(dataType: DataTypeId, method: string): string {
    return `${this.baseUrl.replace(/\/+$/, "")}/v4/users/me/dataTypes/${dataType}/dataPoints${method}`;
  }

  /** One calendar day of a data type rolled up (dataPoints:dailyRollUp, a one-day window). */
  async dailyRollUp(dataType: DataTypeId, date: string): Promise<DailyRollupDataPoint | undefined> {
    const body = {
      range: { start: { date: healthDate(date) }, end: { date: healthDate(addDays(date, 1)) } },
      windowSizeDays: 1,
    };
    const response = await this.call(() =>
      // A roll-up is a read even though it is a POST, so it may be retried like a GET.
      this.http.post(this.url(dataType, ":dailyRollUp"), { json: body, retry: { methods: ["POST"] } }).json<DailyRollUpDataPointsResponse>(),
    );
    return response.rollupDataPoints?.[0];
  }

  /** Every data point matching the filter, following nextPageToken to the last page. */
  async list(dataType: DataTypeId, options: { filter?: string; pageSize?: number; maxPages?: number } = {}): Promise<DataPoint[]> {
    const points: DataPoint[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const searchParams: Record<string, string> = {};
      if (options.filter) searchParams.filter = options.filter;
      if (options.pageSize) searchParams.pageSize = String(options.pageSize);
      if (pageToken) searchParams.pageToken = pageToken;
      const page = await this.call(() => this.http.get(this.url(dataType, ""), { searchParams }).json<ListDataPointsResponse>());
      points.push(...(page.dataPoints ?? []));
      pageToken = page.nextPageToken || undefined;
      pages += 1;
    } while (pageToken && (options.maxPages === undefined || pages < options.maxPages));
    return points;
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isLegacyTokenRefusal(error)) throw reconnectThroughGoogle(this.extensionId);
      throw error;
    }
  }
}
