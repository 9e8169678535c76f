import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CORE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface FixturePackage {
  name: string;
  version?: string;
  /** The package.json "agx" field; omit for a package that is not an extension. */
  agx?: unknown;
  /** ES module source files by relative path. */
  files?: Record<string, string>;
}

/**
 * A host directory laid out like an installed one: node_modules/<name>/package.json and sources,
 * with the built @agx-ext/core linked in as a real install would provide it.
 */
export async function createFixtureHost(packages: FixturePackage[]): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "agx-fixture-host-"));
  await mkdir(join(dir, "node_modules", "@agx-ext"), { recursive: true });
  await symlink(CORE_DIR, join(dir, "node_modules", "@agx-ext", "core"), "dir");
  for (const pkg of packages) {
    const pkgDir = join(dir, "node_modules", ...pkg.name.split("/"));
    await mkdir(pkgDir, { recursive: true });
    const manifest = { name: pkg.name, version: pkg.version ?? "1.0.0", type: "module", ...(pkg.agx === undefined ? {} : { agx: pkg.agx }) };
    await writeFile(join(pkgDir, "package.json"), JSON.stringify(manifest));
    for (const [file, source] of Object.entries(pkg.files ?? {})) {
      await mkdir(dirname(join(pkgDir, file)), { recursive: true });
      await writeFile(join(pkgDir, file), source);
    }
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Source of a small extension module written without decorator syntax, as plain JS in a package would be. */
export function extensionSource(options: { id: string; name?: string; commands: string[]; settings?: string; auth?: string; extra?: string }): string {
  const commands = options.commands
    .map(
      (name, i) =>
        `Command({ name: ${JSON.stringify(name)}, description: "Says hello.", input: z.object({ who: z.string().min(1) }) })(C.prototype, "m${i}", Object.getOwnPropertyDescriptor(C.prototype, "m${i}"));`,
    )
    .join("\n");
  const methods = options.commands.map((_, i) => `async m${i}(input) { return { data: { hello: input.who }, markdown: "Hello " + input.who }; }`).join("\n  ");
  return `import { Extension, Command, z } from "@agx-ext/core";
${options.extra ?? ""}
class C {
  ${methods}
}
${commands}
export const Ext = Extension({ id: ${JSON.stringify(options.id)}, name: ${JSON.stringify(options.name ?? options.id)}, description: "Fixture.", ${options.settings ? `settings: ${options.settings},` : ""} ${options.auth ? `auth: ${options.auth},` : ""} })(C);
`;
}
