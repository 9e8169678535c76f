/**
 * The trigger contract: `tsc` (typecheck) compiles this file, so every `@ts-expect-error` is a method that must
 * NOT compile; vitest runs the rest (registration, manifest, validation, running a poll in a call scope).
 */
import { describe, expect, it } from "vitest";
import {
  Command,
  CommandError,
  CONTEXT,
  Extension,
  inject,
  readExtension,
  SETTINGS,
  Trigger,
  z,
  type CommandContext,
  type PollInput,
  type WebhookRequest,
} from "../src/index.js";
import { manifestOf, pollIntervalSeconds, Runtime, validateExtension, type LoadedExtension } from "../src/host.js";

const stepOutput = z.object({ steps: z.number() });

@Extension({ id: "stepper", name: "Stepper", description: "Steps and triggers.", settings: z.object({ STEP_TOKEN: z.string().default("t-0123456789") }) })
class Stepper {
  constructor(
    @inject(CONTEXT) private readonly context: CommandContext,
    @inject(SETTINGS) private readonly settings: { STEP_TOKEN: string },
  ) {}

  @Command({ name: "Get Steps", description: "x" })
  steps() {
    return { data: 1 };
  }

  @Trigger({ name: "Steps Counted", description: "New step counts.", kind: "poll", every: "10m", output: stepOutput })
  async counted(input: PollInput) {
    const seen = typeof input.cursor === "number" ? input.cursor : 0;
    if (this.context.userId === "broken") throw new CommandError("PROVIDER_ERROR", `refused ${this.settings.STEP_TOKEN}`);
    return { events: [{ id: `count-${seen + 1}`, data: { steps: seen + 1 } }], cursor: seen + 1 };
  }

  @Trigger({
    name: "Steps Pushed",
    description: "Pushed by the provider.",
    kind: "webhook",
    output: stepOutput,
    verify: { signature: { setting: "STEP_TOKEN", header: "x-sig", timestampHeader: "x-ts" }, challenge: { query: "challenge" } },
  })
  pushed(request: WebhookRequest) {
    return { events: [{ id: String(request.query.id), userId: "alice", data: { steps: 3 } }] };
  }

  // @ts-expect-error a poll trigger's events must carry the output schema's data
  @Trigger({ name: "Wrong Data", description: "x", kind: "poll", output: stepOutput })
  wrongData() {
    return { events: [{ id: "1", data: { steps: "many" } }], cursor: null };
  }

  // @ts-expect-error a poll trigger must return a cursor
  @Trigger({ name: "No Cursor", description: "x", kind: "poll", output: stepOutput })
  async noCursor() {
    return { events: [] };
  }

  // @ts-expect-error a webhook event must say whose it is (userId or account)
  @Trigger({ name: "Nobody's", description: "x", kind: "webhook", output: stepOutput, verify: { sharedSecret: { setting: "STEP_TOKEN", query: "k" } } })
  nobodys() {
    return { events: [{ id: "1", data: { steps: 1 } }] };
  }

  // @ts-expect-error a webhook trigger takes the request, not a poll input
  @Trigger({ name: "Poll Input", description: "x", kind: "webhook", output: stepOutput, verify: { sharedSecret: { setting: "STEP_TOKEN", query: "k" } } })
  pollInput(input: { cursor: number }) {
    return { events: [{ id: String(input.cursor), userId: "alice", data: { steps: 1 } }] };
  }
}

/** Only the methods that compile: the ones above marked @ts-expect-error still register at run time. */
function valid(): LoadedExtension {
  const definition = readExtension(Stepper)!;
  definition.triggers = definition.triggers!.filter((t) => t.name === "Steps Counted" || t.name === "Steps Pushed");
  return { definition, package: { name: "@agx-ext/stepper", version: "1.0.0", dir: "", agx: { extension: "" } } };
}

describe("@Trigger", () => {
  it("registers every trigger method and writes poll and webhook triggers into the manifest with their output schema", () => {
    expect(readExtension(Stepper)!.triggers!.map((t) => t.name)).toEqual([
      "Steps Counted",
      "Steps Pushed",
      "Wrong Data",
      "No Cursor",
      "Nobody's",
      "Poll Input",
    ]);
    const manifest = manifestOf(valid().definition);
    expect(manifest.triggers).toEqual([
      {
        name: "Steps Counted",
        description: "New step counts.",
        kind: "poll",
        every: "10m",
        outputSchema: { type: "object", properties: { steps: { type: "number" } }, required: ["steps"], additionalProperties: false },
        requires: [],
      },
      expect.objectContaining({
        name: "Steps Pushed",
        kind: "webhook",
        verify: { signature: { setting: "STEP_TOKEN", header: "x-sig", timestampHeader: "x-ts" }, challenge: { query: "challenge" } },
      }),
    ]);
    expect(validateExtension(valid().definition)).toEqual([]);
  });

  it("an extension without triggers keeps the manifest it had (no triggers key)", () => {
    @Extension({ id: "plain", name: "Plain", description: "x" })
    class Plain {
      @Command({ name: "Ping", description: "x" })
      ping() {
        return { data: "pong" };
      }
    }
    expect(manifestOf(readExtension(Plain)!)).not.toHaveProperty("triggers");
  });

  it("names each invalid declaration: interval, duplicate, unverifiable webhook, misplaced options", () => {
    const definition = valid().definition;
    const base = definition.triggers![0]!;
    definition.triggers = [
      { ...base, every: "30s" },
      { ...base, name: "Steps Counted" },
      { ...base, name: "Open Door", kind: "webhook", every: undefined, verify: {} },
      { ...base, name: "Polled", verify: { sharedSecret: { setting: "X", query: "k" } } },
      {
        ...base,
        name: "Half Challenge",
        kind: "webhook",
        every: undefined,
        verify: { sharedSecret: { setting: "X", header: "h" }, challenge: { query: "c", tokenQuery: "t" } },
      },
      { ...base, name: "a/b" },
    ];
    const problems = validateExtension(definition).join("\n");
    expect(problems).toContain('trigger "Steps Counted" every "30s" must be minutes, hours or days');
    expect(problems).toContain('trigger "Steps Counted" is declared twice');
    expect(problems).toContain('trigger "Open Door" is a webhook trigger without verify.signature or verify.sharedSecret');
    expect(problems).toContain('trigger "Polled" is a poll trigger: verify applies to webhook triggers only');
    expect(problems).toContain('trigger "Half Challenge" verify.challenge needs tokenQuery and tokenSetting together');
    expect(problems).toContain('whose name is empty or contains "/"');
  });

  it("reads poll intervals from 1 minute to 7 days", () => {
    expect([pollIntervalSeconds("1m"), pollIntervalSeconds("5m"), pollIntervalSeconds("2h"), pollIntervalSeconds("7d")]).toEqual([60, 300, 7200, 604800]);
    for (const bad of ["0m", "30s", "8d", "5", "m5", " 5m"]) expect(pollIntervalSeconds(bad)).toBeUndefined();
  });
});

describe("Runtime.invokeTrigger", () => {
  it("runs a poll trigger in a call scope (context, settings) and maps a failure to its CommandError", async () => {
    const runtime = new Runtime({ extensions: [valid()] });
    expect(await runtime.invokeTrigger("stepper", "Steps Counted", { cursor: 4 }, { userId: "alice" })).toEqual({
      events: [{ id: "count-5", data: { steps: 5 } }],
      cursor: 5,
    });
    const failure = await runtime.invokeTrigger("stepper", "Steps Counted", { cursor: null }, { userId: "broken" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as CommandError).code).toBe("PROVIDER_ERROR");
    await expect(runtime.invokeTrigger("stepper", "Nope", { cursor: null }, { userId: "alice" })).rejects.toThrow('Extension "stepper" has no trigger "Nope".');
    await expect(runtime.invokeTrigger("ghost", "Nope", { cursor: null }, { userId: "alice" })).rejects.toThrow('No installed extension "ghost".');
    await expect(runtime.invokeTrigger("stepper", "Steps Counted", { cursor: null }, { userId: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
