import type { Level } from "./levels.js";

/*
 * Compares two JSON Schemas (draft 2020-12, as zod 4's toJSONSchema writes them) field by field and says how
 * big each difference is for the people on the other side.
 *
 * Written here rather than taken from a library: the maintained JSON Schema differs either answer with sets of
 * added and removed values (json-schema-diff), which cannot name the field that changed, or do not understand
 * `enum`, `const` and `pattern` (json-schema-diff again; it also reads only draft-07), and those are exactly what
 * zod writes for enums, literals and discriminated unions. The comparison below covers the keywords zod emits;
 * any other keyword that differs is reported as a breaking change, so the gate errs on the safe side.
 */

export type JsonObject = Record<string, unknown>;
export type JsonSchema = JsonObject | boolean;

/**
 * Which way a schema faces. Callers send `input`: it must keep accepting what it accepted (accepting less is
 * breaking, accepting more is a feature). Commands return `output`: it must keep within what it promised
 * (returning values callers did not expect is breaking, a new field is a feature, promising more is a fix).
 */
export type Direction = "input" | "output";

export interface SchemaChange {
  level: Level;
  /** Where, from the schema's root: `input.goal.reps`, `output.items[].id`, `output[found=true].steps`. */
  field: string;
  message: string;
}

type Kind = "string" | "number" | "boolean" | "null" | "object" | "array";

interface Variant {
  /** "any" when the schema puts no type on the value (zod's unknown/any). */
  kind: Kind | "any";
  /** "integer" is kept as a number with this flag, since every integer is a number. */
  integer?: boolean;
  /** The allowed values, when the schema lists them (enum, const). */
  values?: unknown[];
  schema: JsonObject;
}

interface Side {
  root: JsonSchema;
}

interface Context {
  direction: Direction;
  old: Side;
  new: Side;
  changes: SchemaChange[];
  /** $ref pairs already being compared: a recursive schema is compared once. */
  refs: Set<string>;
  depth: number;
}

/** Nesting deeper than this is not compared (no zod schema of ours comes close); recursion stops safely. */
const MAX_DEPTH = 64;

/* Keywords that describe without constraining: a change to them changes no caller. */
const ANNOTATIONS = new Set(["title", "description", "examples", "deprecated", "readOnly", "writeOnly", "$comment", "$schema", "$id", "$defs", "definitions"]);

/* Keywords the comparison understands. Anything else that differs is reported as breaking. */
const UNDERSTOOD = new Set([
  ...ANNOTATIONS,
  "default",
  "type",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "contentEncoding",
  "contentMediaType",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
]);

/** Every difference between `before` and `after`, each with the bump it needs. `root` names the top (`input`, `output`). */
export function diffSchemas(before: JsonSchema, after: JsonSchema, direction: Direction, root: string = direction): SchemaChange[] {
  // The roots are being compared: a recursive schema's "$ref": "#" on both sides leads back here.
  const ctx: Context = { direction, old: { root: before }, new: { root: after }, changes: [], refs: new Set(["#|#"]), depth: 0 };
  compare(before, after, root, ctx);
  return ctx.changes;
}

function compare(before: JsonSchema, after: JsonSchema, field: string, ctx: Context): void {
  if (ctx.depth > MAX_DEPTH) return;
  const refKey = refPair(before, after);
  if (refKey) {
    if (ctx.refs.has(refKey)) return;
    ctx.refs.add(refKey);
  }
  const o = resolve(before, ctx.old);
  const n = resolve(after, ctx.new);
  ctx.depth += 1;
  try {
    if (!opaqueDifference(o, n, field, ctx)) {
      if (ctx.direction === "input") compareDefault(o, n, field, ctx);
      compareVariants(variantsOf(o, ctx.old), variantsOf(n, ctx.new), field, ctx);
    }
  } finally {
    ctx.depth -= 1;
  }
}

// ---- levels: the same difference weighs differently on an input and an output

/** The schema now accepts fewer values. */
function narrowed(ctx: Context, field: string, message: string): void {
  ctx.changes.push({ level: ctx.direction === "input" ? "major" : "patch", field, message });
}

/** The schema now accepts more values. */
function widened(ctx: Context, field: string, message: string): void {
  ctx.changes.push({ level: ctx.direction === "input" ? "minor" : "major", field, message });
}

function record(ctx: Context, level: Level, field: string, message: string): void {
  ctx.changes.push({ level, field, message });
}

// ---- references

function refPair(before: JsonSchema, after: JsonSchema): string | undefined {
  const a = typeof before === "object" ? before.$ref : undefined;
  const b = typeof after === "object" ? after.$ref : undefined;
  return typeof a === "string" || typeof b === "string" ? `${String(a)}|${String(b)}` : undefined;
}

/** Follows a local $ref ("#", "#/$defs/x"); the referring schema's own keywords win over the target's. */
function resolve(schema: JsonSchema, side: Side, seen = 0): JsonSchema {
  if (typeof schema !== "object" || typeof schema.$ref !== "string" || seen > MAX_DEPTH) return schema;
  const target = pointer(side.root, schema.$ref);
  if (target === undefined) return schema; // an external or broken reference stays opaque ($ref is compared as text)
  const { $ref: _ref, ...siblings } = schema;
  const resolved = resolve(target, side, seen + 1);
  if (typeof resolved !== "object") return Object.keys(siblings).length ? siblings : resolved;
  return { ...resolved, ...siblings };
}

function pointer(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object") return undefined;
    node = (node as JsonObject)[key];
  }
  return typeof node === "object" || typeof node === "boolean" ? (node as JsonSchema) : undefined;
}

// ---- keywords the comparison does not understand

function opaqueDifference(o: JsonSchema, n: JsonSchema, field: string, ctx: Context): boolean {
  const keys = new Set([...(typeof o === "object" ? Object.keys(o) : []), ...(typeof n === "object" ? Object.keys(n) : [])]);
  // A $ref still here could not be followed (external or broken): it is one of the keywords not understood.
  const unknown = [...keys].filter((key) => !UNDERSTOOD.has(key));
  if (!unknown.length) return false;
  const differing = unknown.filter((key) => json(keyword(o, key)) !== json(keyword(n, key)));
  if (differing.length) record(ctx, "major", field, `${differing.join(", ")} changed, which the contract check cannot judge: treated as breaking`);
  // Nothing else is compared here: without knowing what the keyword does, finer messages could mislead.
  return true;
}

function keyword(schema: JsonSchema, key: string): unknown {
  return typeof schema === "object" ? schema[key] : undefined;
}

// ---- defaults (input only: an omitted field now means something else)

function compareDefault(o: JsonSchema, n: JsonSchema, field: string, ctx: Context): void {
  const before = keyword(o, "default");
  const after = keyword(n, "default");
  if (json(before) === json(after)) return;
  if (before === undefined) record(ctx, "patch", field, `default ${show(after)} added`);
  else if (after === undefined) record(ctx, "patch", field, `default ${show(before)} removed`);
  else record(ctx, "patch", field, `default changed from ${show(before)} to ${show(after)}`);
}

// ---- variants: a schema as the kinds of value it allows (unions and nullables become several)

function variantsOf(schema: JsonSchema, side: Side): Variant[] {
  if (schema === true) return [{ kind: "any", schema: {} }];
  if (schema === false) return [];
  const s = resolve(schema, side);
  if (typeof s !== "object") return variantsOf(s, side);
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (branches) return (branches as JsonSchema[]).flatMap((branch) => variantsOf(branch, side));
  const values = "const" in s ? [s.const] : Array.isArray(s.enum) ? (s.enum as unknown[]) : undefined;
  if (values) {
    const byKind = new Map<Kind, unknown[]>();
    for (const value of values) byKind.set(kindOfValue(value), [...(byKind.get(kindOfValue(value)) ?? []), value]);
    return [...byKind].map(([kind, kindValues]) => ({ kind, values: kindValues, schema: s }));
  }
  const types = typeof s.type === "string" ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : undefined;
  if (!types) return [{ kind: "any", schema: s }];
  return types.map((type) => (type === "integer" ? { kind: "number", integer: true, schema: s } : { kind: type as Kind, schema: s }));
}

function kindOfValue(value: unknown): Kind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" ? type : "object";
}

function compareVariants(before: Variant[], after: Variant[], field: string, ctx: Context): void {
  const anyBefore = before.some((v) => v.kind === "any");
  const anyAfter = after.some((v) => v.kind === "any");
  if (anyBefore || anyAfter) {
    if (anyBefore && !anyAfter) narrowed(ctx, field, `any value was allowed; now only ${kindsOf(after)}`);
    if (!anyBefore && anyAfter) widened(ctx, field, `now any value (was ${kindsOf(before)})`);
    return;
  }
  const oldKinds = groupByKind(before);
  const newKinds = groupByKind(after);
  const gone = [...oldKinds.keys()].filter((kind) => !newKinds.has(kind));
  const added = [...newKinds.keys()].filter((kind) => !oldKinds.has(kind));
  if (gone.length === 1 && added.length === 1 && gone[0] !== "null" && added[0] !== "null") {
    // One type swapped for another breaks callers whichever way the schema faces.
    record(ctx, "major", field, `type changed from ${kindsOf(oldKinds.get(gone[0]!)!)} to ${kindsOf(newKinds.get(added[0]!)!)}`);
  } else {
    for (const kind of gone) narrowed(ctx, field, kind === "null" ? "null no longer allowed" : `type ${kind} no longer allowed (now ${kindsOf(after)})`);
    for (const kind of added) widened(ctx, field, kind === "null" ? "null now allowed" : `type ${kind} now allowed (was ${kindsOf(before)})`);
  }
  for (const [kind, olds] of oldKinds) {
    const news = newKinds.get(kind);
    if (news) compareKind(kind, olds, news, field, ctx);
  }
}

function groupByKind(variants: Variant[]): Map<Kind, Variant[]> {
  const groups = new Map<Kind, Variant[]>();
  for (const v of variants) if (v.kind !== "any") groups.set(v.kind, [...(groups.get(v.kind) ?? []), v]);
  return groups;
}

function kindsOf(variants: Variant[]): string {
  const kinds = [...new Set(variants.map((v) => (v.integer ? "integer" : v.kind)))];
  return kinds.length ? kinds.join(" | ") : "nothing";
}

/** Several variants of one kind: enums merge; objects pair up by their discriminator; the rest by position. */
function compareKind(kind: Kind, olds: Variant[], news: Variant[], field: string, ctx: Context): void {
  const all = [...olds, ...news];
  if (all.every((v) => v.values)) {
    compareVariant(kind, mergeValues(olds), mergeValues(news), field, ctx);
    return;
  }
  if (olds.length === 1 && news.length === 1) {
    compareVariant(kind, olds[0]!, news[0]!, field, ctx);
    return;
  }
  const key = kind === "object" ? discriminator(olds, news, ctx) : undefined;
  if (key) {
    const remaining = new Map(news.map((v) => [json(tagOf(v, key, ctx.new)), v]));
    for (const o of olds) {
      const tag = json(tagOf(o, key, ctx.old));
      const match = remaining.get(tag);
      if (match) {
        remaining.delete(tag);
        compareVariant(kind, o, match, `${field}[${key}=${tag}]`, ctx);
      } else narrowed(ctx, field, `the variant with ${key}=${tag} is gone`);
    }
    for (const tag of remaining.keys()) widened(ctx, field, `new variant with ${key}=${tag}`);
    return;
  }
  for (let i = 0; i < Math.max(olds.length, news.length); i++) {
    const o = olds[i];
    const n = news[i];
    if (o && n) compareVariant(kind, o, n, olds.length > 1 ? `${field}<${kind} ${i + 1}>` : field, ctx);
    else if (o) narrowed(ctx, field, `${kind} variant ${i + 1} of ${olds.length} is gone`);
    else widened(ctx, field, `new ${kind} variant (now ${news.length}, was ${olds.length})`);
  }
}

function mergeValues(variants: Variant[]): Variant {
  return { ...variants[0]!, values: variants.flatMap((v) => v.values ?? []) };
}

/** A property that every object variant, before and after, pins to one value, distinct on each side (zod's discriminated union tag). */
function discriminator(olds: Variant[], news: Variant[], ctx: Context): string | undefined {
  const first = olds[0]?.schema.properties;
  if (!first || typeof first !== "object") return undefined;
  const distinct = (variants: Variant[], key: string, side: Side) => {
    const tags = variants.map((v) => tagOf(v, key, side));
    return tags.every((t) => t !== undefined) && new Set(tags.map(json)).size === tags.length;
  };
  return Object.keys(first).find((key) => distinct(olds, key, ctx.old) && distinct(news, key, ctx.new));
}

function tagOf(variant: Variant, key: string, side: Side): unknown {
  const property = (variant.schema.properties as JsonObject | undefined)?.[key];
  return property === undefined ? undefined : constValue(property as JsonSchema, side);
}

function constValue(schema: JsonSchema, side: Side): unknown {
  const s = resolve(schema, side);
  if (typeof s !== "object") return undefined;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length === 1) return s.enum[0];
  if (s.type === "null") return null; // z.null() as a tag
  return undefined;
}

// ---- one variant against one of the same kind

function compareVariant(kind: Kind, o: Variant, n: Variant, field: string, ctx: Context): void {
  if (o.values || n.values) {
    compareValues(kind, o, n, field, ctx);
    return;
  }
  if (kind === "number") compareNumber(o, n, field, ctx);
  else if (kind === "string") compareString(o.schema, n.schema, field, ctx);
  else if (kind === "array") compareArray(o.schema, n.schema, field, ctx);
  else if (kind === "object") compareObject(o.schema, n.schema, field, ctx);
}

function compareValues(kind: Kind, o: Variant, n: Variant, field: string, ctx: Context): void {
  if (o.values && n.values) {
    const after = new Set(n.values.map(json));
    const before = new Set(o.values.map(json));
    const removed = o.values.filter((v) => !after.has(json(v)));
    const added = n.values.filter((v) => !before.has(json(v)));
    if (removed.length) narrowed(ctx, field, `${plural(removed, "value")} ${removed.map(show).join(", ")} removed`);
    if (added.length) widened(ctx, field, `new ${plural(added, "value")} ${added.map(show).join(", ")}`);
  } else if (o.values) {
    widened(ctx, field, `any ${kind} now allowed (was one of ${o.values.map(show).join(", ")})`);
  } else if (n.values) {
    narrowed(ctx, field, `now limited to ${n.values.map(show).join(", ")} (was any ${kind})`);
  }
}

/* zod writes these bounds for every int(); they mean "a safe integer", not a limit someone chose. */
const SAFE_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

function compareNumber(o: Variant, n: Variant, field: string, ctx: Context): void {
  if (!o.integer && n.integer) narrowed(ctx, field, "type narrowed from number to integer");
  if (o.integer && !n.integer) widened(ctx, field, "type widened from integer to number");
  compareBound(lowerBound(o.schema), lowerBound(n.schema), "minimum", 1, field, ctx);
  compareBound(upperBound(o.schema), upperBound(n.schema), "maximum", -1, field, ctx);
  compareExact(o.schema.multipleOf, n.schema.multipleOf, "multipleOf", field, ctx);
}

interface Bound {
  value: number;
  exclusive: boolean;
}

function lowerBound(s: JsonObject): Bound | undefined {
  return bound(s.minimum, s.exclusiveMinimum, Math.max);
}

function upperBound(s: JsonObject): Bound | undefined {
  return bound(s.maximum, s.exclusiveMaximum, Math.min);
}

/** The tighter of the inclusive and the exclusive limit (draft 2020-12 writes both as numbers). */
function bound(inclusive: unknown, exclusive: unknown, tighter: (a: number, b: number) => number): Bound | undefined {
  const inc = typeof inclusive === "number" && !SAFE_BOUNDS.has(inclusive) ? inclusive : undefined;
  const exc = typeof exclusive === "number" ? exclusive : undefined;
  if (inc === undefined && exc === undefined) return undefined;
  if (inc === undefined) return { value: exc!, exclusive: true };
  if (exc === undefined) return { value: inc, exclusive: false };
  const value = tighter(inc, exc);
  return { value, exclusive: value === exc };
}

/**
 * `sign` is 1 for a lower bound (a larger value is tighter) and -1 for an upper one. Tighter narrows the
 * allowed values, looser widens them.
 */
function compareBound(before: Bound | undefined, after: Bound | undefined, name: string, sign: 1 | -1, field: string, ctx: Context): void {
  if (!before && !after) return;
  const text = (b: Bound) => `${b.exclusive ? (sign === 1 ? "> " : "< ") : ""}${b.value}`;
  if (!before) return narrowed(ctx, field, `${name} ${text(after!)} added`);
  if (!after) return widened(ctx, field, `${name} ${text(before)} removed`);
  const diff = (after.value - before.value) * sign;
  const tighter = diff > 0 || (diff === 0 && after.exclusive && !before.exclusive);
  const looser = diff < 0 || (diff === 0 && !after.exclusive && before.exclusive);
  const moved = sign === 1 ? (tighter ? "raised" : "lowered") : tighter ? "lowered" : "raised";
  if (tighter) narrowed(ctx, field, `${name} ${moved} from ${text(before)} to ${text(after)}`);
  else if (looser) widened(ctx, field, `${name} ${moved} from ${text(before)} to ${text(after)}`);
}

function compareLength(before: unknown, after: unknown, name: string, sign: 1 | -1, field: string, ctx: Context): void {
  const asBound = (v: unknown) => (typeof v === "number" && !SAFE_BOUNDS.has(v) ? { value: v, exclusive: false } : undefined);
  compareBound(asBound(before), asBound(after), name, sign, field, ctx);
}

/** A constraint that is either there with a value or not: added or changed narrows, removed widens. */
function compareExact(before: unknown, after: unknown, name: string, field: string, ctx: Context): void {
  if (json(before) === json(after)) return;
  if (before === undefined) narrowed(ctx, field, `${name} ${show(after)} added`);
  else if (after === undefined) widened(ctx, field, `${name} ${show(before)} removed`);
  else narrowed(ctx, field, `${name} changed from ${show(before)} to ${show(after)}`);
}

function compareString(o: JsonObject, n: JsonObject, field: string, ctx: Context): void {
  compareLength(o.minLength, n.minLength, "minLength", 1, field, ctx);
  compareLength(o.maxLength, n.maxLength, "maxLength", -1, field, ctx);
  for (const name of ["pattern", "format", "contentEncoding", "contentMediaType"]) compareExact(o[name], n[name], name, field, ctx);
}

function compareArray(o: JsonObject, n: JsonObject, field: string, ctx: Context): void {
  compareLength(o.minItems, n.minItems, "minItems", 1, field, ctx);
  compareLength(o.maxItems, n.maxItems, "maxItems", -1, field, ctx);
  if (!o.uniqueItems && n.uniqueItems) narrowed(ctx, field, "items must now be unique");
  if (o.uniqueItems && !n.uniqueItems) widened(ctx, field, "items no longer need to be unique");
  compare((o.items ?? true) as JsonSchema, (n.items ?? true) as JsonSchema, `${field}[]`, ctx);
}

function compareObject(o: JsonObject, n: JsonObject, field: string, ctx: Context): void {
  const before = (o.properties ?? {}) as Record<string, JsonSchema>;
  const after = (n.properties ?? {}) as Record<string, JsonSchema>;
  const requiredBefore = new Set((o.required ?? []) as string[]);
  const requiredAfter = new Set((n.required ?? []) as string[]);
  const input = ctx.direction === "input";
  for (const [key, schema] of Object.entries(before)) {
    const sub = child(field, key);
    const next = after[key];
    if (next === undefined) {
      record(ctx, "major", sub, input ? "input field removed (a caller that sends it loses what it asked for)" : "output field removed");
      continue;
    }
    const was = requiredBefore.has(key);
    const is = requiredAfter.has(key);
    if (!was && is) record(ctx, input ? "major" : "patch", sub, input ? "now required (was optional)" : "now always present (was optional)");
    if (was && !is) record(ctx, input ? "minor" : "major", sub, input ? "now optional (was required)" : "may now be missing (was always present)");
    compare(schema, next, sub, ctx);
  }
  for (const key of Object.keys(after)) {
    if (key in before) continue;
    const sub = child(field, key);
    if (!input) record(ctx, "minor", sub, "new output field");
    else if (requiredAfter.has(key)) record(ctx, "major", sub, "new required input field");
    else record(ctx, "minor", sub, "new optional input field");
  }
  compareAdditional(o.additionalProperties, n.additionalProperties, field, ctx);
  if (o.propertyNames !== undefined || n.propertyNames !== undefined)
    compare((o.propertyNames ?? true) as JsonSchema, (n.propertyNames ?? true) as JsonSchema, `${field}{keys}`, ctx);
  compareLength(o.minProperties, n.minProperties, "minProperties", 1, field, ctx);
  compareLength(o.maxProperties, n.maxProperties, "maxProperties", -1, field, ctx);
}

/** Fields beyond the named ones: absent or true lets any through, false none, a schema those it matches. */
function compareAdditional(before: unknown, after: unknown, field: string, ctx: Context): void {
  const open = (v: unknown) => v === undefined || v === true;
  if (open(before) && open(after)) return;
  if (before === false && after === false) return;
  const sub = `${field}{*}`;
  if (open(before))
    return narrowed(ctx, sub, after === false ? "fields beyond the named ones are no longer allowed" : "fields beyond the named ones are now limited");
  if (open(after)) return widened(ctx, sub, "any field beyond the named ones now allowed");
  if (before === false) return widened(ctx, sub, "fields beyond the named ones now allowed");
  if (after === false) return narrowed(ctx, sub, "fields beyond the named ones are no longer allowed");
  compare(before as JsonSchema, after as JsonSchema, sub, ctx);
}

// ---- text

function child(field: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}

function json(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function show(value: unknown): string {
  const text = json(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function plural(items: unknown[], word: string): string {
  return items.length === 1 ? word : `${word}s`;
}
