/** Shared formatting for the markdown of every command. */

const grouping = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const upToTwoDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function count(value: number): string {
  return grouping.format(value);
}

/** Seconds (as Oura reports durations) to whole minutes. */
export function minutes(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : Math.round(seconds / 60);
}

/** 432 -> "7h 12m". */
export function hoursAndMinutes(totalMinutes: number): string {
  const h = Math.floor(totalMinutes / 60);
  const m = Math.round(totalMinutes % 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/** A value for a table cell: N/A when missing. */
function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "N/A";
  return typeof value === "number" ? upToTwoDecimals.format(value) : String(value);
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
