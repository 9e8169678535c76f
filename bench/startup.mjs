// Start-up: `agx commands --json` against a bare Node start, with the built-in extensions and with
// 200 generated extension packages installed.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI, ROOT, figure, processWallTime } from "./lib.mjs";

const GENERATED = 200;

function generatedSource(i) {
  const commands = [0, 1, 2]
    .map(
      (c) =>
        `Command({ name: "Generated ${i} Command ${c}", description: "Generated command.", input: z.object({ value: z.string(), count: z.number().int().optional() }) })(G.prototype, "c${c}", Object.getOwnPropertyDescriptor(G.prototype, "c${c}"));`,
    )
    .join("\n");
  return `import { Extension, Command, z } from "@agx-ext/core";
class G { async c0(i) { return { data: i }; } async c1(i) { return { data: i }; } async c2(i) { return { data: i }; } }
${commands}
export const Generated${i} = Extension({ id: "gen-${i}", name: "Generated ${i}", description: "Generated extension." })(G);
`;
}

/** A host directory with `GENERATED` installed extension packages, each shipping its manifest. */
async function generatedHost() {
  const { writePackageManifest } = await import(resolve(ROOT, "packages/core/dist/index.js"));
  const dir = await mkdtemp(join(tmpdir(), "agx-bench-host-"));
  const scope = join(dir, "node_modules", "@agx-ext");
  await mkdir(scope, { recursive: true });
  await symlink(resolve(ROOT, "packages/core"), join(scope, "core"), "dir");
  for (let i = 0; i < GENERATED; i++) {
    const pkgDir = join(scope, `gen-${i}`);
    await mkdir(pkgDir);
    const pkg = { name: `@agx-ext/gen-${i}`, version: "1.0.0", type: "module", agx: { extension: "./index.js", manifest: "./agx-manifest.json" } };
    await writeFile(join(pkgDir, "package.json"), JSON.stringify(pkg));
    await writeFile(join(pkgDir, "index.js"), generatedSource(i));
    await writePackageManifest(pkgDir);
  }
  return dir;
}

export async function benchStartup() {
  const bare = processWallTime(["-e", "0"]);
  const quiet = { AGX_LOG_LEVEL: "silent" };
  const builtIns = processWallTime([CLI, "commands", "--json"], { env: { ...quiet, AGX_HOME: ROOT } });
  const dir = await generatedHost();
  try {
    const many = processWallTime([CLI, "commands", "--json"], { env: { ...quiet, AGX_HOME: dir } });
    return [
      figure("agx commands --json, built-in extensions (vs node -e 0)", builtIns, bare, "ms", { target: "<= 3x" }),
      figure(`agx commands --json, ${GENERATED} extensions (vs node -e 0)`, many, bare, "ms", { target: "<= 5x" }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
