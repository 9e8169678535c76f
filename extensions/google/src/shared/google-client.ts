import type { HttpClient } from "@agx-ext/auth";
import type { Method } from "got";
import { scopeMissing, translateGoogleError } from "./google-error.js";
import { isScopeGranted, type Product } from "./products.js";

type Param = string | number | boolean | undefined | readonly string[];

export interface GoogleCall {
  product: Product;
  /** The scope this call needs; checked against the connection's granted scopes before sending. */
  scope: string;
  method?: Method;
  searchParams?: Record<string, Param>;
  json?: unknown;
  headers?: Record<string, string>;
  /** How to name the target in a NOT_FOUND message, e.g. `message 18c...`. */
  what?: string;
}

/** Scopes the calling user granted, or undefined when the connection does not say. */
export type GrantedScopes = () => Promise<ReadonlySet<string> | undefined>;

function toSearchParams(params: Record<string, Param> = {}): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.append(key, String(value));
  }
  return search;
}

/** JSON calls to Google APIs over the user's authorized HTTP client, with Google's errors translated. */
export class GoogleClient {
  /** Read once per command call: a call's grant does not change while it runs. */
  private granted: Promise<ReadonlySet<string> | undefined> | undefined;

  constructor(
    readonly http: HttpClient,
    private readonly grantedScopes: GrantedScopes,
  ) {}

  /** Refuses early, without a request, when the connection is known to lack the scope. */
  async ensureScope(product: Product, scope: string): Promise<void> {
    this.granted ??= this.grantedScopes();
    const granted = await this.granted;
    if (granted && !isScopeGranted(scope, granted)) throw scopeMissing(product);
  }

  async call<T>(url: string, call: GoogleCall): Promise<T> {
    await this.ensureScope(call.product, call.scope);
    try {
      const response = await this.http(url, {
        method: call.method ?? "GET",
        searchParams: toSearchParams(call.searchParams),
        ...(call.json !== undefined ? { json: call.json } : {}),
        ...(call.headers ? { headers: call.headers } : {}),
        responseType: "text",
      });
      const text = (response.body as string) ?? "";
      return (text.trim() === "" ? {} : JSON.parse(text)) as T;
    } catch (error) {
      throw translateGoogleError(error, call.product, call.what);
    }
  }

  /** Follows `nextPageToken` until `limit` items are collected or the pages run out; `maxPageSize` omitted sends no page size. */
  async collect<T>(
    url: string,
    call: GoogleCall & { pageSizeParam?: string; maxPageSize?: number },
    itemsOf: (page: Record<string, unknown>) => T[] | undefined,
    limit: number,
  ): Promise<{ items: T[]; more: boolean }> {
    const items: T[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call<Record<string, unknown>>(url, {
        ...call,
        searchParams: {
          ...call.searchParams,
          // Some list methods (Tag Manager's) take no page size and refuse unknown parameters.
          ...(call.maxPageSize ? { [call.pageSizeParam ?? "pageSize"]: Math.min(call.maxPageSize, limit - items.length) } : {}),
          pageToken,
        },
      });
      items.push(...(itemsOf(page) ?? []));
      pageToken = typeof page.nextPageToken === "string" && page.nextPageToken ? page.nextPageToken : undefined;
    } while (pageToken && items.length < limit);
    return { items: items.slice(0, limit), more: pageToken !== undefined || items.length > limit };
  }
}
