import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ExtensionDefinition } from "./definition.js";
import { ExtensionHandle } from "./handle.js";
import { MANIFEST_VERSION, type PackageManifest } from "./manifest.js";

export const EXTENSION_SCOPE = "@agx-ext";

/** The `agx` field of an extension package's package.json. */
export interface AgxPackageField {
  /** Module (relative to the package) that exports the decorated extension classes. */
  extension: string;
  /** Build-time manifest of the extension's metadata, when the package ships one. */
  manifest?: string;
}

export interface ExtensionPackage {
  name: string;
  version: string;
  dir: string;
  agx: AgxPackageField;
}

export interface LoadedExtension {
  definition: ExtensionDefinition;
  package: ExtensionPackage;
}

export interface LoadFailure {
  /** Package name, or the package name and extension id when one class of a package is rejected. */
  source: string;
  reason: string;
}

export interface DiscoveryOptions {
  /** Further package names to load besides the @agx-ext scope (from the host config). */
  packages?: readonly string[];
}

export interface DiscoveryResult {
  extensions: ExtensionHandle[];
  failures: LoadFailure[];
  /** Things that work but deserve attention, such as a manifest older than its code. */
  notices: string[];
}

/** Finds installed extension packages under `hostDir`; never throws for a broken package. */
export async function findExtensionPackages(
  hostDir: string,
  options: DiscoveryOptions = {},
): Promise<{ packages: ExtensionPackage[]; failures: LoadFailure[] }> {
  const dirs = new Map<string, string>();
  const scopeDir = join(hostDir, "node_modules", EXTENSION_SCOPE);
  for (const entry of await readdir(scopeDir).catch(() => [] as string[])) {
    if (!entry.startsWith(".")) dirs.set(`${EXTENSION_SCOPE}/${entry}`, join(scopeDir, entry));
  }
  const failures: LoadFailure[] = [];
  const requireFromHost = createRequire(join(resolve(hostDir), "package.json"));
  for (const name of options.packages ?? []) {
    if (dirs.has(name)) continue;
    try {
      dirs.set(name, dirname(requireFromHost.resolve(`${name}/package.json`)));
    } catch {
      failures.push({ source: name, reason: `package ${name} is named in the host config but is not installed` });
    }
  }
  const packages: ExtensionPackage[] = [];
  for (const [name, dir] of [...dirs].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = await readPackageJson(dir).catch((error: Error) => {
      failures.push({ source: name, reason: `cannot read package.json: ${error.message}` });
      return undefined;
    });
    if (!pkg || pkg.agx === undefined) continue; // not an extension (core, host, db...)
    if (typeof pkg.agx?.extension !== "string") {
      failures.push({ source: name, reason: 'package.json "agx" field needs an "extension" module path' });
      continue;
    }
    packages.push({ name, version: String(pkg.version ?? "0.0.0"), dir, agx: pkg.agx as AgxPackageField });
  }
  return { packages, failures };
}

async function readPackageJson(dir: string): Promise<{ version?: string; agx?: Partial<AgxPackageField> }> {
  return JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
}

/** Imports one package and returns its valid extension classes; problems go to `failures`. */
export async function importExtensionPackage(pkg: ExtensionPackage, failures: LoadFailure[]): Promise<LoadedExtension[]> {
  // Loaded on demand: reading manifests must not pay for zod and the decorator machinery.
  const [{ readExtension }, { validateExtension }] = await Promise.all([import("./metadata.js"), import("./validate.js")]);
  let moduleExports: Record<string, unknown>;
  try {
    moduleExports = await import(pathToFileURL(join(pkg.dir, pkg.agx.extension)).href);
  } catch (error) {
    failures.push({ source: pkg.name, reason: `failed to import: ${(error as Error).message}` });
    return [];
  }
  const loaded: LoadedExtension[] = [];
  let rejected = 0;
  for (const value of new Set(Object.values(moduleExports))) {
    const definition = readExtension(value);
    if (!definition) continue;
    const problems = validateExtension(definition);
    if (problems.length) {
      failures.push({ source: `${pkg.name} (${definition.id})`, reason: problems.join("; ") });
      rejected++;
      continue;
    }
    loaded.push({ definition, package: pkg });
  }
  // Counted here: `failures` is shared with other packages, some of whose names start with this one's.
  if (loaded.length === 0 && rejected === 0) failures.push({ source: pkg.name, reason: `${pkg.agx.extension} exports no @Extension class` });
  return loaded;
}

/**
 * Discovers every extension package. Packages that ship a current manifest are described from it and
 * imported on first use; the others are imported now. Broken packages are reported and skipped.
 */
export async function discoverExtensions(hostDir: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const { packages, failures } = await findExtensionPackages(hostDir, options);
  const notices: string[] = [];
  const perPackage = await Promise.all(packages.map((pkg) => handlesFor(pkg, failures, notices)));
  const extensions: ExtensionHandle[] = [];
  const owners = new Map<string, string>();
  for (const handle of perPackage.flat()) {
    const owner = owners.get(handle.id);
    if (owner) {
      failures.push({ source: `${handle.pkg.name} (${handle.id})`, reason: `extension id "${handle.id}" is already provided by ${owner}` });
      continue;
    }
    owners.set(handle.id, handle.pkg.name);
    extensions.push(handle);
  }
  return { extensions, failures, notices };
}

async function handlesFor(pkg: ExtensionPackage, failures: LoadFailure[], notices: string[]): Promise<ExtensionHandle[]> {
  const manifest = await readCurrentManifest(pkg, notices);
  if (manifest) return manifest.extensions.map((m) => ExtensionHandle.lazy(m, pkg, () => importExtension(pkg, m.id)));
  const loaded = await importExtensionPackage(pkg, failures);
  if (loaded.length === 0) return [];
  const { manifestOf } = await import("./manifest-of.js");
  return loaded.map((l) => ExtensionHandle.fromLoaded(l, manifestOf(l.definition)));
}

/**
 * How much older than its code a manifest may be and still count as written by the same build. A build writes the
 * manifest after the code, but a build cache that restores both (turbo does) writes them in its own order, a few
 * milliseconds apart; a manifest truly left behind by a rebuild is older by the time between the two builds.
 */
const WRITE_ORDER_TOLERANCE_MS = 1000;

/** The package's manifest when it exists and is as new as its code (within the tolerance above); otherwise undefined. */
async function readCurrentManifest(pkg: ExtensionPackage, notices: string[]): Promise<PackageManifest | undefined> {
  if (!pkg.agx.manifest) return undefined;
  const manifestPath = join(pkg.dir, pkg.agx.manifest);
  try {
    const [manifestStat, codeStat] = await Promise.all([stat(manifestPath), stat(join(pkg.dir, pkg.agx.extension))]);
    if (manifestStat.mtimeMs + WRITE_ORDER_TOLERANCE_MS < codeStat.mtimeMs) {
      notices.push(`${pkg.name}: ${pkg.agx.manifest} is older than ${pkg.agx.extension}; loaded the code instead (rebuild the package)`);
      return undefined;
    }
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as PackageManifest;
    if (manifest.manifestVersion !== MANIFEST_VERSION || !Array.isArray(manifest.extensions)) {
      notices.push(`${pkg.name}: ${pkg.agx.manifest} has an unknown format; loaded the code instead`);
      return undefined;
    }
    return manifest;
  } catch (error) {
    notices.push(`${pkg.name}: cannot read ${pkg.agx.manifest} (${(error as Error).message}); loaded the code instead`);
    return undefined;
  }
}

/** Imports one extension of a package on first use; throws with the reason when it is gone or invalid. */
async function importExtension(pkg: ExtensionPackage, id: string): Promise<LoadedExtension> {
  const failures: LoadFailure[] = [];
  const found = (await importExtensionPackage(pkg, failures)).find((e) => e.definition.id === id);
  if (found) return found;
  const reason = failures.map((f) => f.reason).join("; ") || `it no longer exports extension "${id}"`;
  throw new Error(`${pkg.name} failed to load: ${reason}`);
}
