import { describe, expect, it } from "vitest";
import { validator } from "../src/app/form/validator";

// A schema as /v1/commands lists them (zod's JSON Schema).
const schema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    mood: { type: "string", enum: ["calm", "grumpy"], default: "calm" },
    times: { type: "integer", minimum: 1, maximum: 5 },
    tags: { type: "array", items: { type: "string", maxLength: 3 } },
  },
  required: ["name"],
} as const;

describe("the form validator (@cfworker/json-schema behind @rjsf's ValidatorType)", () => {
  it("names a missing required field under the field itself", () => {
    const { errors, errorSchema } = validator.validateFormData({ mood: "calm" }, schema as never);
    expect(errors).toEqual([expect.objectContaining({ name: "required", property: ".name", message: "is required" })]);
    expect(errorSchema).toEqual({ name: { __errors: ["is required"] } });
  });

  it("puts nested failures at their path and leaves out the wrappers that only say 'something below failed'", () => {
    const { errors, errorSchema } = validator.validateFormData({ name: "a", times: 9, tags: ["ok", "toolong"] }, schema as never);
    expect(errors.map((e) => [e.name, e.property])).toEqual(
      expect.arrayContaining([
        ["maximum", ".times"],
        ["maxLength", ".tags.1"],
      ]),
    );
    expect(errors.some((e) => e.name === "properties" || e.name === "items")).toBe(false);
    expect((errorSchema as any).times.__errors).toHaveLength(1);
    expect((errorSchema as any).tags["1"].__errors).toHaveLength(1);
  });

  it("accepts valid data with no errors", () => {
    expect(validator.validateFormData({ name: "Ada", mood: "grumpy", times: 2 }, schema as never).errors).toEqual([]);
  });

  it("isValid resolves references against the root schema (as @rjsf asks for anyOf options)", () => {
    const root = { $defs: { small: { type: "integer", maximum: 3 } }, anyOf: [{ $ref: "#/$defs/small" }, { type: "string" }] };
    expect(validator.isValid({ $ref: "#/$defs/small" }, 2, root as never)).toBe(true);
    expect(validator.isValid({ $ref: "#/$defs/small" }, 7, root as never)).toBe(false);
  });

  it("never evaluates code: it works where eval is forbidden, as under the host's CSP", () => {
    const saved = globalThis.Function;
    // Any use of the Function constructor (how Ajv compiles) now throws.
    (globalThis as any).Function = function forbidden() {
      throw new EvalError("eval is forbidden here");
    };
    try {
      const { errors } = validator.validateFormData({}, { type: "object", properties: { x: { type: "string", pattern: "^a" } }, required: ["x"] } as never);
      expect(errors).toEqual([expect.objectContaining({ name: "required", property: ".x" })]);
    } finally {
      globalThis.Function = saved;
    }
  });
});
