import { createRequire } from "node:module";

/**
 * The host package's version, read once. Named by the package itself (its exports offer package.json), so it
 * resolves the same from src/, from tsc's dist/ files and from the bundled dist/ entry points.
 */
export const HOST_VERSION: string = (createRequire(import.meta.url)("@agx-ext/host/package.json") as { version: string }).version;
