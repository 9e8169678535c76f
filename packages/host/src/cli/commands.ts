import { parseArgs } from "node:util";
import { Registry } from "@agx-ext/core/catalog";
import { mcpTools, openAiTools, registryJson } from "../tool-formats.js";
import { EXIT, UsageError, type Subcommand } from "./io.js";
import { table } from "./table.js";

const FORMATS = ["table", "json", "openai", "mcp"] as const;

/** agx commands [--json | --format table|json|openai|mcp] */
export const commands: Subcommand = async (args, { io, installed }) => {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" }, format: { type: "string" } } });
  const format = values.json ? "json" : (values.format ?? "table");
  if (!FORMATS.includes(format as (typeof FORMATS)[number]))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const { extensions } = await installed();
  const registry = new Registry(extensions);
  const entries = registry.list();
  if (format === "json") io.out(JSON.stringify(registryJson(entries), null, 2));
  else if (format === "openai") io.out(JSON.stringify(openAiTools(entries), null, 2));
  else if (format === "mcp") io.out(JSON.stringify(mcpTools(entries), null, 2));
  else {
    const rows = entries.map((e) => [e.extensionId, registry.isAmbiguous(e.name) ? e.qualifiedName : e.name, e.description]);
    io.out(table(["EXTENSION", "COMMAND", "DESCRIPTION"], rows));
    io.out(`\n${entries.length} commands from ${extensions.length} extensions`);
  }
  return EXIT.ok;
};
