import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// Publishing, two npm installs and a native build of better-sqlite3 take minutes, not seconds.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 600_000, hookTimeout: 120_000 } }));
