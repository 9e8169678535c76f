import { attachUserStore } from "../users/attach.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";

/** agx users add|list|revoke: the people and programs allowed to call `agx serve`. */
export const users: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("users", args);
  const [action, id, ...extra] = positionals;
  if (extra.length || !action || (action !== "list" && !id) || (action === "list" && id)) throw usageError("users");
  const agx = await host();
  const store = attachUserStore(agx);
  await agx.start();
  switch (action) {
    case "add": {
      const key = await store.add(id!);
      io.err(`Created user "${id}". Its API key is shown only now; keep it somewhere safe:`);
      io.out(key);
      return EXIT.ok;
    }
    case "revoke":
      await store.revoke(id!);
      io.out(`Revoked user "${id}": its key no longer works.`);
      return EXIT.ok;
    case "list": {
      const list = await store.list();
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No users yet: agx users add <id> creates one (agx serve creates "default" on first start).');
      else
        io.out(
          table(
            ["USER", "CREATED", "STATUS"],
            list.map((u) => [u.id, u.createdAt.toISOString(), u.revokedAt ? `revoked ${u.revokedAt.toISOString()}` : "active"]),
          ),
        );
      return EXIT.ok;
    }
    default:
      throw usageError("users");
  }
};
