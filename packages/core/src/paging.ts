import { CommandError } from "./errors.js";

/** One page of a provider's listing: its items and the token of the next page, if any. */
export interface Page<T> {
  items: readonly T[];
  next?: string | null | undefined;
}

export interface PagingOptions {
  /** The provider's name as users know it, for the error message ("Oura", "Google Calendar"). */
  provider: string;
  /** Pages fetched at most; a command documents its cap. */
  maxPages: number;
}

export interface Paged<T> {
  items: T[];
  /** True when the cap stopped the listing while the provider still had pages. */
  truncated: boolean;
  /** Pages fetched. */
  pages: number;
}

/**
 * Fetches page after page until the provider gives no next token, so that no provider answer can keep a
 * command looping: a token seen before means the provider is going round in circles (PROVIDER_ERROR), and
 * after `maxPages` pages the listing stops and says it was cut short.
 */
export async function collectPages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>, options: PagingOptions): Promise<Paged<T>> {
  if (!Number.isInteger(options.maxPages) || options.maxPages < 1) throw new RangeError(`maxPages must be a positive integer, not ${options.maxPages}`);
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(token);
    items.push(...page.items);
    const next = page.next ?? undefined;
    if (next === undefined || next === "") return { items, truncated: false, pages };
    if (seen.has(next) || next === token)
      throw new CommandError(
        "PROVIDER_ERROR",
        `${options.provider} returned the same page token twice, so its listing would never end; stopped after ${pages} pages.`,
        {
          details: { provider: options.provider, pages },
        },
      );
    if (pages >= options.maxPages) return { items, truncated: true, pages };
    seen.add(next);
    token = next;
  }
}
