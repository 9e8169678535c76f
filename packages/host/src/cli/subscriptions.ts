import { CommandError } from "@agx-ext/core/catalog";
import { attachUserStore } from "../users/attach.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";
import { table } from "./table.js";
import { assertUserExists } from "./user-exists.js";

/**
 * agx subscriptions add <trigger> --url <https url> | --mcp [--filter <json>] [--input <json>] [--user <id>], list, remove <id>:
 * a user's subscriptions to triggers, the same ones /v1/subscriptions manages.
 */
export const subscriptions: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("subscriptions", args);
  const [action, target, ...extra] = positionals;
  const valid = extra.length === 0 && ((action === "add" && target) || (action === "remove" && target) || (action === "list" && !target));
  if (!valid) throw usageError("subscriptions");
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  const users = attachUserStore(agx);
  await agx.start();
  await assertUserExists(users, userId);
  const store = agx.services.events.subscriptions;
  if (action === "add") {
    if (!!values.url === !!values.mcp) throw usageError("subscriptions", "add needs exactly one of --url and --mcp");
    const subscription = await store.add(userId, {
      trigger: target,
      deliver: values.url ? { url: values.url } : { mcp: true },
      ...(values.filter !== undefined ? { filter: parseJsonOption("filter", values.filter, '{"exercise_name":"push-ups"}') } : {}),
      ...(values.input !== undefined ? { input: parseJsonOption("input", values.input, '{"query":"from:boss"}') } : {}),
    });
    io.out(
      values.json
        ? JSON.stringify(subscription, null, 2)
        : `Subscribed user "${userId}" to ${subscription.trigger}: ${subscription.id}${subscription.resource ? ` (MCP resource ${subscription.resource})` : ""}`,
    );
    return EXIT.ok;
  }
  if (action === "remove") {
    await store.remove(target!, userId);
    io.out(`Removed subscription ${target} of user "${userId}".`);
    return EXIT.ok;
  }
  const list = await store.list(userId);
  if (values.json) io.out(JSON.stringify(list, null, 2));
  else if (list.length === 0) io.out(`User "${userId}" has no subscriptions: agx triggers lists what can be subscribed to.`);
  else
    io.out(
      table(
        ["ID", "TRIGGER", "INPUT", "DELIVER", "FILTER", "LAST POLL", "LAST ERROR"],
        list.map((s) => [
          s.id,
          s.trigger,
          s.input ? JSON.stringify(s.input) : "",
          "url" in s.deliver ? s.deliver.url : `mcp ${s.resource}`,
          s.filter ? JSON.stringify(s.filter) : "",
          s.poll?.lastPolledAt ?? "",
          s.poll?.lastError ?? "",
        ]),
      ),
    );
  return EXIT.ok;
};

function parseJsonOption(option: "filter" | "input", text: string, example: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CommandError("INVALID_INPUT", `--${option} must be JSON, such as '${example}'.`, { details: { fields: [option] } });
  }
}
