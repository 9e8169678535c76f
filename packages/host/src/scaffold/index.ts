import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { extensionNames, type ExtensionNames } from "./names.js";
import { addRootDependency } from "./root-dependency.js";
import * as templates from "./templates.js";
import { dependencyRanges } from "./versions.js";
import { findWorkspaceRoot } from "./workspace.js";

export { EXTENSION_LAYOUT, REQUIRED_FILES } from "./layout.js";

export interface ScaffoldOptions {
  /** Extension id and folder name, e.g. "acme". */
  name: string;
  /** Where to create the package; default: `<workspace>/extensions/<name>` inside the agx-ext workspace, else `./<name>`. */
  dir?: string;
  /** npm package name; default `@agx-ext/<name>`. */
  packageName?: string;
  /** The directory relative paths start from (the shell's working directory). */
  cwd: string;
}

export interface ScaffoldResult {
  dir: string;
  names: ExtensionNames;
  /** The agx-ext workspace the package joined, when it did. */
  workspaceRoot?: string;
  /** Files written, relative to the workspace root when inside one, else to `dir`. */
  files: string[];
}

/** Writes a new extension package that builds and passes its tests as it is. Refuses a non-empty folder. */
export async function scaffoldExtension(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const names = extensionNames(options.name, options.packageName);
  const cwdWorkspace = findWorkspaceRoot(options.cwd);
  const dir = resolve(options.cwd, options.dir ?? (cwdWorkspace ? join(cwdWorkspace, "extensions", names.id) : names.id));
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw new Error(`${dir} already exists and is not empty: choose another name or --dir.`);

  const workspaceRoot = findWorkspaceRoot(dirname(dir));
  const mode: templates.ScaffoldMode = workspaceRoot
    ? { kind: "workspace", toRoot: relative(dir, workspaceRoot).split(sep).join("/") }
    : { kind: "standalone", ranges: dependencyRanges() };
  const input = { names, mode };

  const files: Record<string, string> = {
    "package.json": templates.packageJson(input),
    "tsconfig.json": templates.tsconfig(input),
    "tsconfig.build.json": templates.tsconfigBuild(input),
    "vitest.config.ts": templates.vitestConfig(input),
    // The one extension layout (layout.ts): the same role has the same file in every extension.
    "src/index.ts": templates.indexSource(input),
    "src/extension.ts": templates.extensionSource(input),
    "src/settings.ts": templates.settingsSource(input),
    "src/inputs.ts": templates.inputsSource(input),
    "src/outputs.ts": templates.outputsSource(input),
    "test/harness.ts": templates.harnessSource(input),
    "test/commands.test.ts": templates.commandsTest(input),
    "README.md": templates.readme(input),
    ...(workspaceRoot ? {} : { ".gitignore": templates.GITIGNORE }),
  };
  const written: string[] = [];
  const base = workspaceRoot ?? dir;
  for (const [file, content] of Object.entries(files)) {
    const path = join(dir, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { flag: "wx" });
    written.push(relative(base, path));
  }
  if (workspaceRoot) {
    if (await addRootDependency(workspaceRoot, names.packageName)) written.push("package.json");
    const changesetFile = join(workspaceRoot, ".changeset", `new-extension-${names.id}.md`);
    await writeFile(changesetFile, templates.changeset(input), { flag: "wx" });
    written.push(relative(base, changesetFile));
  }
  return { dir, names, ...(workspaceRoot ? { workspaceRoot } : {}), files: written };
}
