import { resolve } from "node:path";
import { findExtensionPackages } from "@agx-ext/core/catalog";
import { readHostConfig, type HostConfig } from "../config.js";
import type { InstalledOptions } from "../installed.js";
import { HOST_VERSION } from "../server/version.js";
import type { CliIO } from "./io.js";

/**
 * `agx --version`: the host's version, then each installed extension package's, from package.json files
 * alone. No extension code is imported, no manifest parsed and no database opened, so it answers even on
 * a host whose extensions are broken.
 */
export async function printVersions(io: CliIO, options: InstalledOptions): Promise<void> {
  const env = options.env ?? process.env;
  const dir = resolve(options.dir ?? env.AGX_HOME ?? process.cwd());
  io.out(`agx ${HOST_VERSION} (@agx-ext/host)`);
  let config: HostConfig = {};
  try {
    config = readHostConfig(dir);
  } catch (error) {
    io.err(`note: ${(error as Error).message}; only the @agx-ext scope was searched`);
  }
  const { packages, failures } = await findExtensionPackages(dir, { packages: config.packages ?? [] });
  if (packages.length === 0) io.out(`no extensions installed in ${dir}`);
  const width = Math.max(0, ...packages.map((p) => p.name.length));
  for (const pkg of packages) io.out(`  ${pkg.name.padEnd(width)}  ${pkg.version}`);
  for (const failure of failures) io.err(`note: ${failure.source}: ${failure.reason}`);
}
