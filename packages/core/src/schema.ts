import { z } from "zod";

/** Marks a setting as secret: its value is never logged or shown, and is scrubbed from errors. */
export function secret<T extends z.ZodType>(schema: T): T {
  return schema.meta({ ...(schema.meta() ?? {}), secret: true }) as T;
}

/** True when a schema, or the schema it wraps (optional, default, nullable), was marked secret. */
export function isSecretSchema(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  while (current) {
    if ((current.meta() as { secret?: boolean } | undefined)?.secret) return true;
    current = (current as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
  }
  return false;
}

/** JSON Schema (draft 2020-12) for what a caller may send. Throws when the schema cannot be represented. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return describe(schema, "input");
}

/** JSON Schema (draft 2020-12) for what a command returns as `data`. Throws when the schema cannot be represented. */
export function toOutputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return describe(schema, "output");
}

/**
 * Each schema is described once per direction: a host start checks every command's schemas and then builds the
 * extension's manifest from the same ones, and zod's conversion is most of what loading an extension costs.
 * zod schemas never change once made, so the description holds; callers get a copy they may change.
 */
const described = { input: new WeakMap<z.ZodType, Record<string, unknown>>(), output: new WeakMap<z.ZodType, Record<string, unknown>>() };

function describe(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  let json = described[io].get(schema);
  if (!json) described[io].set(schema, (json = convert(schema, io)));
  return structuredClone(json);
}

function convert(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    // zod writes `format: "base64"` beside `contentEncoding: "base64"`; base64 is no JSON Schema format,
    // and OpenAPI 3.1 asks for contentEncoding alone.
    override: ({ jsonSchema }) => {
      if (jsonSchema.contentEncoding !== undefined && jsonSchema.format === jsonSchema.contentEncoding) delete jsonSchema.format;
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return structuredClone(json);
}

/** One line per problem, each naming the field: `target_reps: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(input)"}: ${issue.message}`).join("; ");
}

export function issueFields(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.path.join(".") || "(input)"))];
}
