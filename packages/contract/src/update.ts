import { relative } from "node:path";
import { builtContract, contractPackages, readBaseline, writeBaseline } from "./workspace.js";

/**
 * Moves baselines to the current contracts. Without names (the release step, right after `changeset version`),
 * only packages whose version moved, or that have no baseline yet, are written: a baseline moves with a version.
 * Named packages are written whatever their version (a new package's first baseline, or a reviewed correction).
 */
export async function updateContracts(root: string, names: string[] = []): Promise<string[]> {
  const packages = await contractPackages(root);
  const unknown = names.filter((name) => !packages.some((p) => p.name === name));
  if (unknown.length) throw new Error(`not a package with an agx manifest: ${unknown.join(", ")} (packages: ${packages.map((p) => p.name).join(", ")})`);
  const lines: string[] = [];
  for (const pkg of packages) {
    const baseline = await readBaseline(pkg);
    const named = names.includes(pkg.name);
    if (names.length && !named) continue;
    const file = relative(root, pkg.baselinePath);
    if (baseline && baseline.version === pkg.version && !named) {
      lines.push(`kept    ${file} (${pkg.name} is still at ${pkg.version})`);
      continue;
    }
    await writeBaseline(pkg, await builtContract(pkg));
    lines.push(`wrote   ${file} (${pkg.name}@${pkg.version}${baseline ? `, was ${baseline.version}` : ", first baseline"})`);
  }
  return lines;
}
