import { parseArgs } from "node:util";
import { DEFAULT_USER, EXIT, UsageError, type Subcommand } from "./io.js";

/** agx disconnect <provider> [--user <id>]: forgets the stored tokens or secrets (and revokes the grant where the provider allows). */
export const disconnect: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { user: { type: "string", short: "u" } } });
  const [provider, ...extra] = positionals;
  if (!provider || extra.length) throw new UsageError("usage: agx disconnect <provider> [--user <id>]");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  await agx.start();
  const removed = await agx.services.auth.disconnect(userId, provider);
  io.out(removed ? `Disconnected ${provider} for user "${userId}".` : `User "${userId}" had no ${provider} connection.`);
  return removed ? EXIT.ok : EXIT.failed;
};
