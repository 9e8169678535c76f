import { Grants, grantJson } from "../mcp-auth/grants.js";
import { attachMcpAuthorization } from "../mcp-auth/attach.js";
import { attachUserStore } from "../users/attach.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";
import { assertUserExists } from "./user-exists.js";

/**
 * agx grants list|revoke <grant-id>: the MCP clients a user allowed to use their tools (on the consent page of
 * agx serve), and taking that back. Revoking ends the client's access and refresh tokens on every host at once.
 */
export const grants: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("grants", args);
  const [action, grantId, ...extra] = positionals;
  if (extra.length || !(action === "list" ? grantId === undefined : action === "revoke" && grantId)) throw usageError("grants");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  const users = attachUserStore(agx);
  const store = new Grants(attachMcpAuthorization(agx, users).records);
  await agx.start();
  if (action === "revoke") {
    await store.revoke(userId, grantId!);
    io.out(`Revoked grant ${grantId} of user "${userId}": its client's tokens no longer work.`);
    return EXIT.ok;
  }
  await assertUserExists(users, userId);
  const list = await store.list(userId);
  if (values.json) io.out(JSON.stringify({ user: userId, grants: list.map(grantJson) }, null, 2));
  else if (!list.length) io.out(`User "${userId}" has not allowed any MCP client yet.`);
  else
    io.out(
      table(
        ["GRANT", "CLIENT", "CREATED", "EXPIRES"],
        list.map((g) => [g.id, g.clientName ? `${g.clientName} (${g.clientId})` : g.clientId, g.createdAt.toISOString(), g.expiresAt?.toISOString() ?? "-"]),
      ),
    );
  return EXIT.ok;
};
