import { secret, z } from "@agx-ext/core";
import { afterEach, describe, expect, it } from "vitest";
import { apiKey, credentials, oauth2 } from "../src/index.js";
import { failure, providerExtension, startAuthHost } from "./support.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("missing per-user settings", () => {
  it("credentials fields point to agx connect, never to host-wide environment variables", async () => {
    const host = await startAuthHost({
      dialect: "sqlite",
      extensions: [
        providerExtension("robot", credentials({ fields: [{ name: "ROBOT_HOST", secret: false }, "ROBOT_BLID", "ROBOT_PASSWORD"] }), {
          ROBOT_HOST: z.string(),
          ROBOT_BLID: secret(z.string()),
          ROBOT_PASSWORD: secret(z.string()),
        }),
        providerExtension("keyed", apiKey({ setting: "KEYED_KEY", provider: "keyed-cloud" }), { KEYED_KEY: secret(z.string()) }),
        providerExtension(
          "oauthy",
          oauth2({
            authorizeUrl: "https://o.example/a",
            tokenUrl: "https://o.example/t",
            scopes: [],
            pkce: true,
            clientAuth: "body",
            clientIdSetting: "O_ID",
            clientSecretSetting: "O_SECRET",
          }),
        ),
      ],
      settings: { API_URL: "http://127.0.0.1:9" },
    });
    cleanups.push(() => host.close());
    const loaded = (id: string) => host.runtime.extensions.find((e) => e.id === id)!.loaded!;

    // What the runtime's settings check reports today for a user who stored nothing:
    const refused = await failure(host.runtime.execute("robot get", {}, { userId: "alice" }));
    expect(refused).toMatchObject({ code: "NOT_CONFIGURED", details: { missing: ["ROBOT_HOST", "ROBOT_BLID", "ROBOT_PASSWORD"] } });

    const hint = host.auth.missingSettingsHint(loaded("robot"), ["ROBOT_HOST", "ROBOT_BLID", "ROBOT_PASSWORD"]);
    expect(hint).toBe("ROBOT_HOST, ROBOT_BLID, ROBOT_PASSWORD are stored per user: run `agx connect robot` to enter them.");
    expect(hint).not.toMatch(/environment/);
    expect(host.auth.missingSettingsHint(loaded("robot"), ["ROBOT_PASSWORD"])).toBe("ROBOT_PASSWORD is stored per user: run `agx connect robot` to enter it.");
    expect(host.auth.missingSettingsHint(loaded("robot"), ["API_URL"])).toBeUndefined();
    expect(host.auth.missingSettingsHint(loaded("keyed"), ["KEYED_KEY"])).toBe(
      "Store your own KEYED_KEY with `agx connect keyed-cloud`, or set it host-wide for every user.",
    );
    expect(host.auth.missingSettingsHint(loaded("oauthy"), ["O_SECRET"])).toBeUndefined(); // a client secret is host-wide
  });
});
