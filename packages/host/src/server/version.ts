import { createRequire } from "node:module";

/** The host package's version, read once (the same relative path works from src/ and dist/). */
export const HOST_VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
