import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

// One browser at a time: each file starts its own agx serve and Chromium, and the machine is small. Waits are
// generous but bounded (a loaded 2-core machine is slow, not stuck): 45 s per browser action (harness/chromium.ts),
// 30 s for an expect.poll, 3 minutes per test.
export default mergeConfig(
  shared,
  defineConfig({ test: { testTimeout: 180_000, fileParallelism: false, expect: { poll: { timeout: 30_000, interval: 100 } } } }),
);
