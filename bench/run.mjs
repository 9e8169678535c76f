// `pnpm bench`: every figure beside its baseline from the same run; results also go to bench/results/.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "./lib.mjs";
import { benchStartup } from "./startup.mjs";
import { benchDispatch } from "./dispatch.mjs";
import { benchDatabase } from "./database.mjs";
import { benchMcp, benchServer } from "./server.mjs";
import { benchConsole } from "./console.mjs";
import { benchMemory } from "./memory.mjs";

const suites = {
  startup: benchStartup,
  dispatch: benchDispatch,
  database: benchDatabase,
  server: benchServer,
  mcp: benchMcp,
  console: benchConsole,
  memory: benchMemory,
};
const only = process.argv.slice(2);

const results = [];
for (const [name, run] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`running ${name}...\n`);
  for (const f of await run()) {
    results.push({ suite: name, ...f });
    const extra = f.overheadUs !== undefined ? `, overhead ${f.overheadUs} µs` : "";
    console.log(`${f.name}: ${f.value} ${f.unit} vs ${f.baseline} ${f.unit} = ${f.ratio}x${extra}${f.target ? ` (target ${f.target})` : ""}`);
  }
}

const report = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), results };
await mkdir(join(ROOT, "bench", "results"), { recursive: true });
await writeFile(join(ROOT, "bench", "results", "latest.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`\nwritten to bench/results/latest.json`);
