/**
 * The part of the authorized got instance (core's HTTP token, provided by @agx-ext/auth) this
 * extension uses. Written structurally so the extension needs no got dependency of its own.
 */
export interface HttpRequestOptions {
  searchParams?: Record<string, string>;
  json?: unknown;
  retry?: { methods?: string[] };
}

export interface HttpClient {
  get(url: string, options?: HttpRequestOptions): { json<T>(): Promise<T> };
  post(url: string, options?: HttpRequestOptions): { json<T>(): Promise<T> };
}
