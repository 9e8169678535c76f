import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";

/** agx disconnect <provider> [--user <id>]: forgets the stored tokens or secrets (and revokes the grant where the provider allows). */
export const disconnect: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("disconnect", args);
  const [provider, ...extra] = positionals;
  if (!provider || extra.length) throw usageError("disconnect");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  await agx.start();
  const removed = await agx.services.auth.disconnect(userId, provider);
  io.out(removed ? `Disconnected ${provider} for user "${userId}".` : `User "${userId}" had no ${provider} connection.`);
  return removed ? EXIT.ok : EXIT.failed;
};
