// The first-load budget (≤ 300 KB of gzip'd JS and CSS), checked on the built files: `pnpm test` builds the
// console first. `pnpm bench` reports the same figure (bench/console.mjs).
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script (node scripts/size.mjs), without type declarations.
import { BUDGET_KB, consoleFirstLoad, firstLoadAssets } from "../scripts/size.mjs";

describe("the console's first load", () => {
  it("counts what index.html loads up front: scripts, stylesheets and module preloads, not icons or other sites", () => {
    const html = `<script type="module" crossorigin src="/assets/index-a.js"></script>
<link rel="modulepreload" crossorigin href="/assets/vendor-b.js"><link rel="stylesheet" href="/assets/index-c.css">
<link rel="icon" href="/favicon.svg"><script src="https://cdn.example/x.js"></script>`;
    expect(firstLoadAssets(html)).toEqual(["assets/index-a.js", "assets/vendor-b.js", "assets/index-c.css"]);
  });

  it(`stays within ${BUDGET_KB} KB of gzip'd JS and CSS`, async () => {
    const { assets, totalKB } = (await consoleFirstLoad()) as { assets: { path: string; gzipBytes: number }[]; totalKB: number };
    expect(assets.some((a) => a.path.endsWith(".js"))).toBe(true);
    expect(assets.some((a) => a.path.endsWith(".css"))).toBe(true);
    expect(assets.every((a) => a.gzipBytes > 0)).toBe(true);
    expect(totalKB).toBeLessThanOrEqual(BUDGET_KB);
  });
});
