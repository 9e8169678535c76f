// One way for every page to talk to the host: same-origin fetches with the session cookie, the CSRF
// header on anything that changes state, and the host's JSON error envelope turned into ApiError.

/** A failed request, as the host's envelope describes it (`{ ok: false, error: { code, message, details } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | undefined;
/** Someone to tell when the session is gone (401), so the app can send the person to sign in. */
let onSignedOut: (() => void) | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function onSessionLost(handler: () => void): void {
  onSignedOut = handler;
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A 401 here is a wrong key or link, not a lost session: do not sign out. */
  signingIn?: boolean;
}

/** Calls `/v1/...` and returns the parsed JSON body (undefined for 204). */
export async function api<T>(path: string, { method = "GET", body, signingIn = false }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (!SAFE_METHODS.has(method) && csrfToken) headers["x-agx-csrf"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, "NETWORK", "The host could not be reached. Check that agx serve is running, then try again.");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const failure = new ApiError(
    response.status,
    typeof error?.code === "string" ? error.code : `HTTP_${response.status}`,
    typeof error?.message === "string" ? error.message : `The host answered ${response.status} ${response.statusText}.`,
    error?.details,
  );
  if (response.status === 401 && !signingIn) onSignedOut?.();
  throw failure;
}
