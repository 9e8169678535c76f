import { closestNames, CommandError, type ExtensionHandle } from "@agx-ext/core/catalog";
import { attachUserStore } from "../users/attach.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";
import { assertUserExists } from "./user-exists.js";

/**
 * agx tools enable|disable|list: a user's tool set, the extensions whose commands the user's agents see
 * (MCP tools/list, GET /v1/commands, agx commands --user). Every installed extension is enabled until
 * turned off, including ones installed later.
 */
export const tools: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("tools", args);
  const [action, extensionId, ...extra] = positionals;
  const wantsExtension = action === "enable" || action === "disable";
  if (!action || extra.length || (wantsExtension ? !extensionId : action !== "list" || extensionId)) throw usageError("tools");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  const users = attachUserStore(agx);
  await agx.start();
  await assertUserExists(users, userId);
  const extensions = agx.runtime.extensions;
  if (wantsExtension) {
    const extension = findExtension(extensions, extensionId!);
    await users.toolSets.setEnabled(userId, extension.id, action === "enable");
    const count = extension.manifest.commands.length;
    io.out(
      action === "enable"
        ? `Enabled ${extension.id} for user "${userId}": its ${count} commands are listed again.`
        : `Disabled ${extension.id} for user "${userId}": its ${count} commands are no longer listed or callable for that user.`,
    );
    return EXIT.ok;
  }
  const off = await users.toolSets.disabledExtensions(userId);
  const rows = extensions.map((e) => ({ extension: e.id, enabled: !off.has(e.id), commands: e.manifest.commands.length }));
  if (values.json) io.out(JSON.stringify({ user: userId, extensions: rows }, null, 2));
  else
    io.out(
      table(
        ["EXTENSION", "STATUS", "COMMANDS"],
        rows.map((r) => [r.extension, r.enabled ? "enabled" : "disabled", String(r.commands)]),
      ),
    );
  return EXIT.ok;
};

/** The installed extension with this id; NOT_FOUND naming close ids otherwise. */
function findExtension(extensions: readonly ExtensionHandle[], id: string): ExtensionHandle {
  const found = extensions.find((e) => e.id === id);
  if (found) return found;
  const suggestions = closestNames(id, new Set(extensions.map((e) => e.id)));
  throw new CommandError(
    "NOT_FOUND",
    `No installed extension "${id.slice(0, 64)}".` +
      (suggestions.length ? ` Did you mean: ${suggestions.map((s) => `"${s}"`).join(", ")}?` : " agx commands lists what is installed."),
    { details: { suggestions } },
  );
}
