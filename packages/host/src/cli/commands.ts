import { Registry, type CommandEntry } from "@agx-ext/core/catalog";
import { mcpTools, openAiTools, registryJson } from "../tool-formats.js";
import { parseCommandLine } from "./command-line.js";
import { EXIT, UsageError, type CliContext, type Subcommand } from "./io.js";
import { table } from "./table.js";
import { toolListStats } from "./tool-stats.js";

const FORMATS = ["table", "json", "openai", "mcp"] as const;

/** agx commands [--json | --format table|json|openai|mcp] [--user <id>] [--stats] */
export const commands: Subcommand = async (args, context) => {
  const { io, installed } = context;
  const { values } = parseCommandLine("commands", args);
  const format = values.json ? "json" : (values.format ?? "table");
  if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (values.stats && format !== "mcp" && format !== "openai") throw new UsageError("--stats goes with --format mcp or --format openai");
  const { extensions } = await installed();
  const registry = new Registry(extensions);
  const entries = values.user === undefined ? registry.list() : await userCommands(context, registry.list(), values.user);
  const tools = format === "openai" ? openAiTools(entries) : format === "mcp" ? mcpTools(entries) : undefined;
  if (values.stats) io.out(toolListStats(entries, tools!));
  else if (format === "json") io.out(JSON.stringify(registryJson(entries), null, 2));
  else if (tools) io.out(JSON.stringify(tools, null, 2));
  else {
    const rows = entries.map((e) => [e.extensionId, registry.isAmbiguous(e.name) ? e.qualifiedName : e.name, e.description]);
    io.out(table(["EXTENSION", "COMMAND", "DESCRIPTION"], rows));
    const shown = new Set(entries.map((e) => e.extensionId)).size;
    io.out(`\n${entries.length} commands from ${shown} extensions` + (values.user === undefined ? "" : ` enabled for user "${values.user}"`));
  }
  return EXIT.ok;
};

/** Only with --user is the database opened: plain listings stay manifest-only and fast. */
async function userCommands(context: CliContext, entries: CommandEntry[], userId: string): Promise<CommandEntry[]> {
  const [{ attachUserStore }, { visibleCommands }, { assertUserExists }] = await Promise.all([
    import("../users/attach.js"),
    import("../users/tool-sets.js"),
    import("./user-exists.js"),
  ]);
  const agx = await context.host();
  const users = attachUserStore(agx);
  await agx.start();
  await assertUserExists(users, userId);
  return visibleCommands(entries, users.toolSets, userId);
}
