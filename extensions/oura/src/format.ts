import { formatDecimal } from "@agx-ext/core";

/** Markdown tables for the commands; numbers and durations are formatted with core's helpers. */

/** A value for a table cell: N/A when missing. */
function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "N/A";
  return typeof value === "number" ? formatDecimal(value, 2) : String(value);
}

/** A markdown table, or the fallback sentence when there are no rows. */
export function table(headers: string[], rows: unknown[][], empty: string): string {
  if (!rows.length) return empty;
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}
