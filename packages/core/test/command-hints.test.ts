import { describe, expect, it } from "vitest";
import { Command, Extension, readExtension, z } from "../src/index.js";
import { manifestOf, Registry, ExtensionHandle, validateExtension, type ExtensionManifest } from "../src/host.js";

@Extension({ id: "hinted", name: "Hinted", description: "x", auth: { kind: "apiKey" } })
class Hinted {
  @Command({ name: "Get Things", description: "x", output: z.object({ count: z.number().int(), when: z.string().default("now") }) })
  async get() {
    return { data: { count: 1, when: "now" } };
  }

  @Command({ name: "Delete Thing", title: "Delete a thing", description: "x", destructive: true, idempotent: true, output: z.null() })
  async remove() {
    return { data: null };
  }

  @Command({ name: "Local Note", description: "x", mutates: true, openWorld: false })
  async note() {
    return { data: "ok" };
  }
}

@Extension({ id: "local", name: "Local", description: "x" })
class Local {
  @Command({ name: "Count", description: "x" })
  async count() {
    return { data: 1 };
  }
}

const manifest = (cls: object) => manifestOf(readExtension(cls)!);
const commandOf = (m: ExtensionManifest, name: string) => m.commands.find((c) => c.name === name)!;

describe("command title, hints and output schema", () => {
  it("records defaults, explicit hints and the output JSON Schema (the output view) in the manifest", () => {
    const m = manifest(Hinted);
    expect(commandOf(m, "Get Things")).toMatchObject({ title: "Get Things", mutates: false, destructive: false, idempotent: false, openWorld: true });
    // io "output": a defaulted field is always present in what the command returns.
    expect(commandOf(m, "Get Things").outputSchema).toMatchObject({ type: "object", required: ["count", "when"] });
    // destructive implies mutates.
    expect(commandOf(m, "Delete Thing")).toMatchObject({
      title: "Delete a thing",
      mutates: true,
      destructive: true,
      idempotent: true,
      outputSchema: { type: "null" },
    });
    expect(commandOf(m, "Local Note")).toMatchObject({ mutates: true, openWorld: false });
    expect(commandOf(m, "Local Note").outputSchema).toBeUndefined();
    // Without auth a command does not reach another system unless it says so.
    expect(commandOf(manifest(Local), "Count").openWorld).toBe(false);
  });

  it("exposes them on registry entries, with defaults for a manifest from an older build", () => {
    const current = manifest(Hinted);
    const old: ExtensionManifest = {
      ...current,
      commands: current.commands.map(({ name, description, inputSchema, requires, mutates }) => ({ name, description, inputSchema, requires, mutates })),
    };
    const pkg = { name: "@agx-ext/hinted", version: "1.0.0", dir: "/nowhere", agx: { extension: "./index.js" } };
    const fresh = new Registry([ExtensionHandle.lazy(current, pkg, () => Promise.reject(new Error("not needed")))]);
    expect(fresh.find("Delete Thing")).toMatchObject({ title: "Delete a thing", destructive: true, idempotent: true, mutates: true, openWorld: true });
    expect(fresh.find("Get Things").outputSchema).toMatchObject({ type: "object" });
    const legacy = new Registry([ExtensionHandle.lazy(old, pkg, () => Promise.reject(new Error("not needed")))]);
    expect(legacy.find("Delete Thing")).toMatchObject({ title: "Delete Thing", destructive: false, idempotent: false, mutates: true, openWorld: true });
    expect(legacy.find("Delete Thing").outputSchema).toBeUndefined();
  });

  it("rejects an output that is not a zod schema or has no JSON Schema form, and contradicting hints", () => {
    @Extension({ id: "bad-output", name: "Bad", description: "x" })
    class Bad {
      @Command({ name: "Dated", description: "x", output: z.object({ when: z.date() }) })
      async dated() {
        return { data: { when: new Date(0) } };
      }
      @Command({ name: "Plain", description: "x", output: { type: "object" } as unknown as z.ZodType })
      async plain() {
        return { data: null };
      }
      @Command({ name: "Confused", description: "x", destructive: true, mutates: false, title: " " })
      async confused() {
        return { data: null };
      }
      @Command({ name: "Stringly", description: "x", idempotent: "yes" as never })
      async stringly() {
        return { data: null };
      }
    }
    const problems = validateExtension(readExtension(Bad)!);
    expect(problems).toContainEqual(expect.stringMatching(/^command "Dated" output cannot be described as JSON Schema/));
    expect(problems).toContain('command "Plain" output must be a zod schema');
    expect(problems).toContain('command "Confused" is destructive but says mutates: false (a destructive command always mutates)');
    expect(problems).toContain('command "Confused" title must be a non-empty string');
    expect(problems).toContain('command "Stringly" idempotent must be true or false');
    expect(validateExtension(readExtension(Hinted)!)).toEqual([]);
  });

  it("refuses an auth declaration that a manifest cannot hold as it is", () => {
    const withAuth = (auth: Record<string, unknown>) => {
      @Extension({ id: "shaped", name: "Shaped", description: "x", auth: { kind: "apiKey", ...auth } })
      class Shaped {
        @Command({ name: "Count", description: "x" })
        async count() {
          return { data: 1 };
        }
      }
      return validateExtension(readExtension(Shaped)!);
    };
    const refusal =
      "auth declaration must be plain data (strings, finite numbers, booleans, arrays, objects) besides hook functions: the host reads it from the manifest";
    expect(withAuth({ check: { url: "https://x.test/me", expect: 200 } })).toEqual([]);
    expect(withAuth({ optional: undefined })).toEqual([]);
    expect(withAuth({ retryable: () => false })).toEqual([]);
    expect(withAuth({ hooks: [() => false] })).toEqual([refusal]);
    expect(withAuth({ nested: { since: new Date(0) } })).toEqual([refusal]);
    expect(withAuth({ limits: [1, Number.NaN] })).toEqual([refusal]);
  });
});

describe("JSON Schema keywords", () => {
  it("describes base64 strings with contentEncoding, not the non-standard format: base64", async () => {
    const { toJsonSchema, toOutputJsonSchema } = await import("../src/host.js");
    const schema = z.object({ file: z.base64(), token: z.base64url(), when: z.iso.date() });
    for (const json of [toJsonSchema(schema), toOutputJsonSchema(schema)]) {
      const properties = json.properties as Record<string, Record<string, unknown>>;
      expect(properties.file).toMatchObject({ type: "string", contentEncoding: "base64" });
      expect(properties.file!.format).toBeUndefined();
      expect(properties.token).toMatchObject({ contentEncoding: "base64url" });
      expect(properties.token!.format).toBeUndefined();
      expect(properties.when!.format).toBe("date");
    }
  });
});
