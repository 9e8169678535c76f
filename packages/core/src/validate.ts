import { z } from "zod";
import type { CommandDefinition, ExtensionDefinition } from "./definition.js";
import { validateTriggers } from "./trigger-validate.js";
import { toJsonSchema, toOutputJsonSchema } from "./schema.js";

const ID = /^[a-z][a-z0-9-]{0,62}$/;

/** Every problem with a declaration, as sentences; empty when it is valid. */
export function validateExtension(def: ExtensionDefinition): string[] {
  const problems: string[] = [];
  if (!ID.test(def.id)) problems.push(`extension id "${def.id}" must be lower-case letters, digits and dashes`);
  if (!def.name?.trim()) problems.push("extension name is empty");
  if (def.settings !== undefined && !(def.settings instanceof z.ZodObject)) problems.push("settings must be a zod object schema");
  if (def.commands.length === 0) problems.push("extension declares no commands");
  if (def.auth !== undefined && !isPlainData(def.auth))
    problems.push(
      "auth declaration must be plain data (strings, finite numbers, booleans, arrays, objects) besides hook functions: the host reads it from the manifest",
    );
  const seen = new Set<string>();
  for (const command of def.commands) {
    const label = `command "${command.name}"`;
    if (!command.name?.trim()) problems.push(`method ${String(command.method)} has a command with an empty name`);
    else if (seen.has(command.name)) problems.push(`${label} is declared twice`);
    seen.add(command.name);
    if (typeof (def.target.prototype as Record<string | symbol, unknown>)[command.method] !== "function") problems.push(`${label} is not on a method`);
    problems.push(...hintProblems(command, label));
    if (command.output !== undefined) {
      if (!(command.output instanceof z.ZodType)) problems.push(`${label} output must be a zod schema`);
      else {
        try {
          toOutputJsonSchema(command.output);
        } catch (error) {
          problems.push(`${label} output cannot be described as JSON Schema: ${(error as Error).message}`);
        }
      }
    }
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
  problems.push(...validateTriggers(def));
  return problems;
}

/** The title and the behaviour hints: the right types, and no contradiction. */
function hintProblems(command: CommandDefinition, label: string): string[] {
  const problems: string[] = [];
  if (command.title !== undefined && (typeof command.title !== "string" || !command.title.trim())) problems.push(`${label} title must be a non-empty string`);
  for (const hint of ["mutates", "destructive", "idempotent", "openWorld"] as const) {
    if (command[hint] !== undefined && typeof command[hint] !== "boolean") problems.push(`${label} ${hint} must be true or false`);
  }
  // A destructive command changes state by definition; saying otherwise would tell MCP clients it is read-only.
  if (command.destructive === true && command.mutates === false)
    problems.push(`${label} is destructive but says mutates: false (a destructive command always mutates)`);
  return problems;
}

/**
 * True when JSON holds the value as is: no class instances or non-finite numbers. A field that is undefined is as
 * good as absent; a field that is a function is a hook (such as `retryable`), which only the code's own declaration
 * carries, so it acts in command calls and not where the host works from the manifest.
 */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((field) => field === undefined || typeof field === "function" || isPlainData(field));
}
