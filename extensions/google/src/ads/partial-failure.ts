import { z } from "@agx-ext/core";

/**
 * Google Ads' answer to a request made with partial failure enabled: the operations it rejected are listed in
 * `partialFailureError.details[].errors[]` (a GoogleAdsFailure), each locating its operation by index
 * (`location.fieldPathElements[0]` = `{fieldName: "operations", index}`); the others were accepted.
 */
const fieldPathElement = z.object({ fieldName: z.string().optional().catch(undefined), index: z.number().int().nonnegative().optional().catch(undefined) });
const adsError = z.object({
  errorCode: z.record(z.string(), z.unknown()).optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  location: z
    .object({ fieldPathElements: z.array(fieldPathElement).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
const failureDetail = z.object({ errors: z.array(z.unknown()).optional().catch(undefined) });

/** One operation Google Ads rejected in a partial-failure answer: its index and why. */
interface Rejection {
  /** Index of the operation in the request. */
  index: number;
  /** Google Ads' error code, e.g. `INVALID_SHA256_FORMAT`. */
  reason: string;
  message: string;
}

/** The operations of a partial-failure answer that Google Ads rejected, and whether the answer could be read. */
export interface PartialFailure {
  rejected: Rejection[];
  /** Errors Google reported without saying which operation they belong to. */
  unplaced: Array<{ reason: string; message: string }>;
}

/** The rejections of a Google Ads partial-failure answer, read defensively. */
export function readPartialFailure(answer: unknown): PartialFailure {
  const result: PartialFailure = { rejected: [], unplaced: [] };
  const error = (answer as { partialFailureError?: { message?: unknown; details?: unknown } } | null)?.partialFailureError;
  if (!error || typeof error !== "object") return result;
  const details = Array.isArray(error.details) ? error.details : [];
  for (const detail of details) {
    const parsed = failureDetail.safeParse(detail);
    for (const raw of parsed.success ? (parsed.data.errors ?? []) : []) {
      const entry = adsError.safeParse(raw);
      if (!entry.success) continue;
      const reason = Object.values(entry.data.errorCode ?? {}).find((v): v is string => typeof v === "string") ?? "UNKNOWN";
      const message = entry.data.message ?? reason;
      const operation = entry.data.location?.fieldPathElements?.find((e) => e.fieldName === "operations" && e.index !== undefined);
      if (operation?.index !== undefined) result.rejected.push({ index: operation.index, reason, message });
      else result.unplaced.push({ reason, message });
    }
  }
  if (result.rejected.length === 0 && result.unplaced.length === 0 && typeof error.message === "string" && error.message)
    result.unplaced.push({ reason: "UNKNOWN", message: error.message });
  return result;
}
