import { describe, expect, it } from "vitest";
import {
  Command,
  CommandError,
  CONTEXT,
  Extension,
  injectionToken,
  inject,
  readExtension,
  secret,
  SETTINGS,
  z,
  type CommandContext,
  type CommandResult,
} from "../src/index.js";
import { objectSettings, Runtime, type LoadedExtension, type ServiceModule } from "../src/host.js";

const WIDGET_TOKEN = injectionToken<{ label: string }>("test.widget");

@Extension({
  id: "sample",
  name: "Sample",
  description: "Fixture extension.",
  settings: z.object({
    SAMPLE_API_KEY: secret(z.string().min(1)).describe("API key"),
    SAMPLE_REGION: z.enum(["eu", "us"]).default("us"),
    SAMPLE_ADS_TOKEN: z.string().optional(),
  }),
})
class Sample {
  constructor(
    @inject(CONTEXT) private readonly context: CommandContext,
    @inject(SETTINGS) private readonly settings: { SAMPLE_API_KEY: string; SAMPLE_REGION: string },
  ) {}

  @Command({ name: "Set Goal", description: "Sets a goal.", input: z.object({ exercise_name: z.string().min(1), target_reps: z.number().int().positive() }) })
  async setGoal(input: { exercise_name: string; target_reps: number }): Promise<CommandResult> {
    return { data: { ...input, user: this.context.userId, region: this.settings.SAMPLE_REGION, today: this.context.today() } };
  }

  @Command({ name: "Leaky Failure", description: "Fails mentioning the key." })
  async leaky(): Promise<CommandResult> {
    throw new CommandError("PROVIDER_ERROR", `provider refused key ${this.settings.SAMPLE_API_KEY}`);
  }

  @Command({ name: "Crash", description: "Throws a plain error." })
  async crash(): Promise<CommandResult> {
    throw new Error(`internal detail ${this.settings.SAMPLE_API_KEY}`);
  }

  @Command({ name: "Wrong Return", description: "Returns a bare string." })
  async wrong(): Promise<CommandResult> {
    return "Error: something" as unknown as CommandResult;
  }

  @Command({ name: "Run Ads Report", description: "Needs the ads token.", requires: ["SAMPLE_ADS_TOKEN"] })
  async ads(): Promise<CommandResult> {
    return { data: { ok: true } };
  }
}

@Extension({ id: "uses-widget", name: "Uses Widget", description: "Reads a per-call service." })
class UsesWidget {
  constructor(@inject(WIDGET_TOKEN) private readonly widget: { label: string }) {}

  @Command({ name: "Show Widget", description: "Shows the widget label." })
  async show(): Promise<CommandResult> {
    return { data: { label: this.widget.label } };
  }
}

function loaded(target: new (...args: never[]) => object): LoadedExtension {
  return { definition: readExtension(target)!, package: { name: "fixture", version: "1.0.0", dir: "", agx: { extension: "" } } };
}

const KEY = "sk-live-0123456789";
const runtime = new Runtime({
  extensions: [loaded(Sample)],
  settings: objectSettings({ SAMPLE_API_KEY: KEY }),
  timeZone: "Pacific/Auckland",
  clock: () => new Date("2026-03-01T11:30:00Z"), // already 2 March in Auckland
});
const run = (name: string, input: unknown, userId = "alice") => runtime.execute(name, input, { userId }).catch((e: CommandError) => e);

describe("Runtime.execute", () => {
  it("validates input, injects context and settings, and returns the command's result", async () => {
    await expect(run("Set Goal", { exercise_name: "curls", target_reps: 10 })).resolves.toEqual({
      data: { exercise_name: "curls", target_reps: 10, user: "alice", region: "us", today: "2026-03-02" },
    });
  });

  it("answers INVALID_INPUT naming the field", async () => {
    const error = (await run("Set Goal", { exercise_name: "curls", target_reps: "ten" })) as CommandError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/target_reps: .*expected number/i);
    expect(error.details?.fields).toEqual(["target_reps"]);
    expect(((await run("Set Goal", [1, 2])) as CommandError).code).toBe("INVALID_INPUT");
    expect(((await run("Set Goal", { target_reps: 3 })) as CommandError).details?.fields).toEqual(["exercise_name"]);
  });

  it("answers NOT_FOUND with the closest names", async () => {
    const error = (await run("Set Gaol", {})) as CommandError;
    expect(error.code).toBe("NOT_FOUND");
    expect(error.details?.suggestions).toContain("Set Goal");
    expect(error.message).toMatch(/Did you mean: "Set Goal"/);
    const none = (await run("Completely Different Thing", {})) as CommandError;
    expect(none.code).toBe("NOT_FOUND");
  });

  it("resolves commands case-insensitively and by tool name", async () => {
    await expect(run("set goal", { exercise_name: "a", target_reps: 1 })).resolves.toMatchObject({ data: { exercise_name: "a" } });
    await expect(run("sample_set_goal", { exercise_name: "b", target_reps: 1 })).resolves.toMatchObject({ data: { exercise_name: "b" } });
  });

  it("requires a user id", async () => {
    expect(((await run("Set Goal", { exercise_name: "a", target_reps: 1 }, "")) as CommandError).code).toBe("INVALID_INPUT");
  });

  it("scrubs secret settings from error messages", async () => {
    const error = (await run("Leaky Failure", {})) as CommandError;
    expect(error.code).toBe("PROVIDER_ERROR");
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain("[redacted]");
  });

  it("turns unexpected errors into INTERNAL without internals, and logs them scrubbed", async () => {
    const lines: string[] = [];
    const { createJsonLogger } = await import("../src/host.js");
    const logged = new Runtime({
      extensions: [loaded(Sample)],
      settings: objectSettings({ SAMPLE_API_KEY: KEY }),
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
    });
    const error = (await logged.execute("Crash", {}, { userId: "bob" }).catch((e) => e)) as CommandError;
    expect(error.code).toBe("INTERNAL");
    expect(error.message).not.toMatch(/internal detail/);
    const crashLine = lines.find((l) => l.includes("command crashed"))!;
    expect(crashLine).toContain("internal detail [redacted]");
    expect(lines.join("\n")).not.toContain(KEY);
    expect(lines.some((l) => JSON.parse(l).outcome === "INTERNAL" && JSON.parse(l).userId === "bob")).toBe(true);
  });

  it("refuses a command that does not return a CommandResult", async () => {
    expect(((await run("Wrong Return", {})) as CommandError).code).toBe("INTERNAL");
  });

  it("checks settings a single command requires, while the others keep working", async () => {
    const error = (await run("Run Ads Report", {})) as CommandError;
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toContain("SAMPLE_ADS_TOKEN");
  });

  it("reports an invalid setting value as NOT_CONFIGURED naming it", async () => {
    const bad = new Runtime({ extensions: [loaded(Sample)], settings: objectSettings({ SAMPLE_API_KEY: KEY, SAMPLE_REGION: "mars" }) });
    const error = (await bad.execute("Set Goal", { exercise_name: "a", target_reps: 1 }, { userId: "u" }).catch((e) => e)) as CommandError;
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toMatch(/setting SAMPLE_REGION is invalid/);
  });

  it("runs service modules around the call in order, with per-call services and per-user settings", async () => {
    const order: string[] = [];
    const outer: ServiceModule = {
      name: "outer",
      async around(scope, next) {
        order.push(`outer:${scope.context.userId}`);
        scope.container.register(WIDGET_TOKEN, { useValue: { label: `widget for ${scope.context.userId}` } });
        try {
          return await next();
        } finally {
          order.push("outer:done");
        }
      },
    };
    const inner: ServiceModule = {
      name: "inner",
      async userSettings(userId) {
        return userId === "carol" ? { SAMPLE_API_KEY: "carol-key-999" } : {};
      },
      async around(_scope, next) {
        order.push("inner");
        return next();
      },
    };
    const withModules = new Runtime({ extensions: [loaded(UsesWidget), loaded(Sample)], modules: [outer, inner] });
    await expect(withModules.execute("Show Widget", {}, { userId: "dave" })).resolves.toEqual({ data: { label: "widget for dave" } });
    expect(order).toEqual(["outer:dave", "inner", "outer:done"]);
    // Sample needs SAMPLE_API_KEY: only carol has one, from her stored settings.
    expect(((await withModules.execute("Set Goal", { exercise_name: "a", target_reps: 1 }, { userId: "dave" }).catch((e) => e)) as CommandError).code).toBe(
      "NOT_CONFIGURED",
    );
    await expect(withModules.execute("Set Goal", { exercise_name: "a", target_reps: 1 }, { userId: "carol" })).resolves.toMatchObject({
      data: { user: "carol" },
    });
    const status = await withModules.settingsStatus(withModules.extensions[1]!, "dave");
    expect(status.missingSettings).toEqual(["SAMPLE_API_KEY"]);
  });
});

describe("lazily provided per-call services", () => {
  const built: string[] = [];
  const lazyModule = (fail: boolean): ServiceModule => ({
    name: "lazy",
    async around(scope, next) {
      scope.provide(WIDGET_TOKEN, () => {
        built.push(scope.context.userId);
        if (fail) throw new CommandError("NOT_CONFIGURED", "widget needs WIDGET_URL");
        return { label: "lazy widget" };
      });
      return next();
    },
  });

  it("builds a service only for extensions that inject it, once per call", async () => {
    built.length = 0;
    const lazy = new Runtime({
      extensions: [loaded(UsesWidget), loaded(Sample)],
      settings: objectSettings({ SAMPLE_API_KEY: KEY }),
      modules: [lazyModule(false)],
    });
    await expect(lazy.execute("Show Widget", {}, { userId: "erin" })).resolves.toEqual({ data: { label: "lazy widget" } });
    await lazy.execute("Set Goal", { exercise_name: "a", target_reps: 1 }, { userId: "frank" });
    expect(built).toEqual(["erin"]);
  });

  it("passes a CommandError thrown while building it to the caller unchanged", async () => {
    const lazy = new Runtime({ extensions: [loaded(UsesWidget)], modules: [lazyModule(true)] });
    const error = (await lazy.execute("Show Widget", {}, { userId: "erin" }).catch((e) => e)) as CommandError;
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toBe("widget needs WIDGET_URL");
  });
});

describe("Registry", () => {
  it("exposes JSON Schema for every input", () => {
    const entry = runtime.registry.find("Set Goal");
    expect(entry.inputSchema).toMatchObject({
      type: "object",
      properties: { exercise_name: { type: "string" }, target_reps: { type: "integer" } },
      required: ["exercise_name", "target_reps"],
    });
    expect(runtime.registry.find("Crash").inputSchema).toMatchObject({ type: "object", properties: {} });
    expect(entry.toolName).toBe("sample_set_goal");
  });
});

describe("the call's signal and container", () => {
  const disposed: string[] = [];

  @Extension({ id: "signals", name: "Signals", description: "Looks at its signal, or not." })
  class Signals {
    constructor(@inject(CONTEXT) private readonly context: CommandContext) {}

    @Command({ name: "Read Signal", description: "Reads its signal twice." })
    async read(): Promise<CommandResult> {
      const first = this.context.signal;
      return { data: { aborted: first.aborted, same: first === this.context.signal } };
    }

    @Command({ name: "Ignore Signal", description: "Never looks at it." })
    async ignore(): Promise<CommandResult> {
      return { data: { ok: true } };
    }

    dispose(): void {
      disposed.push(this.context.command);
    }
  }

  const signals = new Runtime({ extensions: [loaded(Signals)] });

  it("hands the caller's signal to the command", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(signals.execute("Read Signal", {}, { userId: "erin", signal: controller.signal })).resolves.toEqual({ data: { aborted: true, same: true } });
  });

  it("gives a command without a caller's signal one that never aborts", async () => {
    await expect(signals.execute("Read Signal", {}, { userId: "erin" })).resolves.toEqual({ data: { aborted: false, same: true } });
  });

  it("makes the signal from the caller's function only when the command asks, and once", async () => {
    const made: AbortSignal[] = [];
    const source = () => {
      const controller = new AbortController();
      controller.abort();
      made.push(controller.signal);
      return controller.signal;
    };
    await expect(signals.execute("Ignore Signal", {}, { userId: "erin", signal: source })).resolves.toEqual({ data: { ok: true } });
    expect(made).toHaveLength(0);
    await expect(signals.execute("Read Signal", {}, { userId: "erin", signal: source })).resolves.toEqual({ data: { aborted: true, same: true } });
    expect(made).toHaveLength(1);
  });

  it("disposes what the call's container built once the call ends", async () => {
    disposed.length = 0;
    await signals.execute("Ignore Signal", {}, { userId: "erin" });
    expect(disposed).toEqual(["Ignore Signal"]);
  });
});
