import { describe, expect, it } from "vitest";
import {
  Command,
  CommandError,
  CONTEXT,
  Extension,
  inject,
  readExtension,
  secret,
  SETTINGS,
  z,
  type CommandContext,
  type CommandResult,
} from "../src/index.js";
import { closestNames, MAX_NAME_LENGTH, MAX_STRING_INPUT, objectSettings, Runtime, type LoadedExtension, type ServiceModule } from "../src/host.js";

@Extension({
  id: "guarded",
  name: "Guarded",
  description: "Fixture for input and result rules.",
  settings: z.object({ GUARDED_TOKEN: secret(z.string().min(1)) }),
})
class Guarded {
  constructor(
    @inject(CONTEXT) private readonly context: CommandContext,
    @inject(SETTINGS) private readonly settings: { GUARDED_TOKEN: string },
  ) {}

  @Command({
    name: "Save Note",
    description: "Stores a note.",
    input: z.object({
      title: z.string().min(1),
      body: z
        .string()
        .max(MAX_STRING_INPUT * 2)
        .optional(),
      tags: z.array(z.string()).optional(),
      extra: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  async save(input: { title: string; body?: string; tags?: string[]; extra?: Record<string, unknown> }): Promise<CommandResult> {
    return { data: { saved: input.title.length } };
  }

  /** Behaves like a provider that echoes the bearer token and a per-call secret in a successful answer. */
  @Command({ name: "Echo Token", description: "Echoes its secrets." })
  async echo(): Promise<CommandResult> {
    const session = "session-abcdef-42";
    this.context.addSecret(session);
    const token = this.settings.GUARDED_TOKEN;
    return {
      data: { echo: token, nested: [{ header: `Bearer ${token}`, session }], [token]: "as a key", when: new Date(0), count: 3 },
      markdown: `Your token is ${token}, session ${session}.`,
    };
  }
}

function loaded(target: new (...args: never[]) => object): LoadedExtension {
  return { definition: readExtension(target)!, package: { name: "fixture", version: "1.0.0", dir: "", agx: { extension: "" } } };
}

const TOKEN = "tok-live-9876543210";
const runtime = new Runtime({ extensions: [loaded(Guarded)], settings: objectSettings({ GUARDED_TOKEN: TOKEN }) });
const run = (name: string, input: unknown) => runtime.execute(name, input, { userId: "alice" }).catch((e: CommandError) => e);

describe("command names", () => {
  it("answers an absurdly long name at once with a short NOT_FOUND and no suggestions", async () => {
    const huge = "Zq".repeat(500_000);
    // Without a bound the suggestion search costs length x candidates and this call takes many seconds.
    const error = (await run(huge, {})) as CommandError;
    expect(error).toBeInstanceOf(CommandError);
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain(`at most ${MAX_NAME_LENGTH} characters`);
    expect(error.details).toEqual({ suggestions: [] });
  });

  it("quotes only the start of an unknown name that is within the limit", async () => {
    const error = (await run("Q".repeat(MAX_NAME_LENGTH), {})) as CommandError;
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).not.toContain("Q".repeat(61));
    expect(error.message.length).toBeLessThan(120);
  });

  it("still suggests close names for ordinary typos", async () => {
    const error = (await run("Save Nte", {})) as CommandError;
    expect(error.details?.suggestions).toContain("Save Note");
  });

  it("bounds closestNames: a long wanted name or far-off candidates cost nothing", () => {
    expect(closestNames("a".repeat(5_000), ["aaaa", "Set Goal"])).toEqual([]);
    expect(closestNames("Set Gaol", ["Set Goal", "x".repeat(10_000), "Get Steps"])).toEqual(["Set Goal"]);
    expect(closestNames("steps", ["Get Steps", "Get Sleep"])).toEqual(["Get Steps"]);
  });
});

describe("string inputs", () => {
  it("refuses a NUL character in any string, naming the field", async () => {
    for (const [input, field] of [
      [{ title: "curl\u0000s" }, "title"],
      [{ title: "ok", tags: ["a", "b\u0000"] }, "tags.1"],
      [{ title: "ok", extra: { deep: { er: "x\u0000" } } }, "extra.deep.er"],
      [{ title: "ok", extra: { "k\u0000": 1 } }, "extra"],
    ] as const) {
      const error = (await run("Save Note", input)) as CommandError;
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.message).toContain(`${field}: `);
      expect(error.message).toMatch(/NUL character/);
      expect(error.details?.fields).toEqual([field]);
    }
    // Also for a command whose schema does not look at the field at all.
    expect(((await run("Echo Token", { ignored: "a\u0000b" })) as CommandError).code).toBe("INVALID_INPUT");
  });

  it("caps strings without a declared maxLength, and lets a declared one win", async () => {
    const over = (await run("Save Note", { title: "t".repeat(MAX_STRING_INPUT + 1) })) as CommandError;
    expect(over.code).toBe("INVALID_INPUT");
    expect(over.details?.fields).toEqual(["title"]);
    expect(over.message).toContain(`longer than ${MAX_STRING_INPUT} characters`);
    expect(over.message.length).toBeLessThan(200);
    await expect(run("Save Note", { title: "t", body: "b".repeat(MAX_STRING_INPUT + 1) })).resolves.toEqual({ data: { saved: 1 } });
    const tag = (await run("Save Note", { title: "t", tags: ["x".repeat(MAX_STRING_INPUT + 1)] })) as CommandError;
    expect(tag.details?.fields).toEqual(["tags.0"]);
  });

  it("refuses input nested absurdly deep instead of crashing", async () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const error = (await run("Save Note", { title: "t", extra: deep as Record<string, unknown> })) as CommandError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/nested more than \d+ levels deep/);
  });
});

describe("results", () => {
  it("scrubs every secret of the call from data (values and keys) and markdown", async () => {
    const result = (await run("Echo Token", {})) as CommandResult;
    const text = JSON.stringify(result);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("session-abcdef-42");
    expect(result.data).toMatchObject({
      echo: "[redacted]",
      nested: [{ header: "Bearer [redacted]", session: "[redacted]" }],
      "[redacted]": "as a key",
      count: 3,
    });
    expect((result.data as { when: unknown }).when).toBeInstanceOf(Date);
    expect(result.markdown).toBe("Your token is [redacted], session [redacted].");
  });

  it("returns a result without secrets in it untouched", async () => {
    const plain = new Runtime({ extensions: [loaded(Guarded)], settings: objectSettings({ GUARDED_TOKEN: "zzzz-not-echoed" }) });
    const result = await plain.execute("Save Note", { title: "hello" }, { userId: "bob" });
    expect(result).toEqual({ data: { saved: 5 } });
  });
});

describe("Runtime.start", () => {
  it("stops the modules it had started when a later one fails, and can start again", async () => {
    const events: string[] = [];
    let failNext = true;
    const module = (name: string, fails = false): ServiceModule => ({
      name,
      async start() {
        events.push(`start ${name}`);
        if (fails && failNext) throw new Error(`${name} refused: wrong key`);
      },
      async stop() {
        events.push(`stop ${name}`);
      },
    });
    const modules = [module("database"), module("cache"), module("vault", true), module("never")];
    const failing = new Runtime({ extensions: [loaded(Guarded)], settings: objectSettings({ GUARDED_TOKEN: TOKEN }), modules });
    await expect(failing.start()).rejects.toThrow("vault refused: wrong key");
    expect(events).toEqual(["start database", "start cache", "start vault", "stop cache", "stop database"]);
    await failing.stop(); // nothing left to stop
    expect(events).toHaveLength(5);

    failNext = false;
    events.length = 0;
    await failing.start();
    await failing.stop();
    expect(events).toEqual(["start database", "start cache", "start vault", "start never", "stop never", "stop vault", "stop cache", "stop database"]);
  });
});
