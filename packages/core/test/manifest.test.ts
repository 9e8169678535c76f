import { readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writePackageManifest } from "../src/index.js";
import { discoverExtensions, Runtime, type PackageManifest } from "../src/host.js";
import { createFixtureHost, extensionSource } from "./support/fixture-host.js";

type Host = Awaited<ReturnType<typeof createFixtureHost>>;
let host: Host | undefined;
afterEach(() => host?.remove());

const IMPORT_COUNTER = `globalThis.__agxImports = (globalThis.__agxImports ?? 0) + 1;`;
const imports = () => (globalThis as { __agxImports?: number }).__agxImports ?? 0;

const lazyPackage = (files: Record<string, string>) => ({
  name: "@agx-ext/lazy",
  agx: { extension: "./index.js", manifest: "./agx-manifest.json" },
  files,
});

/**
 * A host whose package ships a manifest built from `source`. The manifest is built in a scratch host,
 * so this host's module has never been imported (Node caches modules by path).
 */
async function hostWithManifest(source: string) {
  const scratch = await createFixtureHost([lazyPackage({ "index.js": source })]);
  const manifest = await writePackageManifest(join(scratch.dir, "node_modules", "@agx-ext", "lazy")).finally(() => scratch.remove());
  host = await createFixtureHost([lazyPackage({ "index.js": source, "agx-manifest.json": JSON.stringify(manifest) })]);
  return { pkgDir: join(host.dir, "node_modules", "@agx-ext", "lazy"), manifest };
}

describe("build-time manifests", () => {
  it("writes the manifest a package points to, with settings, schemas and flags", async () => {
    const { pkgDir, manifest } = await hostWithManifest(
      extensionSource({
        id: "lazy",
        commands: ["Say Hello"],
        settings: `z.object({ LAZY_KEY: z.string().min(1).describe("key"), LAZY_REGION: z.string().default("eu") })`,
      }),
    );
    const onDisk = JSON.parse(await readFile(join(pkgDir, "agx-manifest.json"), "utf8")) as PackageManifest;
    expect(onDisk).toEqual(manifest);
    expect(onDisk).toMatchObject({ manifestVersion: 2, package: "@agx-ext/lazy", version: "1.0.0" });
    expect(onDisk.extensions[0]).toMatchObject({
      id: "lazy",
      entities: 0,
      settings: [
        { key: "LAZY_KEY", required: true, secret: false, description: "key" },
        { key: "LAZY_REGION", required: false, secret: false },
      ],
      commands: [{ name: "Say Hello", requires: [], mutates: false, inputSchema: { type: "object", required: ["who"] } }],
    });
  });

  it("lists commands from the manifest without importing the code, and imports it once on first call", async () => {
    await hostWithManifest(IMPORT_COUNTER + extensionSource({ id: "lazy", commands: ["Say Hello"] }));
    const before = imports();
    const { extensions, notices } = await discoverExtensions(host!.dir);
    expect(notices).toEqual([]);
    const runtime = new Runtime({ extensions });
    expect(runtime.registry.list().map((c) => c.qualifiedName)).toEqual(["lazy/Say Hello"]);
    expect(await runtime.settingsStatus(runtime.extensions[0]!)).toMatchObject({ missingSettings: [] });
    expect(imports()).toBe(before);
    await Promise.all([1, 2, 3].map((n) => runtime.execute("Say Hello", { who: `n${n}` }, { userId: "u" })));
    expect(imports()).toBe(before + 1);
  });

  it("detects a manifest that disagrees with the code and lets the code win", async () => {
    const { pkgDir, manifest } = await hostWithManifest(extensionSource({ id: "lazy", commands: ["Say Hello"] }));
    // A stale build: the manifest still advertises a command the code no longer has.
    manifest.extensions[0]!.commands.push({ ...manifest.extensions[0]!.commands[0]!, name: "Old Command" });
    await writeFile(join(pkgDir, "agx-manifest.json"), JSON.stringify(manifest));
    const runtime = new Runtime({ extensions: (await discoverExtensions(host!.dir)).extensions });
    expect(runtime.registry.list().map((c) => c.name)).toEqual(["Old Command", "Say Hello"]);
    const error = await runtime.execute("Old Command", { who: "x" }, { userId: "u" }).catch((e) => e);
    expect(error.code).toBe("NOT_FOUND");
    expect(runtime.extensions[0]!.staleManifest).toBe(true);
    expect(runtime.registry.list().map((c) => c.name)).toEqual(["Say Hello"]);
  });

  it("imports the code at discovery when the manifest is older than the code", async () => {
    const { pkgDir } = await hostWithManifest(extensionSource({ id: "lazy", commands: ["Say Hello"] }));
    const past = new Date(Date.now() - 60_000);
    await utimes(join(pkgDir, "agx-manifest.json"), past, past);
    const { extensions, notices } = await discoverExtensions(host!.dir);
    expect(notices.join()).toMatch(/older than \.\/index\.js; loaded the code instead/);
    expect(extensions[0]!.loaded).toBeDefined();
  });

  it("takes a manifest written moments before its code, as a build cache restores both, for current", async () => {
    const { pkgDir } = await hostWithManifest(extensionSource({ id: "lazy", commands: ["Say Hello"] }));
    const code = Date.now() / 1000;
    await utimes(join(pkgDir, "index.js"), code, code);
    await utimes(join(pkgDir, "agx-manifest.json"), code - 0.02, code - 0.02);
    const { extensions, notices } = await discoverExtensions(host!.dir);
    expect(notices).toEqual([]);
    expect(extensions[0]!.loaded).toBeUndefined();
  });

  it("holds the whole auth declaration, so that starting the services imports no extension that has auth but no entities", async () => {
    const declaration = {
      kind: "oauth2",
      tokenUrl: "https://login.example.test/token",
      scopes: ["read", "write"],
      extraTokenParams: { audience: { setting: "LAZY_AUDIENCE", default: "eu" } },
    };
    const { manifest } = await hostWithManifest(
      IMPORT_COUNTER + extensionSource({ id: "lazy", commands: ["Say Hello"], auth: JSON.stringify({ ...declaration, pkce: undefined }) }),
    );
    // The provider is filled in (the extension id), and an undefined field is left out, as JSON leaves it.
    expect(manifest.extensions[0]!.auth).toEqual({ ...declaration, provider: "lazy" });
    const started: { imported: unknown[]; installed: unknown[] }[] = [];
    const probe = {
      name: "probe",
      start: async (imported: readonly unknown[], installed: readonly unknown[]) => void started.push({ imported: [...imported], installed: [...installed] }),
    };
    const before = imports();
    const runtime = new Runtime({ extensions: (await discoverExtensions(host!.dir)).extensions, modules: [probe] });
    await runtime.start();
    expect(imports()).toBe(before);
    expect(started).toEqual([{ imported: [], installed: [manifest.extensions[0]] }]);
    // The code, once imported, describes itself as the manifest did: it is not taken for a stale build.
    await runtime.execute("Say Hello", { who: "x" }, { userId: "u" });
    expect(imports()).toBe(before + 1);
    expect(runtime.extensions[0]!.staleManifest).toBe(false);
  });

  it("reads a manifest of an older format as absent, and imports the code instead", async () => {
    const { pkgDir, manifest } = await hostWithManifest(extensionSource({ id: "lazy", commands: ["Say Hello"] }));
    // Version 1 held only the auth's kind and provider: a host cannot start auth from it.
    await writeFile(join(pkgDir, "agx-manifest.json"), JSON.stringify({ ...manifest, manifestVersion: 1 }));
    const later = new Date(Date.now() + 60_000);
    await utimes(join(pkgDir, "agx-manifest.json"), later, later);
    const { extensions, notices } = await discoverExtensions(host!.dir);
    expect(notices.join()).toMatch(/agx-manifest\.json has an unknown format; loaded the code instead/);
    expect(extensions[0]!.loaded).toBeDefined();
  });

  it("reports a lazily loaded package that fails to import as a clear error, not a crash", async () => {
    const { pkgDir } = await hostWithManifest(extensionSource({ id: "lazy", commands: ["Say Hello"] }));
    await writeFile(join(pkgDir, "index.js"), `throw new Error("dependency missing");`);
    const manifestPath = join(pkgDir, "agx-manifest.json");
    const later = new Date(Date.now() + 60_000);
    await utimes(manifestPath, later, later);
    const runtime = new Runtime({ extensions: (await discoverExtensions(host!.dir)).extensions });
    const error = await runtime.execute("Say Hello", { who: "x" }, { userId: "u" }).catch((e) => e);
    expect(error.code).toBe("INTERNAL");
    expect(error.message).toMatch(/Extension "lazy" could not be loaded: .*dependency missing/);
  });
});
