/**
 * The slice of the authorized got instance (core's HTTP token, provided by @agx-ext/auth) this package uses.
 * Non-2xx answers reject with auth's CommandError mapping (401 -> UNAUTHORIZED/NOT_CONNECTED, 429 -> RATE_LIMITED...).
 */
export interface HttpClient {
  get(url: string, options?: { searchParams?: Record<string, string | number>; signal?: AbortSignal }): { json<T>(): Promise<T> };
}
