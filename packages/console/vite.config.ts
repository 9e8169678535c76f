import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The app lives in src/app and is built into dist/app, which src/index.ts exports as consoleRoot.
export default defineConfig({
  root: fileURLToPath(new URL("./src/app", import.meta.url)),
  base: "/",
  plugins: [preact()],
  // See build/no-ajv-validator.ts: only @rjsf/core's test registry imports the Ajv validator.
  resolve: { alias: { "@rjsf/validator-ajv8": fileURLToPath(new URL("./build/no-ajv-validator.ts", import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL("./dist/app", import.meta.url)),
    emptyOutDir: true,
    // No source maps in the published files (the other packages leave them out too).
    sourcemap: false,
  },
});
