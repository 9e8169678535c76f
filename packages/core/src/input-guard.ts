import { clip, MAX_INPUT_DEPTH, MAX_STRING_INPUT } from "./limits.js";

/** One refused value: the field's dot path ("(input)" for the whole input) and why. */
export interface InputProblem {
  field: string;
  message: string;
}

type JsonSchema = Record<string, unknown> | undefined;

/**
 * Rules every command's input obeys before its own schema sees it, checked in one walk:
 * - no string (value or key) holds a NUL character: neither database can store one;
 * - no string is longer than the schema's own maxLength for it, or MAX_STRING_INPUT without one;
 * - objects and arrays nest at most MAX_INPUT_DEPTH deep.
 * Returns the first problem, or undefined when the input passes.
 */
export function checkInputStrings(input: unknown, schema: JsonSchema): InputProblem | undefined {
  return walk(input, schema, [], 0);
}

function walk(value: unknown, schema: JsonSchema, path: string[], depth: number): InputProblem | undefined {
  if (typeof value === "string") return checkString(value, maxLengthOf(schema), path);
  if (typeof value !== "object" || value === null) return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { field: fieldOf(path), message: `nested more than ${MAX_INPUT_DEPTH} levels deep` };
  if (Array.isArray(value)) {
    const items = subschema(schema, "items");
    for (let i = 0; i < value.length; i++) {
      const problem = walk(value[i], items, [...path, String(i)], depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const keyProblem = checkString(key, MAX_STRING_INPUT, path, "a key");
    if (keyProblem) return keyProblem;
    const problem = walk(item, propertySchema(schema, key), [...path, key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function checkString(text: string, max: number, path: string[], what = "the value"): InputProblem | undefined {
  if (text.length > max) return { field: fieldOf(path), message: `${what} is longer than ${max} characters` };
  if (text.includes("\u0000")) return { field: fieldOf(path), message: `${what} contains a NUL character (\\u0000), which is not allowed` };
  return undefined;
}

function fieldOf(path: string[]): string {
  return path.length ? clip(path.join(".")) : "(input)";
}

/** The schema's declared maxLength (the largest among alternatives), else the host-wide cap. */
function maxLengthOf(schema: JsonSchema): number {
  const declared = alternatives(schema)
    .map((s) => s.maxLength)
    .filter((n): n is number => typeof n === "number");
  return declared.length ? Math.max(...declared) : MAX_STRING_INPUT;
}

/** A schema and its anyOf / oneOf / allOf branches (optional and nullable fields come as anyOf). */
function alternatives(schema: JsonSchema): Record<string, unknown>[] {
  if (!schema) return [];
  const branches = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((b) => (Array.isArray(b) ? (b as Record<string, unknown>[]) : []));
  return [schema, ...branches.flatMap((b) => alternatives(b))];
}

function subschema(schema: JsonSchema, key: "items"): JsonSchema {
  for (const s of alternatives(schema)) if (typeof s[key] === "object" && s[key] !== null) return s[key] as JsonSchema;
  return undefined;
}

function propertySchema(schema: JsonSchema, key: string): JsonSchema {
  for (const s of alternatives(schema)) {
    const properties = s.properties as Record<string, JsonSchema> | undefined;
    if (properties && Object.hasOwn(properties, key)) return properties[key];
    if (typeof s.additionalProperties === "object" && s.additionalProperties !== null) return s.additionalProperties as JsonSchema;
  }
  return undefined;
}
