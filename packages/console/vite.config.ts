import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The app lives in src/app and is built into dist/app, which src/index.ts exports as consoleRoot.
export default defineConfig({
  root: fileURLToPath(new URL("./src/app", import.meta.url)),
  base: "/",
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL("./dist/app", import.meta.url)),
    emptyOutDir: true,
    // No source maps in the published files (the other packages leave them out too).
    sourcemap: false,
  },
});
