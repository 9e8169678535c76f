import getReleasePlan from "@changesets/get-release-plan";
import type { Bump } from "./levels.js";

/** What the pending changesets will release for a package: its bump and the version it becomes. */
export interface PlannedRelease {
  bump: Bump;
  version: string;
}

/**
 * The pending release of every package, read the way `changeset version` will apply it (changesets' own release
 * plan: the bumps named in .changeset/*.md, dependents bumped with them, pre-release mode).
 */
export async function plannedReleases(root: string): Promise<Map<string, PlannedRelease>> {
  const plan = await getReleasePlan(root);
  return new Map(plan.releases.map((r) => [r.name, { bump: r.type, version: r.newVersion }]));
}
