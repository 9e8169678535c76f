import { afterEach, describe, expect, it } from "vitest";
import { AUTH, Command, CommandError, Extension, inject, secret, SETTINGS, z } from "@agx-ext/core";
import { credentials, type AuthService } from "../src/index.js";
import { failure, startAuthHost } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PASSWORD = "robot-pass-6b1d0c";

@Extension({
  id: "gadget",
  name: "Gadget",
  description: "A local device with an address and a password.",
  settings: z.object({ GADGET_HOST: z.string(), GADGET_PASSWORD: secret(z.string()) }),
  auth: credentials({ fields: [{ name: "GADGET_HOST", secret: false }, "GADGET_PASSWORD"] }),
})
class Gadget {
  constructor(
    @inject(SETTINGS) private readonly settings: { GADGET_HOST: string; GADGET_PASSWORD: string },
    @inject(AUTH) private readonly auth: AuthService,
  ) {}

  @Command({ name: "Gadget Poke", description: "Fails naming the device (and, carelessly, the password)." })
  async poke(): Promise<never> {
    const { GADGET_HOST, GADGET_PASSWORD } = this.settings;
    throw new CommandError("PROVIDER_ERROR", `Could not reach the gadget at ${GADGET_HOST} (login ${GADGET_PASSWORD} refused).`);
  }

  @Command({ name: "Gadget Read", description: "Reads both fields through AUTH and echoes them." })
  async read() {
    return { data: { host: await this.auth.secret("GADGET_HOST"), password: await this.auth.secret("GADGET_PASSWORD") } };
  }
}

describe("credentials fields marked not secret", () => {
  it("stores the field in the vault but leaves it readable in errors and results; secrets stay scrubbed", async () => {
    const host = await startAuthHost({ dialect: "sqlite", extensions: [Gadget], settings: {} });
    cleanups.push(() => host.close());
    expect(host.auth.providers()).toContainEqual(expect.objectContaining({ provider: "gadget", secrets: ["GADGET_HOST", "GADGET_PASSWORD"] }));
    await host.auth.setSecret("bob", "gadget", "GADGET_HOST", "192.168.1.47");
    await host.auth.setSecret("bob", "gadget", "GADGET_PASSWORD", PASSWORD);

    const failed = await failure(host.runtime.execute("Gadget Poke", {}, { userId: "bob" }));
    expect(failed.message).toContain("at 192.168.1.47");
    expect(failed.message).not.toContain(PASSWORD);

    const read = await host.runtime.execute("Gadget Read", {}, { userId: "bob" });
    expect(read.data).toMatchObject({ host: "192.168.1.47" });
  });

  it("keeps plain string fields secret", () => {
    const declaration = credentials({ fields: ["A_TOKEN", { name: "A_REGION", secret: false }, { name: "A_KEY", secret: true }] });
    expect(declaration).toMatchObject({ fields: ["A_TOKEN", "A_REGION", "A_KEY"], publicFields: ["A_REGION"] });
  });
});
