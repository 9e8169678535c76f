/**
 * A fake Garmin Health and Activity API (pull side) on 127.0.0.1, following Garmin's published rules:
 * summaries are served by upload time, both uploadStartTimeInSeconds and uploadEndTimeInSeconds are
 * required, the range may not exceed 86400 seconds, and every request carries either an OAuth 2.0
 * bearer token or an OAuth 1.0a signature (checked with the caller's verifier).
 */
import { startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";

const SUMMARY_TYPES = ["dailies", "epochs", "sleeps", "stressDetails", "bodyComps", "activities", "activityDetails"] as const;
type FakeSummaryType = (typeof SUMMARY_TYPES)[number];

export interface FakeGarminOptions {
  /** True for a bearer token the OAuth 2.0 server issued and that is still valid. */
  acceptsBearer: (token: string) => boolean;
  /** True for a request whose OAuth 1.0a Authorization header verifies (RFC 5849). */
  verifyOAuth1?: (request: FakeRequest, absoluteUrl: string) => boolean;
  /** The Garmin user id /user/id answers. */
  userId?: string;
}

export interface FakeGarmin {
  readonly url: string;
  readonly provider: FakeProvider;
  readonly userId: string;
  /** Makes a summary available to pull requests whose upload window holds `uploadedAt` (epoch seconds). */
  upload(type: FakeSummaryType, summary: { summaryId: string; [field: string]: unknown }, uploadedAt: number): void;
  /** Pull requests received for one summary type, as [start, end] pairs. */
  windowsRequested(type: FakeSummaryType): Array<[number, number]>;
  /**
   * The body Garmin posts to the partner's notification endpoint for these uploads: `ping` lists each upload window
   * with the callbackURL to pull it from, `push` the summaries themselves; every entry names the user (and, for
   * users still on OAuth 1.0a, their userAccessToken).
   */
  notification(
    mode: "ping" | "push",
    type: FakeSummaryType,
    uploads: Array<{ summary: { summaryId: string; [field: string]: unknown }; uploadedAt: number }>,
    userAccessToken?: string,
  ): Record<string, unknown[]>;
  close(): Promise<void>;
}

const MAX_RANGE_SECONDS = 86_400;

function garminError(status: number, message: string, headers?: Record<string, string>): FakeReply {
  return { status, json: { errorMessage: message }, ...(headers ? { headers } : {}) };
}

export async function startFakeGarmin(options: FakeGarminOptions): Promise<FakeGarmin> {
  const userId = options.userId ?? "7f0c2a1e-5b9d-4c3e-9a61-2d8e4f6b1c07";
  const uploads = new Map<FakeSummaryType, Array<{ summary: unknown; uploadedAt: number }>>();
  let baseUrl = "";

  const authorized = (request: FakeRequest): FakeReply | undefined => {
    const header = request.headers.authorization ?? "";
    if (/^Bearer\s/i.test(header)) {
      if (request.token && options.acceptsBearer(request.token)) return undefined;
      return garminError(401, "Invalid or expired access token", { "www-authenticate": 'Bearer error="invalid_token"' });
    }
    if (/^OAuth\s/i.test(header)) {
      if (options.verifyOAuth1?.(request, `${baseUrl}${request.url.pathname}${request.url.search}`)) return undefined;
      return garminError(401, "Invalid OAuth 1.0a signature or revoked user access token", { "www-authenticate": 'OAuth realm="garmin"' });
    }
    return garminError(401, "Authorization header is missing", { "www-authenticate": "Bearer" });
  };

  const pull = (request: FakeRequest): FakeReply => {
    const denied = authorized(request);
    if (denied) return denied;
    const type = request.params.type as FakeSummaryType;
    if (!SUMMARY_TYPES.includes(type)) return garminError(404, `Unknown summary type ${request.params.type}`);
    const startText = request.query.get("uploadStartTimeInSeconds");
    const endText = request.query.get("uploadEndTimeInSeconds");
    if (startText === null || endText === null) return garminError(400, "uploadStartTimeInSeconds and uploadEndTimeInSeconds are both required");
    if (!/^\d+$/.test(startText) || !/^\d+$/.test(endText))
      return garminError(400, "uploadStartTimeInSeconds and uploadEndTimeInSeconds must be whole epoch seconds");
    const start = Number(startText);
    const end = Number(endText);
    if (end <= start) return garminError(400, "uploadEndTimeInSeconds must be after uploadStartTimeInSeconds");
    if (end - start > MAX_RANGE_SECONDS) return garminError(400, `Time range of ${end - start} seconds exceeds the maximum of ${MAX_RANGE_SECONDS} seconds`);
    const found = (uploads.get(type) ?? []).filter((u) => u.uploadedAt >= start && u.uploadedAt < end).map((u) => u.summary);
    return { json: found };
  };

  const provider = await startFakeProvider({
    routes: {
      "GET /wellness-api/rest/user/id": (request) => authorized(request) ?? { json: { userId } },
      "GET /wellness-api/rest/:type": pull,
    },
  });
  baseUrl = provider.url;

  return {
    url: provider.url,
    provider,
    userId,
    upload(type, summary, uploadedAt) {
      uploads.set(type, [...(uploads.get(type) ?? []), { summary, uploadedAt }]);
    },
    windowsRequested(type) {
      return provider
        .requestsTo(`/wellness-api/rest/${type}`, "GET")
        .map((r) => [Number(r.query.get("uploadStartTimeInSeconds")), Number(r.query.get("uploadEndTimeInSeconds"))]);
    },
    notification(mode, type, list, userAccessToken) {
      const who = { userId, ...(userAccessToken ? { userAccessToken } : {}) };
      if (mode === "push") return { [type]: list.map((u) => ({ ...who, ...u.summary })) };
      return {
        [type]: list.map((u) => ({
          ...who,
          uploadStartTimeInSeconds: u.uploadedAt,
          uploadEndTimeInSeconds: u.uploadedAt + 1,
          callbackURL: `${provider.url}/wellness-api/rest/${type}?uploadStartTimeInSeconds=${u.uploadedAt}&uploadEndTimeInSeconds=${u.uploadedAt + 1}`,
        })),
      };
    },
    close: () => provider.close(),
  };
}
