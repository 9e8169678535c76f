/** A small markdown table; cells are flattened to one line and pipes escaped. */
export function table(headers: string[], rows: Array<Array<string | number | undefined | null>>): string {
  const cell = (value: string | number | undefined | null) =>
    String(value ?? "")
      .replace(/\r?\n/g, " ")
      .replace(/\|/g, "\\|");
  return [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)].join("\n");
}

/** The markdown line saying how many malformed items Google sent were left out; empty when none. */
export function skippedLine(skipped: number, what: string): string {
  return skipped ? `\n\n${skipped} malformed ${what}${skipped === 1 ? "" : "s"} from Google left out.` : "";
}
