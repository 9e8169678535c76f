/**
 * A fake Oura API v2 (oura-openapi-latest.yaml): the /v2/usercollection routes the extension reads,
 * start_date/end_date (or start_datetime/end_datetime for heart rate) checked as the API checks them,
 * next_token pages, FastAPI-style error bodies (400 detail string, 422 detail list) and the 429
 * rate-limit headers the spec documents. Bearer tokens are checked against the OAuth test server.
 * Unknown query parameters are refused, which is stricter than Oura, so a misspelt one cannot pass.
 */
import { HOSTILE_PAGE_TOKEN, startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";

const DAILY_COLLECTIONS = [
  "daily_activity",
  "daily_sleep",
  "daily_readiness",
  "daily_stress",
  "daily_spo2",
  "sleep",
  "sleep_time",
  "workout",
  "session",
] as const;

type Collection = (typeof DAILY_COLLECTIONS)[number] | "heartrate";

export interface FakeOuraApi {
  provider: FakeProvider;
  /** Documents by collection; daily ones need `day`, heart-rate samples `timestamp` (UTC). */
  documents: Partial<Record<Collection, Array<Record<string, unknown>>>>;
  personalInfo: Record<string, unknown>;
  /** Documents per page before a next_token is handed out. */
  pageSize: number;
  /** The 429 Oura answers when a limit trips, with all five documented headers. */
  rateLimit(path: string, retryAfterSeconds?: number): void;
  /**
   * Behave like an Oura that keeps handing out the same next_token (hostile mode's repeatPageToken puts it on
   * every reply): the token is accepted for any listing and serves its first page again.
   */
  acceptRepeatedToken(token?: string): void;
  close(): Promise<void>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

function isRealDate(value: string): boolean {
  const d = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value.slice(0, 10);
}

function unprocessable(param: string, msg: string): FakeReply {
  return { status: 422, json: { detail: [{ loc: ["query", param], msg, type: "value_error" }] } };
}

const badRequest = (detail: string): FakeReply => ({ status: 400, json: { detail } });

export async function startFakeOuraApi(options: { isValidToken: (token: string) => boolean }): Promise<FakeOuraApi> {
  const pageTokens = new Map<string, { query: string; offset: number }>();
  const repeatedTokens = new Set<string>();
  let tokenCounter = 0;
  const state = {
    documents: {} as FakeOuraApi["documents"],
    personalInfo: {
      id: "8f9a5221-639e-4a6f-8a2c-1b6e2f6a1e11",
      age: 36,
      weight: 71.5,
      height: 1.78,
      biological_sex: "female",
      email: "alice@example.test",
    } as Record<string, unknown>,
    pageSize: 50,
  };

  /** One page of the matching documents; a next_token when more remain. */
  function page(req: FakeRequest, collection: Collection, matching: Array<Record<string, unknown>>): FakeReply {
    const query = [...req.query.entries()]
      .filter(([k]) => k !== "next_token")
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    let offset = 0;
    const token = req.query.get("next_token");
    if (token && !repeatedTokens.has(token)) {
      const known = pageTokens.get(token);
      if (!known || known.query !== `${collection}?${query}`) return badRequest("Invalid next_token.");
      offset = known.offset;
    }
    const data = matching.slice(offset, offset + state.pageSize);
    let next_token: string | null = null;
    if (offset + state.pageSize < matching.length) {
      next_token = `nt-${++tokenCounter}`;
      pageTokens.set(next_token, { query: `${collection}?${query}`, offset: offset + state.pageSize });
    }
    return { json: { data, next_token } };
  }

  function unknownParam(req: FakeRequest, allowed: string[]): FakeReply | undefined {
    for (const key of req.query.keys()) if (!allowed.includes(key)) return badRequest(`Unknown query parameter: ${key}.`);
    return undefined;
  }

  function daily(collection: (typeof DAILY_COLLECTIONS)[number]) {
    return (req: FakeRequest): FakeReply => {
      const unknown = unknownParam(req, ["start_date", "end_date", "next_token", "fields"]);
      if (unknown) return unknown;
      const start = req.query.get("start_date");
      const end = req.query.get("end_date");
      for (const [name, value] of [
        ["start_date", start],
        ["end_date", end],
      ] as const)
        if (value !== null && (!(DATE.test(value) || DATE_TIME.test(value)) || !isRealDate(value)))
          return unprocessable(name, "Input should be a valid date or datetime");
      const from = start?.slice(0, 10);
      const to = end?.slice(0, 10);
      if (from && to && from > to) return badRequest(`Start date is greater than end date: [start_date: ${from}; end_date: ${to}]`);
      const matching = (state.documents[collection] ?? []).filter((d) => {
        const day = String(d.day);
        return (!from || day >= from) && (!to || day <= to);
      });
      return page(req, collection, matching);
    };
  }

  function heartRate(req: FakeRequest): FakeReply {
    const unknown = unknownParam(req, ["start_datetime", "end_datetime", "next_token", "fields", "latest"]);
    if (unknown) return unknown;
    const start = req.query.get("start_datetime");
    const end = req.query.get("end_datetime");
    for (const [name, value] of [
      ["start_datetime", start],
      ["end_datetime", end],
    ] as const)
      if (value !== null && (!DATE_TIME.test(value) || !isRealDate(value))) return unprocessable(name, "Input should be a valid datetime");
    const from = start ? Date.parse(start) : -Infinity;
    const to = end ? Date.parse(end) : Infinity;
    if (from > to) return badRequest("Start datetime is greater than end datetime.");
    if (to - from > 30 * 86_400_000) return badRequest("The range between start_datetime and end_datetime may be at most 30 days.");
    const matching = (state.documents.heartrate ?? []).filter((s) => {
      const t = Date.parse(String(s.timestamp));
      return t >= from && t < to;
    });
    return page(req, "heartrate", matching);
  }

  const routes: Record<string, (req: FakeRequest) => FakeReply> = {
    "GET /v2/usercollection/personal_info": (req) => unknownParam(req, []) ?? { json: state.personalInfo },
    "GET /v2/usercollection/heartrate": heartRate,
  };
  for (const collection of DAILY_COLLECTIONS) routes[`GET /v2/usercollection/${collection}`] = daily(collection);

  const provider = await startFakeProvider({
    bearer: (token) => options.isValidToken(token),
    unauthorizedBody: { detail: "Invalid or expired access token." },
    routes,
  });

  return Object.assign(state, {
    provider,
    rateLimit(path: string, retryAfterSeconds = 1) {
      provider.fault({
        path,
        status: 429,
        retryAfter: retryAfterSeconds,
        json: { detail: "Rate limit exceeded." },
        headers: {
          "x-ratelimit-limit": "5000",
          "x-ratelimit-window": "300",
          "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + retryAfterSeconds),
          "x-ratelimit-tier": "token",
        },
      });
    },
    acceptRepeatedToken(token = HOSTILE_PAGE_TOKEN) {
      repeatedTokens.add(token);
    },
    close: () => provider.close(),
  });
}
