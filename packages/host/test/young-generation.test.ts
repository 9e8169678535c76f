import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { assertBuilt } from "./process.js";

const built = fileURLToPath(new URL("../dist/young-generation.js", import.meta.url));

/**
 * In a fresh process (V8 sizes its heap per process): the young generation's size after allocating objects that
 * survive, as start-up does, first with it held, then after it is released; and what V8 said on stderr.
 */
async function youngGenerationSizes(nodeArgs: string[] = []): Promise<{ held: number; released: number; stderr: string }> {
  assertBuilt(built);
  const script = `
    import { getHeapSpaceStatistics } from "node:v8";
    import { holdYoungGeneration, releaseYoungGeneration } from ${JSON.stringify(built)};
    const kept = [];
    const survive = () => { for (let i = 0; i < 300_000; i++) kept.push({ i, text: "item " + i, pair: [i, i + 1] }); };
    const youngMb = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").physical_space_size / 2 ** 20;
    holdYoungGeneration();
    survive();
    const held = youngMb();
    releaseYoungGeneration();
    survive();
    console.log(JSON.stringify({ held, released: youngMb() }));`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...nodeArgs, "--input-type=module", "-e", script]);
  return { ...(JSON.parse(stdout) as { held: number; released: number }), stderr };
}

describe("the young generation while agx starts", () => {
  it("stays small while start-up allocates what lives on, and grows again as V8 decides once released", async () => {
    const { held, released, stderr } = await youngGenerationSizes();
    // A growth factor on node's command line turns the hold off: the same allocations, as V8 does them by default.
    const { held: unheld } = await youngGenerationSizes(["--semi-space-growth-factor=2"]);
    // This Node's V8 knows the flag (an unknown one would be reported on stderr at every start).
    expect(stderr).toBe("");
    expect(held).toBeLessThan(unheld / 2);
    expect(released).toBeGreaterThan(held);
  });
});
