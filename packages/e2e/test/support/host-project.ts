import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { childEnv, run, type RunResult } from "./process.js";

/** A fresh npm project that installs @agx-ext/* from the local registry and everything else as usual. */
export async function createHostProject(dir: string, registryUrl: string): Promise<void> {
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "agx-e2e-host", private: true, type: "module" }, null, 2));
  await writeFile(join(dir, ".npmrc"), `@agx-ext:registry=${registryUrl}\n`);
}

export function npmInstall(dir: string, specs: string[], upstream: string): Promise<RunResult> {
  return run("npm", ["install", "--no-audit", "--no-fund", ...specs], {
    cwd: dir,
    env: childEnv({ npm_config_registry: upstream }),
  });
}

/** The installed `agx` bin, run in the host project (its working directory is the host directory). */
export function agx(dir: string, args: string[]): Promise<RunResult> {
  return run(join(dir, "node_modules", ".bin", "agx"), args, {
    cwd: dir,
    env: childEnv({ AGX_LOG_LEVEL: "error" }),
    allowFailure: true,
  });
}

/** Every directory under node_modules (nested ones too) that holds a copy of package `name`. */
export async function copiesOf(dir: string, name: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (modules: string) => {
    if (existsSync(join(modules, name, "package.json"))) found.push(join(modules, name));
    for (const entry of await readdir(modules).catch(() => [] as string[])) {
      if (entry.startsWith(".")) continue;
      const children = entry.startsWith("@")
        ? (await readdir(join(modules, entry)).catch(() => [] as string[])).map((e) => join(modules, entry, e))
        : [join(modules, entry)];
      for (const child of children) {
        const nested = join(child, "node_modules");
        if (existsSync(nested)) await visit(nested);
      }
    }
  };
  await visit(join(dir, "node_modules"));
  return found;
}
