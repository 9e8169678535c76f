import { z } from "@agx-ext/core";
import { toJsonSchema, toOutputJsonSchema } from "@agx-ext/core/host";
import { describe, expect, it } from "vitest";
import { diffSchemas, type SchemaChange } from "../src/schema-diff.js";

/* Schemas are made the way manifests make them: zod 4's toJSONSchema through core's helpers. */
const input = (before: z.ZodType, after: z.ZodType) => diffSchemas(toJsonSchema(before), toJsonSchema(after), "input");
const output = (before: z.ZodType, after: z.ZodType) => diffSchemas(toOutputJsonSchema(before), toOutputJsonSchema(after), "output");
const brief = (changes: SchemaChange[]) => changes.map((c) => `${c.level} ${c.field}: ${c.message}`);

const goal = { name: z.string().min(1).max(100), reps: z.number().int().min(0) };

describe("input schemas (callers send them: accepting less is breaking, accepting more is a feature)", () => {
  it("finds nothing when only descriptions change", () => {
    expect(input(z.object(goal), z.object({ ...goal, name: goal.name.describe("Exercise name") }))).toEqual([]);
  });

  it("a new required field is major, naming the field", () => {
    expect(brief(input(z.object(goal), z.object({ ...goal, sets: z.number().int() })))).toEqual(["major input.sets: new required input field"]);
  });

  it("a new optional field, or one with a default, is minor", () => {
    expect(brief(input(z.object(goal), z.object({ ...goal, note: z.string().optional() })))).toEqual(["minor input.note: new optional input field"]);
    expect(brief(input(z.object(goal), z.object({ ...goal, sets: z.number().int().default(1) })))).toEqual(["minor input.sets: new optional input field"]);
  });

  it("a removed field is major", () => {
    expect(brief(input(z.object(goal), z.object({ name: goal.name })))).toEqual([
      "major input.reps: input field removed (a caller that sends it loses what it asked for)",
    ]);
  });

  it("optional to required is major; required to optional is minor", () => {
    const optional = z.object({ ...goal, reps: goal.reps.optional() });
    expect(brief(input(optional, z.object(goal)))).toEqual(["major input.reps: now required (was optional)"]);
    expect(brief(input(z.object(goal), optional))).toEqual(["minor input.reps: now optional (was required)"]);
  });

  it("a removed enum value is major, a new one minor", () => {
    const unit = (...values: [string, ...string[]]) => z.object({ unit: z.enum(values) });
    expect(brief(input(unit("kg", "lbs"), unit("kg")))).toEqual(['major input.unit: value "lbs" removed']);
    expect(brief(input(unit("kg"), unit("kg", "lbs")))).toEqual(['minor input.unit: new value "lbs"']);
  });

  it("a narrowed or changed type is major, a widened one minor", () => {
    const id = (schema: z.ZodType) => z.object({ id: schema });
    expect(brief(input(id(z.string()), id(z.number())))).toEqual(["major input.id: type changed from string to number"]);
    expect(brief(input(id(z.union([z.string(), z.number()])), id(z.string())))).toEqual(["major input.id: type number no longer allowed (now string)"]);
    expect(brief(input(id(z.number()), id(z.number().int())))).toEqual(["major input.id: type narrowed from number to integer"]);
    expect(brief(input(id(z.string()), id(z.union([z.string(), z.number()]))))).toEqual(["minor input.id: type number now allowed (was string)"]);
    expect(brief(input(id(z.string()), id(z.string().nullable())))).toEqual(["minor input.id: null now allowed"]);
    expect(brief(input(id(z.string().nullable()), id(z.string())))).toEqual(["major input.id: null no longer allowed"]);
  });

  it("tighter limits are major (min, max, maxLength, pattern), looser ones minor", () => {
    expect(brief(input(z.object(goal), z.object({ ...goal, reps: z.number().int().min(0).max(50) })))).toEqual(["major input.reps: maximum 50 added"]);
    expect(brief(input(z.object(goal), z.object({ ...goal, name: z.string().min(1).max(60) })))).toEqual([
      "major input.name: maxLength lowered from 100 to 60",
    ]);
    expect(brief(input(z.object(goal), z.object({ ...goal, name: z.string().min(3).max(100) })))).toEqual(["major input.name: minLength raised from 1 to 3"]);
    expect(brief(input(z.object(goal), z.object({ ...goal, reps: z.number().int().positive() })))).toEqual(["major input.reps: minimum raised from 0 to > 0"]);
    expect(brief(input(z.object(goal), z.object({ ...goal, name: goal.name.regex(/^[a-z ]+$/) })))).toEqual(['major input.name: pattern "^[a-z ]+$" added']);
    expect(brief(input(z.object(goal), z.object({ ...goal, name: z.string().min(1).max(255) })))).toEqual([
      "minor input.name: maxLength raised from 100 to 255",
    ]);
  });

  it("follows nested objects and arrays, naming the path", () => {
    const plan = (reps: z.ZodType) => z.object({ plan: z.object({ days: z.array(z.object({ reps })) }) });
    expect(brief(input(plan(z.number()), plan(z.number().max(10))))).toEqual(["major input.plan.days[].reps: maximum 10 added"]);
  });

  it("a changed default is a patch change (an omitted field now means something else)", () => {
    expect(brief(input(z.object({ sets: z.number().default(1) }), z.object({ sets: z.number().default(3) })))).toEqual([
      "patch input.sets: default changed from 1 to 3",
    ]);
  });

  it("a strict object that refuses unknown fields is major", () => {
    expect(brief(input(z.object(goal), z.strictObject(goal)))).toEqual(["major input{*}: fields beyond the named ones are no longer allowed"]);
  });
});

describe("output schemas (callers read them: returning the unexpected is breaking, a new field is a feature)", () => {
  const steps = { date: z.string(), steps: z.number(), source: z.enum(["watch", "phone"]) };

  it("a new field is minor", () => {
    expect(brief(output(z.object(steps), z.object({ ...steps, goal: z.number() })))).toEqual(["minor output.goal: new output field"]);
  });

  it("a removed field is major", () => {
    expect(brief(output(z.object(steps), z.object({ date: steps.date, source: steps.source })))).toEqual(["major output.steps: output field removed"]);
  });

  it("a changed field type is major", () => {
    expect(brief(output(z.object(steps), z.object({ ...steps, steps: z.string() })))).toEqual(["major output.steps: type changed from number to string"]);
  });

  it("a field made optional or nullable is major", () => {
    expect(brief(output(z.object(steps), z.object({ ...steps, steps: z.number().optional() })))).toEqual([
      "major output.steps: may now be missing (was always present)",
    ]);
    expect(brief(output(z.object(steps), z.object({ ...steps, steps: z.number().nullable() })))).toEqual(["major output.steps: null now allowed"]);
  });

  it("a new output enum value is major (callers switch on them); a removed one is a patch", () => {
    const source = (...values: [string, ...string[]]) => z.object({ ...steps, source: z.enum(values) });
    expect(brief(output(source("watch", "phone"), source("watch", "phone", "ring")))).toEqual(['major output.source: new value "ring"']);
    expect(brief(output(source("watch", "phone"), source("watch")))).toEqual(['patch output.source: value "phone" removed']);
  });

  it("pairs discriminated union variants by their tag", () => {
    const found = (fields: z.ZodRawShape) => z.object({ found: z.literal(true), ...fields });
    const missing = z.object({ found: z.literal(false), date: z.string() });
    const before = z.discriminatedUnion("found", [found({ steps: z.number() }), missing]);
    const after = z.discriminatedUnion("found", [found({ steps: z.string() }), missing]);
    expect(brief(output(before, after))).toEqual(["major output[found=true].steps: type changed from number to string"]);
    const third = z.discriminatedUnion("found", [found({ steps: z.number() }), missing, z.object({ found: z.null(), why: z.string() })]);
    expect(brief(output(before, third))).toEqual(["major output: new variant with found=null"]);
  });

  it("compares recursive schemas without looping", () => {
    const tree = (leaf: z.ZodType) => {
      const node: z.ZodType = z.object({
        name: leaf,
        get children() {
          return z.array(node);
        },
      });
      return node;
    };
    expect(brief(output(tree(z.string()), tree(z.number())))).toEqual(["major output.name: type changed from string to number"]);
  });

  it("reports a keyword it does not understand as breaking", () => {
    const before = { type: "object", properties: { a: { type: "string", if: { minLength: 2 } } } };
    const after = { type: "object", properties: { a: { type: "string", if: { minLength: 3 } } } };
    expect(brief(diffSchemas(before, after, "output"))).toEqual(["major output.a: if changed, which the contract check cannot judge: treated as breaking"]);
  });
});
