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
        ["TRIGGER", "KIND", "EVERY / PATH", "DESCRIPTION"],
        all.map((t) => [t.qualifiedName, t.kind, t.kind === "poll" ? (t.every ?? "") : (t.hookPath ?? ""), t.description]),
      ),
    );
  return EXIT.ok;
};
