import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/index.js";
import { discoverExtensions, Runtime, objectSettings } from "../src/host.js";
import { createFixtureHost, extensionSource } from "./support/fixture-host.js";

describe("discovery of installed extension packages", () => {
  let host: Awaited<ReturnType<typeof createFixtureHost>>;

  beforeAll(async () => {
    host = await createFixtureHost([
      { name: "@agx-ext/good", agx: { extension: "./index.js" }, files: { "index.js": extensionSource({ id: "good", commands: ["Say Hello", "Get Steps"] }) } },
      { name: "@agx-ext/broken", agx: { extension: "./index.js" }, files: { "index.js": `throw new Error("boom at import");` } },
      {
        name: "@agx-ext/dupe",
        agx: { extension: "./index.js" },
        files: { "index.js": extensionSource({ id: "dupe", commands: ["Twice", "Twice"] }) },
      },
      {
        name: "@agx-ext/needs",
        agx: { extension: "./index.js" },
        files: {
          "index.js": extensionSource({
            id: "needs",
            commands: ["Get Steps"],
            settings: `z.object({ NEEDS_API_KEY: z.string().min(1).describe("key from the provider") })`,
          }),
        },
      },
      { name: "@agx-ext/plain-library", files: { "index.js": "export const x = 1;" } },
      { name: "@agx-ext/no-entry", agx: { manifest: "x.json" } },
      { name: "@agx-ext/empty", agx: { extension: "./index.js" }, files: { "index.js": "export const nothing = 1;" } },
      // Its failure's source starts with "@agx-ext/empty": it must not hide that package's own failure.
      { name: "@agx-ext/empty-entry", agx: { manifest: "x.json" } },
      { name: "@agx-ext/same-id", agx: { extension: "./index.js" }, files: { "index.js": extensionSource({ id: "good", commands: ["Other"] }) } },
      { name: "acme-weather", agx: { extension: "./index.js" }, files: { "index.js": extensionSource({ id: "acme-weather", commands: ["Get Weather"] }) } },
    ]);
  });
  afterAll(() => host.remove());

  it("loads valid packages and reports each broken one with its reason", async () => {
    const { extensions, failures } = await discoverExtensions(host.dir, { packages: ["acme-weather", "not-installed-pkg"] });
    expect(extensions.map((e) => e.id).sort()).toEqual(["acme-weather", "good", "needs"]);
    const reasons = Object.fromEntries(failures.map((f) => [f.source, f.reason]));
    expect(reasons["@agx-ext/broken"]).toMatch(/failed to import: boom at import/);
    expect(reasons["@agx-ext/dupe (dupe)"]).toMatch(/command "Twice" is declared twice/);
    expect(reasons["@agx-ext/no-entry"]).toMatch(/"extension" module path/);
    expect(reasons["@agx-ext/empty-entry"]).toMatch(/"extension" module path/);
    expect(reasons["@agx-ext/empty"]).toMatch(/exports no @Extension class/);
    expect(reasons["@agx-ext/same-id (good)"]).toMatch(/already provided by @agx-ext\/good/);
    expect(reasons["not-installed-pkg"]).toMatch(/not installed/);
    expect(Object.keys(reasons)).not.toContain("@agx-ext/plain-library");
    expect(Object.keys(reasons)).not.toContain("@agx-ext/core");
  });

  it("keeps commands of an extension whose settings are missing and answers NOT_CONFIGURED naming the setting", async () => {
    const { extensions } = await discoverExtensions(host.dir);
    const runtime = new Runtime({ extensions, settings: objectSettings({}) });
    expect(runtime.registry.list().map((c) => c.qualifiedName)).toContain("needs/Get Steps");
    const error = await runtime.execute("needs/Get Steps", { who: "x" }, { userId: "u1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe("NOT_CONFIGURED");
    expect((error as CommandError).message).toMatch(/NEEDS_API_KEY \(key from the provider\)/);

    const configured = new Runtime({ extensions, settings: objectSettings({ NEEDS_API_KEY: "k-123456" }) });
    await expect(configured.execute("needs/Get Steps", { who: "x" }, { userId: "u1" })).resolves.toEqual({ data: { hello: "x" }, markdown: "Hello x" });
  });

  it("keeps both extensions that register the same command name and addresses them by qualified name", async () => {
    const { extensions } = await discoverExtensions(host.dir);
    const runtime = new Runtime({ extensions, settings: objectSettings({ NEEDS_API_KEY: "k-123456" }) });
    const error = (await runtime.execute("Get Steps", { who: "x" }, { userId: "u1" }).catch((e: unknown) => e)) as CommandError;
    expect(error.code).toBe("CONFLICT");
    expect(error.details?.choices).toEqual(["good/Get Steps", "needs/Get Steps"]);
    await expect(runtime.execute("good/Get Steps", { who: "y" }, { userId: "u1" })).resolves.toMatchObject({ data: { hello: "y" } });
    const typo = (await runtime.execute("Get Stepz", { who: "x" }, { userId: "u1" }).catch((e: unknown) => e)) as CommandError;
    expect(typo.code).toBe("NOT_FOUND");
    expect(typo.details?.suggestions).toEqual(["good/Get Steps", "needs/Get Steps"]);
    await expect(runtime.execute("Say Hello", { who: "z" }, { userId: "u1" })).resolves.toMatchObject({ data: { hello: "z" } });
  });

  it("finds nothing in a directory without node_modules", async () => {
    const { extensions, failures } = await discoverExtensions("/nonexistent-agx-dir");
    expect(extensions).toEqual([]);
    expect(failures).toEqual([]);
  });
});
