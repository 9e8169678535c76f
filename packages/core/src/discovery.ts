import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { readExtension } from "./decorators.js";
import type { ExtensionDefinition } from "./definition.js";
import { validateExtension } from "./validate.js";

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
  extensions: LoadedExtension[];
  failures: LoadFailure[];
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
  let moduleExports: Record<string, unknown>;
  try {
    moduleExports = await import(pathToFileURL(join(pkg.dir, pkg.agx.extension)).href);
  } catch (error) {
    failures.push({ source: pkg.name, reason: `failed to import: ${(error as Error).message}` });
    return [];
  }
  const loaded: LoadedExtension[] = [];
  for (const value of new Set(Object.values(moduleExports))) {
    const definition = readExtension(value);
    if (!definition) continue;
    const problems = validateExtension(definition);
    if (problems.length) {
      failures.push({ source: `${pkg.name} (${definition.id})`, reason: problems.join("; ") });
      continue;
    }
    loaded.push({ definition, package: pkg });
  }
  if (loaded.length === 0 && !failures.some((f) => f.source.startsWith(pkg.name)))
    failures.push({ source: pkg.name, reason: `${pkg.agx.extension} exports no @Extension class` });
  return loaded;
}

/** Discovers and imports every extension package; broken ones are reported and skipped. */
export async function discoverExtensions(hostDir: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const { packages, failures } = await findExtensionPackages(hostDir, options);
  const perPackage = await Promise.all(packages.map((pkg) => importExtensionPackage(pkg, failures)));
  const extensions: LoadedExtension[] = [];
  const owners = new Map<string, string>();
  for (const ext of perPackage.flat()) {
    const owner = owners.get(ext.definition.id);
    if (owner) {
      failures.push({
        source: `${ext.package.name} (${ext.definition.id})`,
        reason: `extension id "${ext.definition.id}" is already provided by ${owner}`,
      });
      continue;
    }
    owners.set(ext.definition.id, ext.package.name);
    extensions.push(ext);
  }
  return { extensions, failures };
}
