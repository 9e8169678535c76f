/**
 * fast-check arbitraries for command inputs, from the JSON Schema the host publishes for each command.
 * Written here rather than taken from a library because the maintained JSON-Schema-to-fast-check
 * packages target other draft subsets; command inputs use a small one (object, string with
 * pattern/enum/length, number bounds, arrays, anyOf, nullable types) and the interesting values are
 * the edges: bounds and just past them, empty and very long strings, NUL, unicode, dates at the edges.
 */
import fc from "fast-check";

export type JsonSchema = Record<string, unknown>;

export interface ArbitraryOptions {
  /** Extra values to try for a field, by property name (ids the fake knows, a real exercise name...). */
  values?: Record<string, readonly unknown[]>;
}

/** Dates at the edges of what calendars, columns and date functions hold, and some that are no date at all. */
const EDGE_DATES = [
  "today",
  "0000-01-01",
  "0001-01-01",
  "0099-12-31",
  "0100-01-01",
  "1900-02-29",
  "1970-01-01",
  "2000-02-29",
  "2023-02-29",
  "2026-11-24",
  "2026-12-31",
  "9999-12-31",
  "2026-13-01",
  "2026-11-24T25:00:00Z",
  "2026-11-24T10:00:00Z",
  "2026-11-24T10:00:00+14:00",
  "+275760-09-13",
];
const EDGE_MONTHS = ["0000-01", "0001-01", "0099-12", "0100-01", "2026-11", "9999-12", "2026-00", "2026-13"];
const EDGE_TIMES = ["00:00", "23:59", "24:00", "12:60", "07:30"];
const EDGE_ZONES = ["Europe/Berlin", "UTC", "Pacific/Kiritimati", "America/St_Johns", "Not/AZone", ""];
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "🏋️‍♀️ curls",
  "Ünïcödé ñ 中文 العربية",
  "\u202Eevil",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\\",
  "null",
  "__proto__",
  "constructor",
];

const INT32 = 2 ** 31;

export function arbitraryFor(schema: JsonSchema, options: ArbitraryOptions = {}, name = ""): fc.Arbitrary<unknown> {
  const hinted = options.values?.[name];
  const own = ownArbitrary(schema, options, name);
  return hinted?.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...hinted) }, { weight: 3, arbitrary: own }) : own;
}

function ownArbitrary(schema: JsonSchema, options: ArbitraryOptions, name: string): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as JsonSchema[]).map((s) => arbitraryFor(s, options, name)));
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const choices = types.map((type) => byType(type, schema, options, name));
  return choices.length === 1 ? choices[0]! : fc.oneof(...choices);
}

function byType(type: string | undefined, schema: JsonSchema, options: ArbitraryOptions, name: string): fc.Arbitrary<unknown> {
  switch (type) {
    case "object":
      return objectArbitrary(schema, options);
    case "array":
      return arrayArbitrary(schema, options, name);
    case "string":
      return stringArbitrary(schema, name);
    case "integer":
    case "number":
      return numberArbitrary(schema, type === "integer");
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.anything();
  }
}

function objectArbitrary(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const fields = Object.fromEntries(Object.entries(properties).map(([key, inner]) => [key, arbitraryFor(inner, options, key)]));
  return fc.record(fields, { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) });
}

function arrayArbitrary(schema: JsonSchema, options: ArbitraryOptions, name: string): fc.Arbitrary<unknown> {
  const item = arbitraryFor((schema.items ?? {}) as JsonSchema, options, name);
  const min = (schema.minItems as number | undefined) ?? 0;
  const max = Math.min((schema.maxItems as number | undefined) ?? min + 4, min + 4);
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(item, { minLength: min, maxLength: max }) },
    { weight: 1, arbitrary: fc.array(item, { minLength: max + 1, maxLength: max + 2 }) },
  );
}

function stringArbitrary(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  const description = `${(schema.description as string | undefined) ?? ""} ${name}`;
  const max = schema.maxLength as number | undefined;
  const min = (schema.minLength as number | undefined) ?? 0;
  const edges = [...NASTY_STRINGS, "x".repeat(max ?? 10_000), "x".repeat((max ?? 100_000) + 1), "y".repeat(Math.max(min - 1, 0))];
  const shaped: Array<fc.Arbitrary<unknown>> = [];
  if (typeof schema.pattern === "string") shaped.push(fc.stringMatching(new RegExp(schema.pattern)));
  if (/YYYY-MM-DD|date|_time\b|time$/i.test(description))
    shaped.push(
      fc.constantFrom(...EDGE_DATES),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    );
  if (/YYYY-MM\b|month/i.test(description)) shaped.push(fc.constantFrom(...EDGE_MONTHS));
  if (/HH:MM|hour|work_day/i.test(description)) shaped.push(fc.constantFrom(...EDGE_TIMES));
  if (/time zone|time_zone/i.test(description)) shaped.push(fc.constantFrom(...EDGE_ZONES));
  if (schema.format === "uri") shaped.push(fc.webUrl(), fc.constantFrom("not a url", "javascript:alert(1)"));
  if (schema.format === "email" || /email|recipient|\bto\b|\bcc\b/i.test(description)) shaped.push(fc.emailAddress());
  if (schema.contentEncoding === "base64") shaped.push(fc.base64String({ maxLength: 64 }), fc.constant("!!not base64!!"));
  if (schema.default !== undefined) shaped.push(fc.constant(schema.default));
  const plain = fc.string({ minLength: min, maxLength: Math.min(max ?? 40, 40), unit: "grapheme" });
  return fc.oneof(
    { weight: 2, arbitrary: plain },
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
    ...shaped.map((arbitrary) => ({ weight: 3, arbitrary })),
  );
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const minimum = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined);
  const maximum = (schema.maximum as number | undefined) ?? (schema.exclusiveMaximum as number | undefined);
  const low = Math.max(minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER);
  const high = Math.min(maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
  const edges = [
    minimum,
    maximum,
    low - 1,
    high + 1,
    0,
    -1,
    1,
    INT32 - 1,
    INT32,
    -INT32 - 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e308,
    0.5,
    -0.0,
  ].filter((value): value is number => typeof value === "number" && Number.isFinite(value));
  const inRange = integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 2, arbitrary: fc.constantFrom(...edges) });
}

/** Something of the wrong shape for a command input: a caller that did not read the schema. */
export function wrongInput(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const wrongValue = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.string(),
    fc.constant([]),
    fc.constant({}),
    fc.constant(true),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  );
  const perField = properties.length
    ? fc.record({ field: fc.constantFrom(...properties), value: wrongValue }).map(({ field, value }) => ({ [field]: value }))
    : wrongValue;
  return fc.oneof(
    perField,
    fc.constant(null),
    fc.constant([]),
    fc.constant("a string"),
    fc.dictionary(fc.string({ maxLength: 8 }), wrongValue, { maxKeys: 3 }),
  );
}
