import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The agx-ext monorepo that contains `dir`, if any: the nearest folder up with a
 * pnpm-workspace.yaml that lists `extensions/*` and a `.changeset` folder.
 */
export function findWorkspaceRoot(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    const manifest = join(current, "pnpm-workspace.yaml");
    if (existsSync(manifest) && existsSync(join(current, ".changeset")) && /extensions\/\*/.test(readFileSync(manifest, "utf8"))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
