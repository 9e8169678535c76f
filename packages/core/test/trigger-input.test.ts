/**
 * A poll trigger's `input` (a subscription's params): checked when the extension is validated and published in the
 * manifest as `inputSchema` only when declared.
 */
import { describe, expect, it } from "vitest";
import { Command, Extension, readExtension, Trigger, z, type PollInput } from "../src/index.js";
import { manifestOf, validateExtension } from "../src/host.js";

const found = z.object({ id: z.string() });
const query = z.object({ query: z.string().min(1).describe("Gmail search query"), limit: z.number().int().default(10) });

@Extension({ id: "finder", name: "Finder", description: "Polls with params." })
class Finder {
  @Command({ name: "Ping", description: "x" })
  ping() {
    return { data: "pong" };
  }

  @Trigger({ name: "Found", description: "Matches of a query.", kind: "poll", output: found, input: query })
  found(input: PollInput<{ query: string; limit: number }>) {
    return { events: [{ id: input.params.query, data: { id: input.params.query } }], cursor: null };
  }

  @Trigger({ name: "Plain", description: "No params.", kind: "poll", output: found })
  plain() {
    return { events: [], cursor: null };
  }
}

describe("trigger input", () => {
  it("publishes a poll trigger's input as inputSchema (input view: defaults make fields optional), and nothing for a trigger without", () => {
    const definition = readExtension(Finder)!;
    expect(validateExtension(definition)).toEqual([]);
    const [withInput, without] = manifestOf(definition).triggers!;
    expect(withInput!.inputSchema).toEqual({
      type: "object",
      properties: {
        query: { type: "string", minLength: 1, description: "Gmail search query" },
        limit: { type: "integer", default: 10, minimum: expect.any(Number), maximum: expect.any(Number) },
      },
      required: ["query"],
    });
    expect(without).not.toHaveProperty("inputSchema");
  });

  it("names a trigger whose input is not a zod object, cannot be JSON Schema, or belongs to a webhook", () => {
    const definition = readExtension(Finder)!;
    const base = definition.triggers![1]!;
    definition.triggers = [
      { ...base, name: "Scalar", input: z.string() },
      { ...base, name: "Opaque", input: z.object({ at: z.custom<Date>(() => true).transform((d) => d) }) },
      { ...base, name: "Hooked", kind: "webhook", input: query, verify: { sharedSecret: { setting: "X", header: "h" } } },
    ];
    const problems = validateExtension(definition).join("\n");
    expect(problems).toContain('trigger "Scalar" input must be a zod object schema');
    expect(problems).toContain('trigger "Opaque" input cannot be described as JSON Schema');
    expect(problems).toContain('trigger "Hooked" is a webhook trigger: input applies to poll triggers only');
  });
});
