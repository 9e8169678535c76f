import { formatDecimal, type z } from "@agx-ext/core";
import type { readNotes } from "./outputs.js";

/** Markdown tables for the commands; numbers and durations are formatted with core's helpers. */

/** A value for a table cell: N/A when missing. */
function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "N/A";
  return typeof value === "number" ? formatDecimal(value, 2) : String(value);
}

/** A markdown table, or the fallback sentence when there are no rows. */
export function table(headers: string[], rows: unknown[][], empty: string): string {
  if (!rows.length) return empty;
  return [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)].join("\n");
}

/** What a command read in all: documents Oura sent malformed, and whether a page cap cut a listing. */
export type ReadNotes = z.output<typeof readNotes>;

/** The notes of several listings together. */
export function combined(...listings: ReadNotes[]): ReadNotes {
  return { skipped: listings.reduce((sum, l) => sum + l.skipped, 0), truncated: listings.some((l) => l.truncated) };
}

/** Markdown lines telling the reader what is missing from the answer, if anything. */
export function noteLines(notes: ReadNotes, maxPages: number): string[] {
  const lines: string[] = [];
  if (notes.skipped) lines.push(`_Left out ${notes.skipped} malformed ${notes.skipped === 1 ? "document" : "documents"} Oura sent._`);
  if (notes.truncated) lines.push(`_Oura had more than ${maxPages} pages; only those were read. Narrow the date range to see the rest._`);
  return lines.length ? ["", ...lines] : [];
}
