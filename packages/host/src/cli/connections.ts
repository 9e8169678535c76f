import { parseCommandLine } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import type { ConnectionInfo } from "@agx-ext/auth";
import { table } from "./table.js";

/** The status with what to do about it: a reconnect, or the failing refresh's error. */
function statusText(c: ConnectionInfo): string {
  if (c.status === "needs_reauth" || c.status === "unreadable") return `${c.status}: agx connect ${c.provider}`;
  if (c.status === "degraded") return `degraded (${c.lastError?.code ?? "refresh failing"}, ${c.failures ?? 1} failed)`;
  return c.status;
}

/**
 * agx connections [--user <id>] [--json]: who is connected to which provider, in which state (active, refreshing,
 * degraded, needs_reauth, unreadable), and until when. --json adds the reason and time of the last change and the last error.
 */
export const connections: Subcommand = async (args, { io, host }) => {
  const { values } = parseCommandLine("connections", args);
  const agx = await host();
  await agx.start();
  const list = await agx.services.auth.connections(values.user);
  if (values.json) io.out(JSON.stringify(list, null, 2));
  else if (list.length === 0) io.out(`No connections${values.user ? ` for user "${values.user}"` : ""}: agx connect <provider> makes one.`);
  else
    io.out(
      table(
        ["USER", "PROVIDER", "STATUS", "ACCOUNT", "EXPIRES", "LAST REFRESH", "SCOPES / SECRETS"],
        list.map((c) => [c.userId, c.provider, statusText(c), c.account ?? "", c.expiresAt ?? "", c.lastRefreshAt ?? "", (c.secrets ?? c.scopes).join(" ")]),
      ),
    );
  return EXIT.ok;
};
