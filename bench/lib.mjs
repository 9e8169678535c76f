// Small measuring helpers shared by the benchmarks. Every figure is printed beside a baseline
// measured in the same run, so the ratio is what matters, not the machine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = resolve(ROOT, "packages/host/dist/cli.js");

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of a whole process, in milliseconds, median of `runs` after one warm-up. */
export function processWallTime(args, { env = {}, runs = 7 } = {}) {
  const once = () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    return ms;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

/** One figure beside its baseline; `better` says which direction wins. */
export function figure(name, value, baseline, unit, { better = "lower", target } = {}) {
  const ratio = value / baseline;
  return { name, value: round(value), baseline: round(baseline), unit, ratio: round(ratio, 3), better, ...(target ? { target } : {}) };
}

export function round(n, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
