import { collectPages, CommandError, isCommandError, keepValid, type z } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import { personalInfo, type PersonalInfo } from "./oura-types.js";

/**
 * Pages each command follows per collection before it stops and says the listing was cut short
 * (README, "Commands"). A day range rarely needs a second page; heart rate has a sample every few
 * minutes, so 30 days can take many.
 */
export const MAX_PAGES = { daily: 10, heartrate: 50 } as const;

/** The documents of a collection that could be read, how many Oura sent malformed, and whether the page cap cut the listing. */
export interface Listing<T> {
  items: T[];
  skipped: number;
  truncated: boolean;
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function notADocument(collection: string): CommandError {
  return new CommandError("PROVIDER_ERROR", `Oura answered ${collection.replace(/_/g, " ")} with something that is not a JSON object; try again later.`, {
    details: { provider: "oura", collection },
  });
}

/** Oura's answer as a JSON object; anything else is Oura's fault, so PROVIDER_ERROR rather than a crash. */
function jsonObject(text: string, collection: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw notADocument(collection);
  }
  if (!isRecord(body)) throw notADocument(collection);
  return body;
}

/** Oura API v2 user collections, read with the calling user's OAuth token. */
export class OuraApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
  ) {}

  private url(collection: string): string {
    return `${this.baseUrl.replace(/\/+$/, "")}/v2/usercollection/${collection}`;
  }

  async personalInfo(): Promise<PersonalInfo> {
    const text = await this.call("personal_info", () => this.http.get(this.url("personal_info")).text());
    return personalInfo.parse(jsonObject(text, "personal_info"));
  }

  /** The user's Oura id (personal_info `id`): webhook notifications name users by it. Undefined when Oura sends none. */
  async userId(): Promise<string | undefined> {
    const text = await this.call("personal_info", () => this.http.get(this.url("personal_info")).text());
    const id = jsonObject(text, "personal_info").id;
    return typeof id === "string" && id ? id : undefined;
  }

  /**
   * The documents of a collection in the window that match the schema, following next_token for at
   * most `maxPages` pages; a token Oura hands out twice stops the listing with PROVIDER_ERROR.
   */
  async collection<S extends z.ZodType>(collection: string, params: Record<string, string>, schema: S, maxPages: number): Promise<Listing<z.output<S>>> {
    let skipped = 0;
    const paged = await collectPages(
      async (token) => {
        const searchParams = token ? { ...params, next_token: token } : params;
        const text = await this.call(collection, () => this.http.get(this.url(collection), { searchParams }).text());
        const body = jsonObject(text, collection);
        const valid = keepValid(body.data, schema);
        skipped += valid.skipped;
        // Only a string is a token; anything else ends the listing rather than being sent back.
        return { items: valid.items, next: typeof body.next_token === "string" ? body.next_token : undefined };
      },
      { provider: "Oura", maxPages },
    );
    return { items: paged.items, skipped, truncated: paged.truncated };
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
