import { fileURLToPath } from "node:url";

/**
 * Absolute path of the console's built static files (index.html and assets/), for a host to serve.
 * Vite writes them to dist/app next to this module, so the path holds wherever the package is installed.
 */
export const consoleRoot: string = fileURLToPath(new URL("./app/", import.meta.url));
