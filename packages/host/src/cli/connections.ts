import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";
import type { ConnectionInfo } from "@agx-ext/auth";
import { table } from "./table.js";

/** The status with what to do about it: a reconnect, or the failing refresh's error. */
function statusText(c: ConnectionInfo): string {
  const account = c.default ? "" : ` --account ${c.label}`;
  if (c.status === "needs_reauth" || c.status === "unreadable") return `${c.status}: agx connect ${c.provider}${account}`;
  if (c.status === "degraded") return `degraded (${c.lastError?.code ?? "refresh failing"}, ${c.failures ?? 1} failed)`;
  return c.status;
}

/**
 * agx connections [--user <id>] [--json]: who is connected to which provider with which accounts (label, and which one
 * is the default), in which state (active, refreshing, degraded, needs_reauth, unreadable), and until when. --json adds
 * the reason and time of the last change and the last error.
 * agx connections default <provider> <account> [--user <id>]: the account calls use when they name none.
 */
export const connections: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("connections", args);
  const [action, provider, account, ...extra] = positionals;
  if (action !== undefined && (action !== "default" || !provider || !account || extra.length)) throw usageError("connections");
  const agx = await host();
  await agx.start();
  if (action === "default") {
    const userId = values.user ?? DEFAULT_USER;
    const chosen = await agx.services.auth.setDefaultAccount(userId, provider!, account!);
    io.out(`${chosen.provider} calls of user "${userId}" now use the account "${chosen.label}" unless they name another.`);
    return EXIT.ok;
  }
  const list = await agx.services.auth.connections(values.user);
  if (values.json) io.out(JSON.stringify(list, null, 2));
  else if (list.length === 0) io.out(`No connections${values.user ? ` for user "${values.user}"` : ""}: agx connect <provider> makes one.`);
  else
    io.out(
      table(
        ["USER", "PROVIDER", "STATUS", "ACCOUNT", "DEFAULT", "SIGNED IN AS", "EXPIRES", "LAST REFRESH", "SCOPES / SECRETS"],
        list.map((c) => [
          c.userId,
          c.provider,
          statusText(c),
          c.label,
          c.default ? "yes" : "",
          c.account ?? "",
          c.expiresAt ?? "",
          c.lastRefreshAt ?? "",
          (c.secrets ?? c.scopes).join(" "),
        ]),
      ),
    );
  return EXIT.ok;
};
