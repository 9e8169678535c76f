import { existsSync } from "node:fs";
import { cp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv, run, type RunResult } from "./process.js";

/** The monorepo this package lives in. */
export const WORKSPACE_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  agx?: { extension?: string };
}

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
}

const PACKAGE_FOLDERS = ["packages", "extensions"];

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
}

/** Every package `changeset publish` would publish, after checking each was built. */
export async function publishablePackages(root: string): Promise<WorkspacePackage[]> {
  const found: WorkspacePackage[] = [];
  for (const folder of PACKAGE_FOLDERS) {
    for (const entry of await readdir(join(root, folder)).catch(() => [] as string[])) {
      const dir = join(root, folder, entry);
      if (!existsSync(join(dir, "package.json"))) continue;
      const manifest = await readManifest(dir);
      if (manifest.private) continue;
      for (const file of [manifest.main, manifest.agx?.extension]) {
        if (file && !existsSync(join(dir, file))) throw new Error(`${manifest.name} is not built (${file} is missing): run \`pnpm build\` before this test`);
      }
      found.push({ name: manifest.name, version: manifest.version, dir });
    }
  }
  return found;
}

// Build output, sources and the per-package node_modules links are copied; caches, reports and git are not.
const SKIPPED = new Set([".git", ".turbo", "reports", "coverage", ".agx", ".vite", ".vite-temp"]);

/**
 * A disposable copy of the workspace, so the real checkout keeps its files, versions and pending
 * changesets. With `shareNodeModules` the copy links the real root node_modules (pnpm resolves
 * `workspace:` ranges through the per-package links, which point at the copy's own packages);
 * without it no node_modules is copied at all and the copy needs its own `pnpm install`.
 */
export async function copyWorkspace(root: string, dest: string, { shareNodeModules }: { shareNodeModules: boolean }): Promise<void> {
  await cp(root, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => {
      const name = basename(source);
      if (name === "node_modules" && (!shareNodeModules || relative(root, source) === "node_modules")) return false;
      return !SKIPPED.has(name);
    },
  });
  if (shareNodeModules) await symlink(join(root, "node_modules"), join(dest, "node_modules"), "dir");
}

function changesetBin(root: string): string {
  const require = createRequire(join(root, "package.json"));
  const pkgFile = require.resolve("@changesets/cli/package.json");
  const pkg = require(pkgFile) as { bin: Record<string, string> };
  return join(pkgFile, "..", pkg.bin.changeset ?? "bin.js");
}

/** Runs the changesets CLI of the real workspace inside `dir`. */
function changeset(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(process.execPath, [changesetBin(WORKSPACE_ROOT), ...args], { cwd: dir, env: childEnv(env) });
}

/** `changeset publish` (the last step of `pnpm release`) against `registry`, without git tags. */
export function releaseTo(dir: string, registry: { url: string; userConfig: string }): Promise<RunResult> {
  return changeset(dir, ["publish", "--no-git-tag"], {
    npm_config_registry: registry.url,
    NPM_CONFIG_USERCONFIG: registry.userConfig,
  });
}

/**
 * Replaces the copy's pending changesets with one patch changeset for `name` and applies it with
 * `changeset version`, as a maintainer would. Returns the new version.
 */
export async function bumpWithChangeset(dir: string, name: string, dirOfPackage: string): Promise<string> {
  const changesetDir = join(dir, ".changeset");
  for (const file of await readdir(changesetDir)) {
    if (file.endsWith(".md") && file !== "README.md") await rm(join(changesetDir, file));
  }
  await writeFile(join(changesetDir, "e2e-upgrade.md"), `---\n"${name}": patch\n---\n\nA patch release made by the publish-and-install test.\n`);
  await changeset(dir, ["version"]);
  // A release builds after versioning, so the build output (the manifest) carries the new version.
  await run("pnpm", ["run", "build"], { cwd: dirOfPackage, env: childEnv() });
  return (await readManifest(dirOfPackage)).version;
}
