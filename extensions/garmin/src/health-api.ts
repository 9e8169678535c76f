import { addDays } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import type { SummaryType } from "./summaries.js";
import { localDayWindow, splitWindow, startOfLocalDay, type EpochWindow } from "./time-window.js";

/**
 * How long after a day ends its summaries may still arrive: a watch syncs when the phone sees it,
 * so last night's sleep or yesterday's final daily often upload the next morning.
 */
const LATE_SYNC_DAYS = 1;

export interface DayQuery {
  /** YYYY-MM-DD in the host's time zone. */
  date: string;
  timeZone: string;
  now: Date;
  signal?: AbortSignal;
}

/**
 * Reads summaries from Garmin's pull endpoints. Garmin indexes summaries by upload time, not by the
 * day they describe, so a day is read as the upload windows from its local midnight to the end of
 * the late-sync allowance (never past now), each at most 86400 s as Garmin requires.
 */
export class HealthApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  /** Upload windows that can hold summaries of the day. Empty for a day that has not begun. */
  static uploadWindows(query: DayQuery): EpochWindow[] {
    const day = localDayWindow(query.date, query.timeZone);
    const nowSeconds = Math.floor(query.now.getTime() / 1000);
    const end = Math.min(startOfLocalDay(addDays(query.date, 1 + LATE_SYNC_DAYS), query.timeZone), nowSeconds);
    if (end <= day.start) return [];
    return splitWindow({ start: day.start, end });
  }

  /**
   * Every summary of a type uploaded in the day's windows, one per summaryId (the latest upload wins,
   * since Garmin re-sends a summary whenever it changes).
   */
  async pull<T extends { summaryId: string }>(type: SummaryType, query: DayQuery): Promise<T[]> {
    const latest = new Map<string, T>();
    for (const window of HealthApi.uploadWindows(query)) {
      const page = await this.http
        .get(this.url(`/wellness-api/rest/${type}`), {
          searchParams: { uploadStartTimeInSeconds: window.start, uploadEndTimeInSeconds: window.end },
          ...(query.signal ? { signal: query.signal } : {}),
        })
        .json<T[]>();
      for (const summary of Array.isArray(page) ? page : []) {
        latest.delete(summary.summaryId); // keep insertion order = upload order
        latest.set(summary.summaryId, summary);
      }
    }
    return [...latest.values()];
  }

  /** The Garmin user id the connection belongs to. */
  async userId(signal?: AbortSignal): Promise<string> {
    const body = await this.http.get(this.url("/wellness-api/rest/user/id"), signal ? { signal } : {}).json<{ userId: string }>();
    return body.userId;
  }

  private url(path: string): string {
    return `${this.baseUrl.replace(/\/+$/, "")}${path}`;
  }
}
