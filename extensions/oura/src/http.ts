/**
 * The part of the authorized got instance (core's HTTP token, provided by @agx-ext/auth) this
 * extension uses. Written structurally so the extension needs no got dependency of its own.
 */
export interface HttpClient {
  get(url: string, options?: { searchParams?: Record<string, string> }): { json<T>(): Promise<T> };
}
