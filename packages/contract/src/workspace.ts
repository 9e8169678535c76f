import { existsSync } from "node:fs";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { getPackages } from "@manypkg/get-packages";
import type { PackageManifest } from "@agx-ext/core/host";
import { contractOf, type PackageContract } from "./contract.js";

/** A publishable package of the workspace whose build writes an agx manifest (so it has commands to guard). */
export interface ContractPackage {
  name: string;
  version: string;
  dir: string;
  /** Where its build writes the manifest. */
  manifestPath: string;
  /** Where its committed baseline lives: `contracts/<name>.json`. */
  baselinePath: string;
}

/** The packages the gate guards: not private, and with `agx.manifest` in package.json. */
export async function contractPackages(root: string): Promise<ContractPackage[]> {
  const { packages } = await getPackages(root);
  const guarded: ContractPackage[] = [];
  for (const { dir, packageJson } of packages) {
    const pkg = packageJson as typeof packageJson & { agx?: { manifest?: string } };
    if (pkg.private || !pkg.agx?.manifest) continue;
    guarded.push({
      name: pkg.name,
      version: pkg.version,
      dir,
      manifestPath: join(dir, pkg.agx.manifest),
      baselinePath: join(root, "contracts", `${baselineName(pkg.name)}.json`),
    });
  }
  return guarded.sort((a, b) => a.name.localeCompare(b.name));
}

/** `@agx-ext/garmin` -> `garmin`; another scope keeps its name: `@acme/weather` -> `acme__weather`. */
export function baselineName(packageName: string): string {
  if (packageName.startsWith("@agx-ext/")) return packageName.slice("@agx-ext/".length);
  return packageName.replace(/^@/, "").replace(/\//g, "__");
}

/** The contract the package's current build describes. Fails when the build is missing or older than package.json. */
export async function builtContract(pkg: ContractPackage): Promise<PackageContract> {
  if (!existsSync(pkg.manifestPath)) throw new Error(`${pkg.name}: no manifest at ${pkg.manifestPath}; build it first (pnpm build)`);
  const manifest = JSON.parse(await readFile(pkg.manifestPath, "utf8")) as PackageManifest;
  if (manifest.package !== pkg.name || manifest.version !== pkg.version)
    throw new Error(`${pkg.name}: the built manifest is of ${manifest.package}@${manifest.version}, package.json says ${pkg.version}; rebuild it (pnpm build)`);
  return contractOf(manifest, pkg.version);
}

/** The committed baseline, or undefined when the package has none yet. */
export async function readBaseline(pkg: ContractPackage): Promise<PackageContract | undefined> {
  if (!existsSync(pkg.baselinePath)) return undefined;
  const baseline = JSON.parse(await readFile(pkg.baselinePath, "utf8")) as PackageContract;
  if (baseline.package !== pkg.name) throw new Error(`${pkg.baselinePath} is the baseline of ${baseline.package}, not of ${pkg.name}`);
  return baseline;
}

export async function writeBaseline(pkg: ContractPackage, contract: PackageContract): Promise<void> {
  await mkdir(join(pkg.baselinePath, ".."), { recursive: true });
  await writeFile(pkg.baselinePath, JSON.stringify(contract, null, 2) + "\n");
}
