import { CommandError } from "@agx-ext/core/catalog";
import { attachUserStore } from "../users/attach.js";
import { LoginLinkStore, loginLinkUrl } from "../users/login-links.js";
import { ROLES, type Role } from "../users/store.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";
import { publicUrlFrom } from "./public-url.js";
import { table } from "./table.js";

/** Actions and how many arguments after the action each takes. */
const ARITY: Record<string, number> = { add: 1, list: 0, revoke: 1, role: 2, "login-link": 1 };

/** agx users add|list|revoke|role|login-link: the people and programs allowed to call `agx serve`. */
export const users: Subcommand = async (args, { io, host, hostOptions }) => {
  const { values, positionals } = parseCommandLine("users", args);
  const [action, ...rest] = positionals;
  if (!action || !Object.hasOwn(ARITY, action) || rest.length !== ARITY[action]) throw usageError("users");
  if (values.admin && action !== "add") throw usageError("users", "--admin goes with add");
  const [id, roleName] = rest;
  if (action === "role" && !ROLES.includes(roleName as Role)) throw usageError("users", `the role is admin or member, not "${roleName!.slice(0, 30)}"`);
  const agx = await host();
  const store = attachUserStore(agx);
  await agx.start();
  switch (action) {
    case "add": {
      const key = await store.add(id!, { admin: values.admin ?? false });
      io.err(`Created ${values.admin ? "admin" : "user"} "${id}". Its API key is shown only now; keep it somewhere safe:`);
      io.out(key);
      return EXIT.ok;
    }
    case "revoke":
      await store.revoke(id!);
      io.out(`Revoked user "${id}": its key and console sessions no longer work.`);
      return EXIT.ok;
    case "role": {
      const user = await store.setRole(id!, roleName as Role);
      io.out(`User "${user.id}" is now ${user.role === "admin" ? "an admin" : "a member"}.`);
      return EXIT.ok;
    }
    case "login-link": {
      if (!(await store.isActive(id!))) throw new CommandError("NOT_FOUND", `There is no active user "${id}" (agx users list shows them).`);
      const database = agx.services.database;
      const links = new LoginLinkStore((fn) => database.transaction(fn));
      const { token, expiresAt } = await links.create(id!, "cli");
      io.err(`A sign-in link for "${id}", single-use, valid until ${expiresAt.toISOString()}:`);
      io.out(loginLinkUrl(publicUrlFrom(hostOptions.env ?? process.env), token));
      return EXIT.ok;
    }
    default: {
      const list = await store.list();
      if (values.json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No users yet: agx users add <id> creates one (agx serve creates "default" on first start).');
      else
        io.out(
          table(
            ["USER", "ROLE", "CREATED", "STATUS"],
            list.map((u) => [u.id, u.role, u.createdAt.toISOString(), u.revokedAt ? `revoked ${u.revokedAt.toISOString()}` : "active"]),
          ),
        );
      return EXIT.ok;
    }
  }
};
