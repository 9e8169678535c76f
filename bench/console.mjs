// The console's first load: gzip'd JS and CSS that index.html pulls in, against the 300 KB budget.
// Measured on the built files (pnpm build), as packages/console/scripts/size.mjs does.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, figure } from "./lib.mjs";

export async function benchConsole() {
  const size = await import(pathToFileURL(resolve(ROOT, "packages/console/scripts/size.mjs")).href);
  const { totalKB } = await size.consoleFirstLoad();
  return [figure("console first load, gzip'd JS + CSS (vs budget)", totalKB, size.BUDGET_KB, "KB", { target: "<= 1x" })];
}
