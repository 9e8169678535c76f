import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";

/**
 * agx disconnect <provider> [--account <label>] [--user <id>]: forgets one account's tokens (the default account's
 * without --account; another account then becomes the default) or the stored secrets, and revokes the grant where the
 * provider allows.
 */
export const disconnect: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("disconnect", args);
  const [provider, ...extra] = positionals;
  if (!provider || extra.length) throw usageError("disconnect");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  await agx.start();
  const { account } = values;
  const removed = await agx.services.auth.disconnect(userId, provider, account);
  const which = account === undefined ? provider : `${provider} account "${account}"`;
  io.out(removed ? `Disconnected ${which} for user "${userId}".` : `User "${userId}" had no ${which} connection.`);
  return removed ? EXIT.ok : EXIT.failed;
};
