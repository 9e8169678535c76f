import { z } from "@agx-ext/core";

/**
 * Pieces shared by the output schemas (the `data` each command returns). Output objects are strict: a key a
 * command starts returning without declaring it fails the output check in the tests instead of going unnoticed.
 */
export const tally = () => z.number().int().nonnegative();

/** What every listing command reports besides its items. */
export const listingFields = {
  count: tally().describe("Items returned"),
  hasMore: z.boolean().describe("Google had more than was returned (the limit or the page cap was reached)"),
  skipped: tally().describe("Malformed items from Google left out"),
};
