import { createHash } from "node:crypto";

const MAX_TOOL_NAME = 64;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * A tool name valid for MCP and OpenAI function calling (^[a-z0-9_]{1,64}$), stable for a given
 * extension and command whatever else is installed: "<extension>_<command>", without repeating the
 * extension when the command name already starts with it ("Tesla - Honk Horn" -> "tesla_honk_horn").
 */
export function toolName(extensionId: string, commandName: string): string {
  const prefix = slug(extensionId);
  const command = slug(commandName);
  const name = command === prefix || command.startsWith(`${prefix}_`) ? command : `${prefix}_${command}`;
  if (name.length <= MAX_TOOL_NAME) return name;
  const hash = createHash("sha256").update(`${extensionId}/${commandName}`).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_TOOL_NAME - 9)}_${hash}`;
}
