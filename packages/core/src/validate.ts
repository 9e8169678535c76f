import { z } from "zod";
import type { ExtensionDefinition } from "./definition.js";
import { toJsonSchema } from "./schema.js";

const ID = /^[a-z][a-z0-9-]{0,62}$/;

/** Every problem with a declaration, as sentences; empty when it is valid. */
export function validateExtension(def: ExtensionDefinition): string[] {
  const problems: string[] = [];
  if (!ID.test(def.id)) problems.push(`extension id "${def.id}" must be lower-case letters, digits and dashes`);
  if (!def.name?.trim()) problems.push("extension name is empty");
  if (def.settings !== undefined && !(def.settings instanceof z.ZodObject)) problems.push("settings must be a zod object schema");
  if (def.commands.length === 0) problems.push("extension declares no commands");
  const seen = new Set<string>();
  for (const command of def.commands) {
    const label = `command "${command.name}"`;
    if (!command.name?.trim()) problems.push(`method ${String(command.method)} has a command with an empty name`);
    else if (seen.has(command.name)) problems.push(`${label} is declared twice`);
    seen.add(command.name);
    if (typeof (def.target.prototype as Record<string | symbol, unknown>)[command.method] !== "function")
      problems.push(`${label} is not on a method`);
    if (command.input === undefined) continue;
    if (!(command.input instanceof z.ZodObject)) {
      problems.push(`${label} input must be a zod object schema`);
      continue;
    }
    try {
      toJsonSchema(command.input);
    } catch (error) {
      problems.push(`${label} input cannot be described as JSON Schema: ${(error as Error).message}`);
    }
  }
  return problems;
}
