#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkContracts } from "./check.js";
import { updateContracts } from "./update.js";

const USAGE = `usage: agx-contract check [--root DIR]
       agx-contract update [--root DIR] [package...]

check   compare each package's built contract with contracts/<package>.json and fail when the
        pending changesets' bump is lower than the changes need (pnpm contract:check)
update  write contracts/<package>.json from the build: packages whose version moved, or the
        named ones (pnpm contract:update, run by the release step after changeset version)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...names] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const root = resolve(values.root ?? process.cwd());
  if (command === "check") {
    const report = await checkContracts(root);
    for (const line of report.lines) console.log(line);
    console.log(report.ok ? "contract check passed" : "contract check FAILED: see the FAIL lines above");
    return report.ok ? 0 : 1;
  }
  if (command === "update") {
    for (const line of await updateContracts(root, names)) console.log(line);
    return 0;
  }
  console.error(`unknown command "${command}"\n${USAGE}`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`contract: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
