import type { CommandEntry } from "@agx-ext/core/catalog";
import { table } from "./table.js";

/** A rough size of text an agent reads: about 4 characters to a token, as common tokenizers average for English and JSON. */
const CHARS_PER_TOKEN = 4;

const tokensOf = (value: unknown) => Math.ceil(JSON.stringify(value).length / CHARS_PER_TOKEN);

/**
 * `agx commands --format mcp --stats`: how much of an agent's context the tool list takes, in total and
 * per extension (approximate tokens of the JSON the client receives), largest first.
 */
export function toolListStats(entries: readonly CommandEntry[], tools: readonly unknown[]): string {
  const perExtension = new Map<string, { tools: number; tokens: number }>();
  entries.forEach((entry, i) => {
    const row = perExtension.get(entry.extensionId) ?? { tools: 0, tokens: 0 };
    row.tools += 1;
    row.tokens += tokensOf(tools[i]);
    perExtension.set(entry.extensionId, row);
  });
  const rows = [...perExtension]
    .sort(([a, x], [b, y]) => y.tokens - x.tokens || a.localeCompare(b))
    .map(([id, row]) => [id, String(row.tools), String(row.tokens)]);
  const total = tokensOf(tools);
  return [
    table(["EXTENSION", "TOOLS", "TOKENS"], rows),
    "",
    `total: ${tools.length} tools, about ${total} tokens (${CHARS_PER_TOKEN} characters to a token)`,
  ].join("\n");
}
