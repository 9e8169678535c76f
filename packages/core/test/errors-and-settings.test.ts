import { describe, expect, it } from "vitest";
import { Command, CommandError, Extension, inject, readExtension, secret, SETTINGS, z, type CommandResult } from "../src/index.js";
import { objectSettings, Runtime, type LoadedExtension, type ServiceModule } from "../src/host.js";

@Extension({
  id: "leaky",
  name: "Leaky",
  description: "Fixture whose errors carry a provider's words.",
  settings: z.object({
    LEAKY_TOKEN: secret(z.string().min(1)),
    LEAKY_PIN: secret(z.string().regex(/^\d+$/).min(4)),
    LEAKY_REGION: z.string().optional(),
  }),
})
class Leaky {
  constructor(@inject(SETTINGS) private readonly settings: { LEAKY_TOKEN: string }) {}

  @Command({ name: "Fail Loudly", description: "Fails, quoting the provider." })
  async fail(): Promise<CommandResult> {
    throw new CommandError("PROVIDER_ERROR", "The provider refused the request.", {
      details: { provider: "leaky", body: { echoed: `Bearer ${this.settings.LEAKY_TOKEN}`, list: [this.settings.LEAKY_TOKEN] } },
    });
  }
}

function loaded(target: new (...args: never[]) => object): LoadedExtension {
  return { definition: readExtension(target)!, package: { name: "fixture", version: "1.0.0", dir: "", agx: { extension: "" } } };
}

const TOKEN = "tok-live-1234567890";
const run = (runtime: Runtime): Promise<CommandError> =>
  runtime.execute("Fail Loudly", {}, { userId: "alice" }).then(
    () => {
      throw new Error("Fail Loudly succeeded");
    },
    (error: unknown) => error as CommandError,
  );

describe("errors", () => {
  it("scrubs known secrets from an error's details, not only its message", async () => {
    const runtime = new Runtime({ extensions: [loaded(Leaky)], settings: objectSettings({ LEAKY_TOKEN: TOKEN, LEAKY_PIN: "1234" }) });
    const error = await run(runtime);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", message: "The provider refused the request." });
    expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN);
    expect(error.details).toEqual({ provider: "leaky", body: { echoed: "Bearer [redacted]", list: ["[redacted]"] } });
  });
});

describe("missing settings", () => {
  it("tells how to set host-wide settings when no module holds them", async () => {
    const runtime = new Runtime({ extensions: [loaded(Leaky)], settings: objectSettings({}) });
    const error = await run(runtime);
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toContain("environment variables");
    expect(error.details).toMatchObject({ missing: ["LEAKY_TOKEN", "LEAKY_PIN"] });
  });

  it("uses a service module's hint for settings it holds per user, instead of environment variables", async () => {
    const asked: string[][] = [];
    const vault: ServiceModule = {
      name: "vault",
      missingSettingsHint: (extension, missing) => {
        asked.push([extension.definition.id, ...missing]);
        return "They are stored per user: run `agx connect leaky`.";
      },
    };
    const runtime = new Runtime({ extensions: [loaded(Leaky)], settings: objectSettings({}), modules: [vault] });
    const error = await run(runtime);
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.message).toContain("run `agx connect leaky`");
    expect(error.message).not.toContain("environment variables");
    expect(asked).toEqual([["leaky", "LEAKY_TOKEN", "LEAKY_PIN"]]);
  });

  it("names a setting that fails two checks once", async () => {
    const runtime = new Runtime({ extensions: [loaded(Leaky)], settings: objectSettings({ LEAKY_TOKEN: TOKEN, LEAKY_PIN: "ab" }) });
    const error = await run(runtime);
    expect(error.code).toBe("NOT_CONFIGURED");
    expect(error.details).toMatchObject({ invalid: ["LEAKY_PIN"] });
  });
});

describe("user ids", () => {
  it("refuses an id the host's rule does not allow before anything runs, quoting only its start", async () => {
    const runtime = new Runtime({ extensions: [loaded(Leaky)], settings: objectSettings({ LEAKY_TOKEN: TOKEN, LEAKY_PIN: "1234" }) });
    for (const userId of ["", " ", "a".repeat(129), "bob\u0000", "-dash-first", "with space"]) {
      const error: unknown = await runtime.execute("Fail Loudly", {}, { userId }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "INVALID_INPUT" });
      expect((error as CommandError).message.length).toBeLessThan(220);
    }
    await expect(runtime.execute("Fail Loudly", {}, { userId: "ana.maria@example.com" })).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
  });
});
