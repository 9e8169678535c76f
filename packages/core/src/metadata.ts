import { readTriggers } from "./trigger-metadata.js";
import type { CommandDefinition, ExtensionClass, ExtensionDefinition, ExtensionOptions } from "./definition.js";

/** Where the decorators keep their declarations on a class; Symbol.for survives duplicate copies of core. */
export const EXTENSION_KEY = Symbol.for("agx.extension");
export const COMMANDS_KEY = Symbol.for("agx.commands");

export type Marked = { [EXTENSION_KEY]?: ExtensionOptions; [COMMANDS_KEY]?: CommandDefinition[] };

/** The raw declaration of a decorated class, or undefined for anything else. Not validated. */
export function readExtension(value: unknown): ExtensionDefinition | undefined {
  if (typeof value !== "function") return undefined;
  const marked = value as Marked;
  const options = marked[EXTENSION_KEY];
  if (!options) return undefined;
  return { ...options, target: value as ExtensionClass, commands: [...(marked[COMMANDS_KEY] ?? [])], triggers: readTriggers(value) };
}
