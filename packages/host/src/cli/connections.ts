import { parseArgs } from "node:util";
import { EXIT, UsageError, type Subcommand } from "./io.js";
import { table } from "./table.js";

/** agx connections [--user <id>] [--json]: who is connected to which provider, and until when. */
export const connections: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { user: { type: "string", short: "u" }, json: { type: "boolean" } } });
  if (positionals.length) throw new UsageError("usage: agx connections [--user <id>] [--json]");
  const agx = await host();
  await agx.start();
  const list = await agx.services.auth.connections(values.user);
  if (values.json) io.out(JSON.stringify(list, null, 2));
  else if (list.length === 0) io.out(`No connections${values.user ? ` for user "${values.user}"` : ""}: agx connect <provider> makes one.`);
  else
    io.out(
      table(
        ["USER", "PROVIDER", "STATUS", "ACCOUNT", "EXPIRES", "SCOPES / SECRETS"],
        list.map((c) => [
          c.userId,
          c.provider,
          c.status === "broken" ? "broken: reconnect" : c.status,
          c.account ?? "",
          c.expiresAt ?? "",
          (c.secrets ?? c.scopes).join(" "),
        ]),
      ),
    );
  return EXIT.ok;
};
