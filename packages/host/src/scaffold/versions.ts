import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** Version ranges a standalone extension depends on: the agx-ext packages this host runs with. */
export interface DependencyRanges {
  core: string;
  testing: string;
}

const require = createRequire(import.meta.url);

function installedVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Caret ranges of the installed packages; "*" when a package is not installed next to the host. */
export function dependencyRanges(): DependencyRanges {
  const range = (name: string) => {
    const version = installedVersion(name);
    return version ? `^${version}` : "*";
  };
  return { core: range("@agx-ext/core"), testing: range("@agx-ext/testing") };
}

/** Tool versions a standalone package builds and tests with (the ones this monorepo uses). */
export const TOOL_VERSIONS = {
  typescript: "~5.9.3",
  vitest: "^4.0.0",
  "@types/node": "^20.19.0",
} as const;
