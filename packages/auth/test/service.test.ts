import { afterEach, describe, expect, it } from "vitest";
import { AUTH, Command, Extension, inject, z } from "@agx-ext/core";
import { credentials, type AuthService } from "../src/index.js";
import { failure, startAuthHost } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

@Extension({
  id: "vaulty",
  name: "Vaulty",
  description: "Keeps a device key it learns at run time.",
  auth: credentials({ fields: ["VAULTY_PASSWORD", "VAULTY_DEVICE_KEY"] }),
})
class Vaulty {
  constructor(@inject(AUTH) private readonly auth: AuthService) {}

  @Command({ name: "Vaulty Pair", description: "Stores a device key.", input: z.object({ key: z.string() }) })
  async pair(input: { key: string }) {
    await this.auth.setSecret("VAULTY_DEVICE_KEY", input.key);
    return { data: await this.auth.connection() };
  }

  @Command({ name: "Vaulty Leak", description: "Fails mentioning the stored key." })
  async leak(): Promise<never> {
    const key = await this.auth.secret("VAULTY_DEVICE_KEY");
    throw new Error(`device refused key ${key}`);
  }

  @Command({ name: "Vaulty Token", description: "Asks for an OAuth token it does not have." })
  async token() {
    return { data: await this.auth.accessToken() };
  }
}

describe("AUTH service in a command call", () => {
  it("stores and reads per-user secrets, scrubs them from failures, and names what is stored", async () => {
    const host = await startAuthHost({ dialect: "sqlite", extensions: [Vaulty], settings: {} });
    cleanups.push(() => host.close());
    const paired = await host.runtime.execute("Vaulty Pair", { key: "device-key-998877" }, { userId: "alice" });
    expect(paired.data).toMatchObject({ provider: "vaulty", kind: "credentials", status: "not_connected", secrets: ["VAULTY_DEVICE_KEY"] });
    expect(await host.auth.secret("alice", "vaulty", "VAULTY_DEVICE_KEY")).toBe("device-key-998877");
    expect(await host.auth.secret("bob", "vaulty", "VAULTY_DEVICE_KEY")).toBeUndefined();

    const leaked = await failure(host.runtime.execute("Vaulty Leak", {}, { userId: "alice" }));
    expect(JSON.stringify(leaked)).not.toContain("device-key-998877");

    const token = await failure(host.runtime.execute("Vaulty Token", {}, { userId: "alice" }));
    expect(token.code).toBe("INTERNAL");

    await host.auth.setSecret("alice", "vaulty", "VAULTY_PASSWORD", "pw-123456");
    expect(await host.auth.connection("alice", "vaulty")).toMatchObject({ status: "active" });
    const begin = await failure(host.auth.begin("alice", "vaulty"));
    expect(begin.code).toBe("INVALID_INPUT");
    expect(begin.message).toContain("agx connect vaulty");
  });
});
