import semver from "semver";
import type { Bump, Level } from "./levels.js";

/*
 * Semver at 0.x: npm's caret range ^0.3.1 stops before 0.4.0, so hosts take 0.3.2 on their own but not 0.4.0.
 * A minor bump at 0.x is therefore a breaking release and a patch bump a feature release (the rule Cargo and
 * npm's ranges share). At 0.0.x (^0.0.3 stops before 0.0.4) every bump is a breaking release.
 */

/** The biggest change a release from `from` to `to` may carry; "none" when the version does not move up. */
export function allowedLevel(from: string, to: string): Bump {
  const a = semver.parse(from);
  const b = semver.parse(to);
  if (!a || !b) throw new Error(`not a semver version: ${a ? to : from}`);
  if (!semver.gt(b, a)) return "none";
  if (b.major > a.major) return "major";
  if (a.major === 0) {
    if (a.minor === 0) return "major";
    return b.minor > a.minor ? "major" : "minor";
  }
  return b.minor > a.minor ? "minor" : "patch";
}

/** The changeset bump that lets a package at `version` carry a change of `level`. */
export function neededBump(level: Level, version: string): Level {
  const v = semver.parse(version);
  if (!v) throw new Error(`not a semver version: ${version}`);
  if (v.major > 0) return level;
  if (v.minor === 0) return "patch";
  return level === "major" ? "minor" : "patch";
}

/** Why a bump is the one needed, for the message: only at 0.x does it differ from the change's level. */
export function bumpReason(level: Level, version: string): string {
  const v = semver.parse(version);
  if (!v || v.major > 0) return `a ${level} change`;
  return `a ${level} change, and ${version} is 0.x, where a ${neededBump(level, version)} bump is enough`;
}
