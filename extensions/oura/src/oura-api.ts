import { CommandError, isCommandError } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";

/** The body of every multi-document route: one page of documents and the token of the next. */
interface Page<T> {
  data: T[];
  next_token?: string | null;
}

/** Scope a user must grant for each collection, to name it when Oura answers 403. */
const SCOPE_OF: Record<string, string> = {
  personal_info: "personal",
  daily_activity: "daily",
  daily_sleep: "daily",
  daily_readiness: "daily",
  daily_stress: "daily",
  sleep: "daily",
  sleep_time: "daily",
  daily_spo2: "spo2Daily",
  heartrate: "heartrate",
  workout: "workout",
  session: "session",
};

/** Oura API v2 user collections, read with the calling user's OAuth token. */
export class OuraApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  private url(collection: string): string {
    return `${this.baseUrl.replace(/\/+$/, "")}/v2/usercollection/${collection}`;
  }

  async personalInfo(): Promise<Record<string, unknown>> {
    return this.call("personal_info", () => this.http.get(this.url("personal_info")).json<Record<string, unknown>>());
  }

  /** Every document of a collection in the window, following next_token to the last page. */
  async collection<T>(collection: string, params: Record<string, string>): Promise<T[]> {
    const documents: T[] = [];
    let nextToken: string | undefined;
    do {
      const searchParams = nextToken ? { ...params, next_token: nextToken } : params;
      const page = await this.call(collection, () => this.http.get(this.url(collection), { searchParams }).json<Page<T>>());
      documents.push(...page.data);
      nextToken = page.next_token ?? undefined;
    } while (nextToken);
    return documents;
  }

  private async call<T>(collection: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      // 403 is Oura's answer to a scope the user did not grant or an expired membership, not a revoked grant.
      if (isCommandError(error) && error.details?.status === 403 && error.code !== "NOT_CONNECTED")
        throw new CommandError(
          "UNAUTHORIZED",
          `Oura refused access to ${collection.replace(/_/g, " ")} data: the connection may lack the "${SCOPE_OF[collection] ?? collection}" scope, ` +
            "or the Oura membership has expired. Reconnect Oura and allow that data, or renew the membership.",
          { details: { ...error.details, collection } },
        );
      throw error;
    }
  }
}
