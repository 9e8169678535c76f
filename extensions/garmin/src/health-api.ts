import { addDays, CommandError, keepValid, type z } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import type { SummaryType } from "./summaries.js";
import { localDayWindow, splitWindow, startOfLocalDay, type EpochWindow } from "./time-window.js";

/**
 * How long after a day ends its summaries may still arrive: a watch syncs when the phone sees it,
 * so last night's sleep or yesterday's final daily often upload the next morning.
 */
const LATE_SYNC_DAYS = 1;

/** Garmin's answer to a pull as a JSON array; anything else is Garmin's fault, so PROVIDER_ERROR rather than a crash. */
function summaryList(text: string, type: SummaryType): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!Array.isArray(body))
    throw new CommandError("PROVIDER_ERROR", `Garmin answered the ${type} request with something that is not a list of summaries; try again later.`, {
      details: { provider: "garmin", summaryType: type },
    });
  return body;
}

/** The summaries of a pull, and how many records Garmin sent that could not be read. */
export interface Pulled<T> {
  items: T[];
  skipped: number;
}

/** The day a read asks Garmin for, with the clock and signal of the call. */
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
    // Garmin's upload times are epoch seconds: the first day's midnight east of Greenwich is before 0.
    const start = Math.max(day.start, 0);
    if (end <= start) return [];
    return splitWindow({ start, end });
  }

  /**
   * Every summary of a type uploaded in the day's windows that matches the schema, one per summaryId (the
   * latest upload wins, since Garmin re-sends a summary whenever it changes), and how many did not match.
   * Garmin has no page tokens: a day is at most three windows, so at most three requests per summary type.
   */
  async pull<S extends z.ZodType<{ summaryId: string }>>(type: SummaryType, schema: S, query: DayQuery): Promise<Pulled<z.output<S>>> {
    return this.pullWindows(type, schema, HealthApi.uploadWindows(query), query.signal);
  }

  /** Like pull, for upload windows of at most 86400 s each (the poll triggers read what was uploaded since their last poll). */
  async pullWindows<S extends z.ZodType<{ summaryId: string }>>(
    type: SummaryType,
    schema: S,
    windows: EpochWindow[],
    signal?: AbortSignal,
  ): Promise<Pulled<z.output<S>>> {
    const latest = new Map<string, z.output<S>>();
    let skipped = 0;
    for (const window of windows) {
      const text = await this.http
        .get(this.url(`/wellness-api/rest/${type}`), {
          searchParams: { uploadStartTimeInSeconds: window.start, uploadEndTimeInSeconds: window.end },
          ...(signal ? { signal } : {}),
        })
        .text();
      const valid = keepValid(summaryList(text, type), schema);
      skipped += valid.skipped;
      for (const summary of valid.items) {
        latest.delete(summary.summaryId); // keep insertion order = upload order
        latest.set(summary.summaryId, summary);
      }
    }
    return { items: [...latest.values()], skipped };
  }

  /** The Garmin user id the connection belongs to. */
  async userId(signal?: AbortSignal): Promise<string> {
    const text = await this.http.get(this.url("/wellness-api/rest/user/id"), signal ? { signal } : {}).text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const userId = typeof body === "object" && body !== null ? (body as { userId?: unknown }).userId : undefined;
    if (typeof userId !== "string" || userId === "")
      throw new CommandError("PROVIDER_ERROR", "Garmin answered the user id request without a user id; try again later.", { details: { provider: "garmin" } });
    return userId;
  }

  private url(path: string): string {
    return `${this.baseUrl.replace(/\/+$/, "")}${path}`;
  }
}
