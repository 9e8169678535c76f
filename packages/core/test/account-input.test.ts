import { describe, expect, it } from "vitest";
import { Command, CommandError, CONTEXT, Extension, inject, readExtension, z, type CommandContext } from "../src/index.js";
import { Runtime, type LoadedExtension, type ServiceModule } from "../src/host.js";

/** Any kind the auth package knows: core only sees that the extension declares auth, and for which provider. */
@Extension({ id: "mail", name: "Mail", description: "Fixture with auth.", auth: { kind: "oauth2", provider: "mailhost" } })
class Mail {
  constructor(@inject(CONTEXT) private readonly context: CommandContext) {}

  @Command({ name: "List Mail", description: "Echoes what it got.", input: z.object({ folder: z.string().default("inbox") }).strict() })
  async list(input: { folder: string }) {
    return { data: { input, account: this.context.account ?? null } };
  }
}

@Extension({ id: "notes", name: "Notes", description: "Fixture without auth." })
class Notes {
  @Command({ name: "Note", description: "Echoes its input.", input: z.object({ account: z.string().optional() }) })
  async note(input: { account?: string }) {
    return { data: input };
  }
}

function loaded(target: new (...args: never[]) => object): LoadedExtension {
  return { definition: readExtension(target)!, package: { name: "fixture", version: "1.0.0", dir: "", agx: { extension: "" } } };
}

function runtimeWith(seen: Array<string | undefined>) {
  const module: ServiceModule = {
    name: "accounts",
    async userSettings(_userId, _extension, account) {
      seen.push(account);
      return {};
    },
  };
  return new Runtime({ extensions: [loaded(Mail), loaded(Notes)], modules: [module] });
}

describe("the host's account input", () => {
  it("is listed in the input schema of every command of an extension with auth, naming the provider", () => {
    const runtime = runtimeWith([]);
    const mail = runtime.registry.find("List Mail");
    expect(mail.selectsAccount).toBe(true);
    expect(mail.inputSchema).toMatchObject({ properties: { folder: { type: "string" }, account: { type: "string", minLength: 1, maxLength: 255 } } });
    expect((mail.inputSchema.properties as Record<string, { description?: string } | undefined>).account?.description).toContain("mailhost");
    // The extension's own field is left alone, and an extension without auth gets none.
    expect(runtime.registry.find("Note").selectsAccount).toBe(false);
  });

  it("reaches the service modules and the call's context; the command's own (strict) schema never sees it", async () => {
    const seen: Array<string | undefined> = [];
    const runtime = runtimeWith(seen);
    const chosen = await runtime.execute("List Mail", { folder: "sent", account: " work " }, { userId: "u" });
    expect(chosen.data).toEqual({ input: { folder: "sent" }, account: "work" });
    const plain = await runtime.execute("List Mail", {}, { userId: "u" });
    expect(plain.data).toEqual({ input: { folder: "inbox" }, account: null });
    expect(seen).toEqual(["work", undefined]);
  });

  it("refuses an empty, blank or non-string account, or one longer than 255 characters, naming the field", async () => {
    const runtime = runtimeWith([]);
    for (const account of ["", "   ", 42, "x".repeat(256)]) {
      const error = (await runtime.execute("List Mail", { account }, { userId: "u" }).catch((e: unknown) => e)) as CommandError;
      expect(error).toBeInstanceOf(CommandError);
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.details).toMatchObject({ fields: ["account"] });
    }
  });

  it("is an ordinary field of a command that declares its own account", async () => {
    const runtime = runtimeWith([]);
    expect((await runtime.execute("Note", { account: "mine" }, { userId: "u" })).data).toEqual({ account: "mine" });
  });
});
