import { relative } from "node:path";
import { allowedLevel, bumpReason, neededBump } from "./bump.js";
import { compareContracts, formatChange } from "./compare.js";
import { atLeast, highest, type Level } from "./levels.js";
import { plannedReleases } from "./release-plan.js";
import { builtContract, contractPackages, readBaseline } from "./workspace.js";

export interface CheckReport {
  ok: boolean;
  /** What to print, in order: per package a verdict line, then its changes. */
  lines: string[];
}

/**
 * The contract gate: each guarded package's built contract against its baseline (the last release). Fails
 * when a package has no baseline, or when its pending release is smaller than its changes need.
 */
export async function checkContracts(root: string): Promise<CheckReport> {
  const packages = await contractPackages(root);
  const plan = await plannedReleases(root);
  const lines: string[] = [];
  let ok = true;
  for (const pkg of packages) {
    const baseline = await readBaseline(pkg);
    const baselineFile = relative(root, pkg.baselinePath);
    if (!baseline) {
      ok = false;
      lines.push(
        `FAIL ${pkg.name}: no baseline at ${baselineFile}. A new package writes its first one with \`pnpm contract:update ${pkg.name}\` (commit it with the package).`,
      );
      continue;
    }
    const changes = compareContracts(baseline, await builtContract(pkg));
    const planned = plan.get(pkg.name);
    const releaseVersion = planned && planned.bump !== "none" ? planned.version : pkg.version;
    const pending = `${planned?.bump ?? "none"} (${baseline.version} -> ${releaseVersion})`;
    if (!changes.length) {
      lines.push(`ok   ${pkg.name}: contract unchanged since ${baseline.version}`);
      continue;
    }
    const needed = highest<Level>(
      changes.map((c) => c.level),
      "patch",
    );
    const allowed = allowedLevel(baseline.version, releaseVersion);
    const count = `${changes.length} contract ${changes.length === 1 ? "change" : "changes"}`;
    if (atLeast(allowed, needed)) {
      lines.push(`ok   ${pkg.name}: ${count}, the biggest ${needed}; pending release ${pending} covers it`);
    } else {
      ok = false;
      const bump = neededBump(needed, pkg.version);
      lines.push(
        `FAIL ${pkg.name}: ${count}; the biggest is ${bumpReason(needed, pkg.version)}, so a "${bump}" changeset is needed, but the pending release is ${pending}. Add .changeset/<name>.md with "${pkg.name}": ${bump} saying what changed for users, or undo the change.`,
      );
    }
    for (const change of changes) lines.push(`       ${formatChange(change)}`);
  }
  if (!packages.length) lines.push("no package with an agx manifest: nothing to check");
  return { ok, lines };
}
