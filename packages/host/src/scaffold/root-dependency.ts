import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The workspace root depends on every extension so that a checkout is a host with all of them
 * installed. Adds the new package the same way; leaves a root without that convention alone.
 * Returns true when package.json was changed.
 */
export async function addRootDependency(root: string, packageName: string): Promise<boolean> {
  const file = join(root, "package.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as { dependencies?: Record<string, string> };
  const deps = manifest.dependencies;
  if (!deps || !Object.values(deps).some((range) => range.startsWith("workspace:")) || deps[packageName]) return false;
  deps[packageName] = "workspace:*";
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}
