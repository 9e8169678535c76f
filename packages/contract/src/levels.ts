/** How big a change is, in semver terms: what the next release must at least be for it. */
export type Level = "patch" | "minor" | "major";

/** A changeset's bump for a package, or none when no pending changeset names it. */
export type Bump = Level | "none";

const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function atLeast(bump: Bump, level: Bump): boolean {
  return ORDER[bump] >= ORDER[level];
}

export function highest<T extends Bump>(levels: Iterable<T>, floor: T): T {
  let top = floor;
  for (const level of levels) if (ORDER[level] > ORDER[top]) top = level;
  return top;
}
