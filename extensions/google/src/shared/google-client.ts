import { collectPages, CommandError, keepValid, type z } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import { scopeMissing, translateGoogleError } from "./google-error.js";
import { grantAllows, type ApiMethod } from "./method-scopes.js";
import { PRODUCTS, type Product } from "./products.js";

type Param = string | number | boolean | undefined | readonly string[];

/** The HTTP methods Google's REST APIs use (a subset of got's, so the injected client takes them as they are). */
type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One request to a Google API: the product and method (for scope checks and errors), the URL and its parameters. */
export interface GoogleCall {
  product: Product;
  /** The Google method called (discovery id); the grant must hold one of the scopes Google documents for it. */
  api: ApiMethod;
  method?: HttpMethod;
  searchParams?: Record<string, Param>;
  json?: unknown;
  headers?: Record<string, string>;
  /** How to name the target in a NOT_FOUND or permission message, e.g. `message 18c...`. */
  what?: string;
}

/** A paged listing: where the items are, how each is parsed, and how page tokens travel. */
export interface ListCall<S extends z.ZodType> extends GoogleCall {
  /** Field of each page that holds the items. */
  itemsField: string;
  /** Each item is parsed with this; items that do not match are skipped and counted. */
  item: S;
  /** Stop after this many items. */
  limit: number;
  /** Stop after this many pages (the command documents it). */
  maxPages: number;
  /** Page size parameter, when the method takes one (Tag Manager's do not, and refuse unknown parameters). */
  pageSize?: { param: string; max: number };
  /** Where the next page token goes: a query parameter (default) or a field of the JSON body (Ads search). */
  tokenIn?: "query" | "body";
}

/** The items of a paged listing, whether Google had more, and how many malformed items were left out. */
export interface Listing<T> {
  items: T[];
  /** Google had more than was returned (the limit or the page cap was reached). */
  more: boolean;
  /** Items Google sent that were malformed and left out. */
  skipped: number;
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

  /** Refuses early, without a request, when the connection is known to lack every scope the method accepts. */
  async ensureScope(product: Product, api: ApiMethod): Promise<void> {
    const granted = await this.grant();
    if (granted && !grantAllows(api, granted)) throw scopeMissing(product);
  }

  /** The scopes the calling user granted, or undefined when the connection does not say (read once per call). */
  grant(): Promise<ReadonlySet<string> | undefined> {
    this.granted ??= this.grantedScopes();
    return this.granted;
  }

  async call<T>(url: string, call: GoogleCall): Promise<T> {
    await this.ensureScope(call.product, call.api);
    let text: string;
    try {
      const response = await this.http(url, {
        method: call.method ?? "GET",
        searchParams: toSearchParams(call.searchParams),
        ...(call.json !== undefined ? { json: call.json } : {}),
        ...(call.headers ? { headers: call.headers } : {}),
        responseType: "text",
      });
      text = typeof response.body === "string" ? response.body : "";
    } catch (error) {
      throw translateGoogleError(error, call.product, call.what);
    }
    return parseAnswer<T>(text, call.product);
  }

  /**
   * Follows page tokens through core's collectPages (a repeated token stops with PROVIDER_ERROR, `maxPages`
   * bounds the requests) until `limit` items are collected; malformed items are skipped and counted.
   */
  async list<S extends z.ZodType>(url: string, call: ListCall<S>): Promise<Listing<z.output<S>>> {
    let collected = 0;
    let cutShort = false;
    let skipped = 0;
    const paged = await collectPages<z.output<S>>(
      async (pageToken) => {
        const remaining = call.limit - collected;
        const sizeParam = call.pageSize ? { [call.pageSize.param]: Math.min(call.pageSize.max, remaining) } : {};
        const page = await this.call<Record<string, unknown>>(
          url,
          call.tokenIn === "body"
            ? { ...call, searchParams: { ...call.searchParams, ...sizeParam }, json: { ...(call.json as object), ...(pageToken ? { pageToken } : {}) } }
            : { ...call, searchParams: { ...call.searchParams, ...sizeParam, pageToken } },
        );
        const valid = keepValid(page[call.itemsField], call.item);
        skipped += valid.skipped;
        collected += valid.items.length;
        const next = typeof page.nextPageToken === "string" && page.nextPageToken ? page.nextPageToken : undefined;
        // Enough items: stop here instead of asking for pages nobody will read.
        if (next && collected >= call.limit) {
          cutShort = true;
          return { items: valid.items, next: undefined };
        }
        return { items: valid.items, next };
      },
      { provider: PRODUCTS[call.product].label, maxPages: call.maxPages },
    );
    return { items: paged.items.slice(0, call.limit), more: cutShort || paged.truncated || paged.items.length > call.limit, skipped };
  }
}

/** Google answers JSON objects; anything else is the provider's fault, not the command's. */
function parseAnswer<T>(text: string, product: Product): T {
  if (text.trim() === "") return {} as T;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommandError("PROVIDER_ERROR", `${PRODUCTS[product].label} sent an answer that is not JSON.`, { details: { product } });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new CommandError("PROVIDER_ERROR", `${PRODUCTS[product].label} sent an answer that is not a JSON object.`, { details: { product } });
  return parsed as T;
}
