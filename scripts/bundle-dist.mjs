// Run from a package's folder after `tsc`: rewrites the package's entry points (its exports and bins) in dist/
// as a few bundled modules, so that loading the package reads a handful of files instead of one per source file.
//
// Why: Node resolves, reads and compiles every ES module on its own, and on Node 20 that costs about a
// millisecond per module. `agx serve` loaded some 250 of the workspace's own modules at start; bundled per
// package, the same start loads a few dozen.
//
// What stays as it was:
// - Every bare import (other packages, including other @agx-ext/* packages, and node: builtins) stays an import,
//   so each package is still one instance: its classes, tokens and registries are shared, never copied.
// - Entries of one package share their code through chunks (dist/chunk-*.js), so `@agx-ext/core` and
//   `@agx-ext/core/host` see the same modules. Chunks sit in dist/ itself, beside the entries.
// - tsc's per-file modules and type declarations stay in dist/ for the types, and for tests that load one file.
// - Dynamic imports stay lazy: each becomes a chunk loaded when it is first needed.
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { rolldown } from "rolldown";

const packageDir = process.cwd();
const dist = join(packageDir, "dist");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** dist/<name>.js for each import export and bin: the files other code loads. */
function entryPoints() {
  const files = new Set();
  for (const target of Object.values(manifest.exports ?? {})) {
    const file = typeof target === "string" ? target : target?.import;
    if (typeof file === "string" && file.endsWith(".js")) files.add(file);
  }
  for (const file of Object.values(typeof manifest.bin === "string" ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {}))) files.add(file);
  const entries = {};
  for (const file of files) {
    const path = join(packageDir, file);
    const name = relative(dist, path).replace(/\.js$/, "");
    if (name.startsWith("..")) throw new Error(`${manifest.name}: entry ${file} is outside dist/`);
    entries[name] = path;
  }
  return entries;
}

const isBare = (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0");

const entries = entryPoints();
if (Object.keys(entries).length === 0) throw new Error(`${manifest.name}: package.json names no entry point to bundle`);

// The chunks of the previous build; tsc rewrote every other file.
for (const file of readdirSync(dist)) if (file.startsWith("chunk-") && file.endsWith(".js")) rmSync(join(dist, file));

const bundle = await rolldown({
  input: entries,
  platform: "node",
  external: isBare,
  // Everything tsc wrote is kept, side effects and all: the bundle changes how code is loaded, not what runs.
  treeshake: false,
  onLog(level, log, report) {
    // A package's index exports statically what its command line imports lazily (the host's OpenAPI builders and
    // MCP server): the lazy import still loads its own chunk on first use, which is all it is for.
    if (log.code === "INEFFECTIVE_DYNAMIC_IMPORT") return;
    report(level, log);
  },
});
await bundle.write({
  dir: dist,
  format: "esm",
  entryFileNames: "[name].js",
  chunkFileNames: "chunk-[name]-[hash].js",
  sourcemap: false,
});
await bundle.close();
