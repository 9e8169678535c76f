import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// One browser at a time: each file starts its own agx serve and Chromium, and the machine is small.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 120_000, fileParallelism: false } }));
