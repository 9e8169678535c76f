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
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** One line per problem, each naming the field: `target_reps: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(input)"}: ${issue.message}`)
    .join("; ");
}

export function issueFields(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.path.join(".") || "(input)"))];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A calendar date input, YYYY-MM-DD; the error names the expected format. */
export function isoDate() {
  return z.string().refine(isIsoDate, { message: "expected a real date as YYYY-MM-DD" });
}

/** A month input, YYYY-MM. */
export function isoMonth() {
  return z.string().refine((v) => {
    const m = ISO_MONTH.exec(v);
    return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
  }, { message: "expected a month as YYYY-MM" });
}
