#!/usr/bin/env node
// Adds up every package's vitest JSON report into one line: "N passed, N failed".
// A package whose tests should have run but left no report counts as one failure, so a crash is never silent.
//
// CI runs the suite once per Node line: `--label <name> --save <file>` prints that run's line with its label
// and appends the counts to <file>; `--total <file>` prints the sum of every saved run as the closing line.
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: { label: { type: "string" }, save: { type: "string" }, total: { type: "string" } } });

if (args.total) {
  let passed = 0;
  let failed = 0;
  const runs = existsSync(args.total)
    ? readFileSync(args.total, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  if (runs.length === 0) failed += 1; // no run saved means nothing was tested
  for (const run of runs) {
    passed += run.passed;
    failed += run.failed;
    // The failures are repeated here, next to the closing line, because CI logs are often read from the end.
    for (const problem of run.problems ?? []) console.log(`${run.label}: ${problem}`);
    console.log(`${run.label}: ${run.passed} passed, ${run.failed} failed`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const root = new URL("..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
const problems = [];

for (const group of ["packages", "extensions"]) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir)) {
    const dir = join(groupDir, name);
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, "utf8")).scripts?.test) continue;
    if (!existsSync(join(dir, "test"))) continue;
    const reportFile = join(dir, "reports", "vitest.json");
    if (!existsSync(reportFile)) {
      failed += 1;
      problems.push(`${group}/${name}: no test report (the test run crashed or did not start)`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    for (const file of report.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (test.status === "failed") problems.push(`${group}/${name}: failed: ${file.name.slice(dir.length + 1)} > ${test.fullName}`);
      }
    }
    // A test file that fails to load has no assertions but must still count.
    for (const file of report.testResults ?? []) {
      if (file.status === "failed" && (file.assertionResults ?? []).length === 0) {
        failed += 1;
        problems.push(`${group}/${name}: ${file.name}: ${String(file.message ?? "failed to run").split("\n")[0]}`);
      }
    }
  }
}

for (const problem of problems) console.log(args.label ? `${args.label}: ${problem}` : problem);
if (args.save) appendFileSync(args.save, JSON.stringify({ label: args.label ?? "tests", passed, failed, problems }) + "\n");
console.log(`${args.label ? `${args.label} — ` : ""}${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
