// First-load size of the built console: the JS and CSS that index.html pulls in before anything
// else (entry script, stylesheets, module preloads), each gzip'd as a server would send it.
// Chunks loaded later (lazy pages) do not count: a person waits only for the first load.
// `node scripts/size.mjs` prints the figure; bench/console.mjs imports consoleFirstLoad.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_KB = 300;
const APP = resolve(fileURLToPath(new URL("..", import.meta.url)), "dist", "app");

/** The asset paths index.html loads up front, relative to the app root. */
export function firstLoadAssets(html) {
  const paths = new Set();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isScript = tag.startsWith("<script");
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (!isScript && rel !== "stylesheet" && rel !== "modulepreload") continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url && !/^[a-z]+:/i.test(url)) paths.add(url.replace(/^\//, ""));
  }
  return [...paths];
}

/** Gzip'd bytes of every first-load asset, and their total in KB (1 KB = 1000 bytes, as budgets are quoted). */
export async function consoleFirstLoad(appDir = APP) {
  const html = await readFile(join(appDir, "index.html"), "utf8");
  const assets = [];
  for (const path of firstLoadAssets(html)) {
    const gzipBytes = gzipSync(await readFile(join(appDir, path))).length;
    assets.push({ path, gzipBytes });
  }
  const totalKB = assets.reduce((sum, a) => sum + a.gzipBytes, 0) / 1000;
  return { assets, totalKB };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { assets, totalKB } = await consoleFirstLoad();
  for (const a of assets) console.log(`${a.path}: ${(a.gzipBytes / 1000).toFixed(1)} KB gzip`);
  console.log(`first load: ${totalKB.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
  if (totalKB > BUDGET_KB) process.exitCode = 1;
}
