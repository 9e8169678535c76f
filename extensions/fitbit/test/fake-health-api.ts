/**
 * A fake Google Health API v4 (health-v4 discovery document): dataPoints.list with its AIP-160
 * filter grammar and page tokens, dataPoints:dailyRollUp with its range rules, Google's JSON error
 * bodies, and a bearer check against the OAuth test server's tokens. Anything the real API refuses
 * is refused here with the same status and error shape.
 */
import { HOSTILE_PAGE_TOKEN, startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";

type Kind = "interval" | "sample" | "daily" | "session" | "sleep";

/** Data types the fake serves, with the filter fields their kind allows and whether they roll up. */
const DATA_TYPES: Record<string, { kind: Kind; rollUp: boolean; maxRollUpDays?: number; pageSize?: number }> = {
  steps: { kind: "interval", rollUp: true },
  distance: { kind: "interval", rollUp: true },
  floors: { kind: "interval", rollUp: true },
  "total-calories": { kind: "interval", rollUp: true, maxRollUpDays: 14 },
  "active-minutes": { kind: "interval", rollUp: true, maxRollUpDays: 14 },
  "active-zone-minutes": { kind: "interval", rollUp: true },
  "time-in-heart-rate-zone": { kind: "interval", rollUp: true },
  "heart-rate": { kind: "sample", rollUp: true, maxRollUpDays: 14 },
  weight: { kind: "sample", rollUp: true },
  height: { kind: "sample", rollUp: false },
  "daily-resting-heart-rate": { kind: "daily", rollUp: false },
  exercise: { kind: "session", rollUp: false, pageSize: 25 },
  "hydration-log": { kind: "session", rollUp: true },
  sleep: { kind: "sleep", rollUp: false, pageSize: 25 },
};

const FILTER_FIELDS: Record<Kind, Record<string, "physical" | "civil" | "date">> = {
  interval: { "interval.start_time": "physical", "interval.civil_start_time": "civil" },
  sample: { "sample_time.physical_time": "physical", "sample_time.civil_time": "civil" },
  daily: { date: "date" },
  session: { "interval.civil_start_time": "civil" },
  sleep: { "interval.end_time": "physical", "interval.civil_end_time": "civil" },
};

const LITERALS = {
  physical: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  civil: /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
};

/** What the fake holds for the user: roll-up values by data type and day, raw points by data type. */
export interface HealthData {
  /** e.g. `rollUps.steps["2026-11-24"] = { steps: { countSum: "8412" } }` */
  rollUps: Record<string, Record<string, Record<string, unknown>>>;
  /** Raw data points as the API returns them, e.g. `{ weight: { sampleTime, weightGrams } }`. */
  points: Record<string, Array<Record<string, unknown>>>;
}

export interface FakeHealthApi {
  provider: FakeProvider;
  data: HealthData;
  /** Page size the fake uses when the request sets none (the real API: 1440, or 25 for sleep and exercise). */
  defaultPageSize: number | undefined;
  /** Answer every request as Google answers a token it does not accept as an OAuth 2 access token. */
  refuseAsLegacy: boolean;
  /**
   * Behave like an API that keeps handing out the same nextPageToken (hostile mode's repeatPageToken puts it
   * on every reply): the token is accepted for any listing and serves its first page again.
   */
  acceptRepeatedToken(token?: string): void;
  close(): Promise<void>;
}

function googleError(code: number, status: string, message: string, reason?: string): FakeReply {
  const details = reason ? [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com" }] : undefined;
  return { status: code, json: { error: { code, message, status, ...(details ? { details } : {}) } } };
}

const invalid = (message: string) => googleError(400, "INVALID_ARGUMENT", message);

const camel = (dataType: string) => dataType.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function civilString(
  civil: { date?: { year: number; month: number; day: number }; time?: { hours?: number; minutes?: number; seconds?: number } } | undefined,
): string | undefined {
  if (!civil?.date) return undefined;
  const p = (n: number | undefined) => String(n ?? 0).padStart(2, "0");
  const d = `${String(civil.date.year).padStart(4, "0")}-${p(civil.date.month)}-${p(civil.date.day)}`;
  return civil.time ? `${d}T${p(civil.time.hours)}:${p(civil.time.minutes)}:${p(civil.time.seconds)}` : d;
}

/** The value a filter field names, read off a stored point. */
function fieldValue(point: Record<string, any>, dataType: string, path: string): string | undefined {
  const value = point[camel(dataType)];
  if (!value) return undefined;
  switch (path) {
    case "interval.start_time":
      return value.interval?.startTime;
    case "interval.end_time":
      return value.interval?.endTime;
    case "interval.civil_start_time":
      return civilString(value.interval?.civilStartTime);
    case "interval.civil_end_time":
      return civilString(value.interval?.civilEndTime);
    case "sample_time.physical_time":
      return value.sampleTime?.physicalTime;
    case "sample_time.civil_time":
      return civilString(value.sampleTime?.civilTime);
    case "date":
      return civilString({ date: value.date });
  }
  return undefined;
}

/** Parses an AIP-160 filter of `field op "literal"` clauses joined by AND; an error message when it is not valid. */
function parseFilter(filter: string, dataType: string): Array<{ path: string; op: ">=" | "<"; literal: string }> | string {
  const kind = DATA_TYPES[dataType]!.kind;
  const prefix = dataType.replace(/-/g, "_");
  const clauses = filter.split(" AND ");
  const parsed: Array<{ path: string; op: ">=" | "<"; literal: string }> = [];
  for (const clause of clauses) {
    const m = /^\s*([a-z_.]+)\s*(>=|<)\s*"([^"]*)"\s*$/.exec(clause);
    if (!m) return `Invalid filter: cannot parse "${clause}".`;
    const [, field, op, literal] = m as unknown as [string, string, ">=" | "<", string];
    if (!field.startsWith(`${prefix}.`)) return `Invalid filter: field "${field}" does not belong to data type ${dataType}.`;
    const path = field.slice(prefix.length + 1);
    const format = FILTER_FIELDS[kind][path];
    if (!format) return `Invalid filter: field "${field}" is not supported for data type ${dataType}.`;
    if (!LITERALS[format].test(literal)) return `Invalid filter: "${literal}" is not a valid ${format} time literal for ${field}.`;
    parsed.push({ path, op, literal });
  }
  return parsed;
}

function isRealDate(d: unknown): d is { year: number; month: number; day: number } {
  if (typeof d !== "object" || d === null) return false;
  const { year, month, day } = d as Record<string, unknown>;
  if (![year, month, day].every((n) => Number.isInteger(n))) return false;
  const date = new Date(Date.UTC(year as number, (month as number) - 1, day as number));
  return date.getUTCFullYear() === year && date.getUTCMonth() === (month as number) - 1 && date.getUTCDate() === day;
}

const toIso = (d: { year: number; month: number; day: number }) => civilString({ date: d })!;

export async function startFakeHealthApi(options: { isValidToken: (token: string) => boolean }): Promise<FakeHealthApi> {
  const data: HealthData = { rollUps: {}, points: {} };
  const pageTokens = new Map<string, { query: string; offset: number }>();
  const repeatedTokens = new Set<string>();
  let tokenCounter = 0;

  const state: Omit<FakeHealthApi, "provider" | "close"> = {
    data,
    defaultPageSize: undefined,
    refuseAsLegacy: false,
    acceptRepeatedToken: (token = HOSTILE_PAGE_TOKEN) => void repeatedTokens.add(token),
  };

  const checkParent = (req: FakeRequest): FakeReply | string => {
    if (req.params.user !== "me") return googleError(403, "PERMISSION_DENIED", "The caller does not have permission to access this user's data.");
    const dataType = req.params.dataType!;
    if (!DATA_TYPES[dataType]) return invalid(`Invalid data type "${dataType}".`);
    return dataType;
  };

  const list = (req: FakeRequest): FakeReply => {
    const parent = checkParent(req);
    if (typeof parent !== "string") return parent;
    const dataType = parent;
    for (const key of req.query.keys())
      if (!["filter", "pageSize", "pageToken", "alt", "fields"].includes(key))
        return invalid(`Invalid JSON payload received. Unknown name "${key}": Cannot bind query parameter.`);
    const filter = req.query.get("filter") ?? "";
    const clauses = filter ? parseFilter(filter, dataType) : [];
    if (typeof clauses === "string") return invalid(clauses);
    const pageSizeParam = req.query.get("pageSize");
    if (pageSizeParam !== null && !/^\d+$/.test(pageSizeParam)) return invalid(`Invalid value at 'page_size' (TYPE_INT32), "${pageSizeParam}"`);
    const max = DATA_TYPES[dataType]!.pageSize ?? 10_000;
    const pageSize = Math.min(pageSizeParam ? Number(pageSizeParam) : (state.defaultPageSize ?? DATA_TYPES[dataType]!.pageSize ?? 1440), max);

    const query = `${dataType}|${filter}|${pageSize}`;
    let offset = 0;
    const token = req.query.get("pageToken");
    if (token && !repeatedTokens.has(token)) {
      const known = pageTokens.get(token);
      if (!known || known.query !== query) return invalid("Invalid page token: it does not belong to this query.");
      offset = known.offset;
    }
    const matching = (data.points[dataType] ?? []).filter((point) =>
      clauses.every(({ path, op, literal }) => {
        const value = fieldValue(point, dataType, path);
        return value !== undefined && (op === ">=" ? value >= literal : value < literal);
      }),
    );
    const page = matching.slice(offset, offset + pageSize);
    const reply: { dataPoints: unknown[]; nextPageToken?: string } = { dataPoints: page };
    if (offset + pageSize < matching.length) {
      const next = `page-${++tokenCounter}`;
      pageTokens.set(next, { query, offset: offset + pageSize });
      reply.nextPageToken = next;
    }
    return { json: reply };
  };

  const dailyRollUp = (req: FakeRequest): FakeReply => {
    const parent = checkParent(req);
    if (typeof parent !== "string") return parent;
    const dataType = parent;
    const spec = DATA_TYPES[dataType]!;
    if (!spec.rollUp) return invalid(`Data type ${dataType} does not support roll-ups.`);
    if (!String(req.headers["content-type"] ?? "").includes("application/json")) return invalid("Request body must be JSON.");
    const body = req.body as { range?: { start?: { date?: unknown; time?: unknown }; end?: { date?: unknown } }; windowSizeDays?: unknown } | undefined;
    const start = body?.range?.start?.date;
    const end = body?.range?.end?.date;
    if (!isRealDate(start) || !isRealDate(end)) return invalid("range.start and range.end are required and must be valid civil dates.");
    if (body?.range?.start?.time !== undefined) return invalid("range.start must be aligned with the aggregation window.");
    const windowSizeDays = body?.windowSizeDays ?? 1;
    if (windowSizeDays !== 1) return invalid("This fake only serves windowSizeDays = 1.");
    const from = toIso(start);
    const to = toIso(end);
    if (from >= to) return invalid("range.end must be after range.start.");
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days > (spec.maxRollUpDays ?? 90)) return invalid(`The maximum range for ${dataType} is ${spec.maxRollUpDays ?? 90} days.`);
    const rollupDataPoints = [];
    for (let d = from; d < to; d = new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10)) {
      const value = data.rollUps[dataType]?.[d];
      const [year, month, day] = d.split("-").map(Number) as [number, number, number];
      const next = new Date(Date.parse(d) + 86_400_000);
      rollupDataPoints.push({
        civilStartTime: { date: { year, month, day } },
        civilEndTime: { date: { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() } },
        ...(value ?? {}),
      });
    }
    return { json: { rollupDataPoints } };
  };

  const provider = await startFakeProvider({
    bearer: (token) => state.refuseAsLegacy || options.isValidToken(token),
    unauthorizedBody: googleError(
      401,
      "UNAUTHENTICATED",
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    ).json,
    routes: {
      "GET /v4/users/:user/dataTypes/:dataType/dataPoints": (req) => (state.refuseAsLegacy ? legacy() : list(req)),
      "POST /v4/users/:user/dataTypes/:dataType/dataPoints:dailyRollUp": (req) => (state.refuseAsLegacy ? legacy() : dailyRollUp(req)),
    },
  });

  function legacy(): FakeReply {
    return {
      ...googleError(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        "ACCESS_TOKEN_TYPE_UNSUPPORTED",
      ),
      headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    };
  }

  return Object.assign(state, { provider, close: () => provider.close() });
}
