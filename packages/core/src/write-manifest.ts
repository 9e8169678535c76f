import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { importExtensionPackage, type AgxPackageField, type LoadFailure } from "./discovery.js";
import { MANIFEST_VERSION, type PackageManifest } from "./manifest.js";
import { manifestOf } from "./manifest-of.js";

/**
 * Writes the manifest of a built extension package to the path its package.json names in `agx.manifest`.
 * Run after the build (`node -e "import('@agx-ext/core').then((c) => c.writePackageManifest('.'))"`).
 * Fails, listing the problems, when the package declares something invalid.
 */
export async function writePackageManifest(packageDir: string): Promise<PackageManifest> {
  const dir = resolve(packageDir);
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { name: string; version: string; agx?: AgxPackageField };
  if (!pkg.agx?.extension) throw new Error(`${pkg.name}: package.json needs "agx": { "extension": "./dist/index.js" }`);
  if (!pkg.agx.manifest) throw new Error(`${pkg.name}: package.json needs "agx": { "manifest": "./dist/agx-manifest.json" }`);
  const failures: LoadFailure[] = [];
  const loaded = await importExtensionPackage({ name: pkg.name, version: pkg.version, dir, agx: pkg.agx }, failures);
  if (failures.length) throw new Error(failures.map((f) => `${f.source}: ${f.reason}`).join("\n"));
  const manifest: PackageManifest = {
    manifestVersion: MANIFEST_VERSION,
    package: pkg.name,
    version: pkg.version,
    extensions: loaded.map((l) => manifestOf(l.definition)),
  };
  await writeFile(join(dir, pkg.agx.manifest), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
