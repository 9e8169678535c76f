/** A small markdown table; cells are flattened to one line and pipes escaped. */
export function table(headers: string[], rows: Array<Array<string | number | undefined | null>>): string {
  const cell = (value: string | number | undefined | null) =>
    String(value ?? "").replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}
