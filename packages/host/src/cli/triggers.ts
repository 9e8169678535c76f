import { listTriggers } from "../events/catalog.js";
import { parseCommandLine } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";

/** agx triggers [--json]: every installed trigger, read from manifests (no extension code, no database). */
export const triggers: Subcommand = async (args, { io, installed }) => {
  const { values } = parseCommandLine("triggers", args);
  const all = listTriggers((await installed()).extensions);
  if (values.json) io.out(JSON.stringify(all, null, 2));
  else if (all.length === 0) io.out("No installed extension declares a trigger.");
  else
    io.out(
      table(
        ["TRIGGER", "KIND", "EVERY / PATH", "INPUT", "DESCRIPTION"],
        all.map((t) => [t.qualifiedName, t.kind, t.kind === "poll" ? (t.every ?? "") : (t.hookPath ?? ""), inputFields(t.inputSchema), t.description]),
      ),
    );
  return EXIT.ok;
};

/** A trigger's params at a glance: the input schema's fields, required ones marked (--input takes them as JSON). */
function inputFields(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "";
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {})
    .map((name) => (required.has(name) ? name : `${name}?`))
    .join(", ");
}
