import { addDays, collectPages, CommandError, keepValid, type z } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import { dailyRollupDataPoint, type DailyRollupDataPoint, type HealthDate } from "./health-types.js";
import { isLegacyTokenRefusal, reconnectThroughGoogle } from "./legacy-token.js";

/**
 * Pages a command follows per listing before it stops and says the listing was cut short (README,
 * "How the commands map onto the Google Health API"). One day of a data type fits in one page (Google
 * pages 25 sleep or exercise sessions, 1440 other points), so five leave ample room.
 */
export const MAX_PAGES = 5;

/** The points of a listing that could be read, how many Google sent malformed, and whether the page cap cut it. */
export interface Listing<T> {
  items: T[];
  skipped: number;
  truncated: boolean;
}

/** The day's roll-up point, if Google has one, and how many malformed points it sent alongside. */
export interface RollUp {
  point: DailyRollupDataPoint | undefined;
  skipped: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function notAnObject(dataType: DataTypeId): CommandError {
  return new CommandError("PROVIDER_ERROR", `Google answered the ${dataType} request with something that is not a JSON object; try again later.`, {
    details: { provider: "fitbit", dataType },
  });
}

/** Google's answer as a JSON object; anything else is Google's fault, so PROVIDER_ERROR rather than a crash. */
function jsonObject(text: string, dataType: DataTypeId): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw notAnObject(dataType);
  }
  if (!isRecord(body)) throw notAnObject(dataType);
  return body;
}

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
  async dailyRollUp(dataType: DataTypeId, date: string): Promise<RollUp> {
    const body = {
      range: { start: { date: healthDate(date) }, end: { date: healthDate(addDays(date, 1)) } },
      windowSizeDays: 1,
    };
    const text = await this.call(() =>
      // A roll-up is a read even though it is a POST, so it may be retried like a GET.
      this.http.post(this.url(dataType, ":dailyRollUp"), { json: body, retry: { methods: ["POST"] } }).text(),
    );
    const response = jsonObject(text, dataType);
    const { items, skipped } = keepValid(response.rollupDataPoints, dailyRollupDataPoint);
    const wanted = healthDate(date);
    const point = items.find(({ civilStartTime: { date: d } }) => d.year === wanted.year && d.month === wanted.month && d.day === wanted.day);
    return { point, skipped };
  }

  /**
   * The data points matching the filter that fit the schema, following nextPageToken for at most
   * `maxPages` pages; a token Google hands out twice stops the listing with PROVIDER_ERROR.
   */
  async list<S extends z.ZodType>(
    dataType: DataTypeId,
    schema: S,
    options: { filter?: string; pageSize?: number; maxPages?: number } = {},
  ): Promise<Listing<z.output<S>>> {
    let skipped = 0;
    const paged = await collectPages(
      async (pageToken) => {
        const searchParams: Record<string, string> = {};
        if (options.filter) searchParams.filter = options.filter;
        if (options.pageSize) searchParams.pageSize = String(options.pageSize);
        if (pageToken) searchParams.pageToken = pageToken;
        const page = jsonObject(await this.call(() => this.http.get(this.url(dataType, ""), { searchParams }).text()), dataType);
        const valid = keepValid(page.dataPoints, schema);
        skipped += valid.skipped;
        // Only a string is a token; anything else ends the listing rather than being sent back.
        return { items: valid.items, next: typeof page.nextPageToken === "string" ? page.nextPageToken : undefined };
      },
      { provider: "Google Health API", maxPages: options.maxPages ?? MAX_PAGES },
    );
    return { items: paged.items, skipped, truncated: paged.truncated };
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
