import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, run } from "./support/process.js";
import { copyWorkspace, WORKSPACE_ROOT } from "./support/workspace.js";

/**
 * The contributor's path in a checkout of this repository: `agx create extension acme`, then
 * `pnpm test` in the new package, with nothing in between. Runs in a copy of the workspace with its
 * own `pnpm install`, so the real checkout is never touched.
 */
describe("agx create extension inside a checkout of the workspace", () => {
  let temp: string;
  let copy: string;
  const inCopy = (command: string, args: string[], cwd = copy) => run(command, args, { cwd, env: childEnv({ AGX_LOG_LEVEL: "error", NO_COLOR: "1" }) });
  const agx = (args: string[]) => inCopy(process.execPath, [join(copy, "packages/host/dist/cli.js"), ...args]);

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), "agx-e2e-create-"));
    copy = join(temp, "workspace");
    await copyWorkspace(WORKSPACE_ROOT, copy, { shareNodeModules: false });
    await inCopy("pnpm", ["install", "--prefer-offline", "--frozen-lockfile"]);
  }, 300_000);

  afterAll(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it("creates a package whose own tests pass right away, and the workspace host lists it once built", async () => {
    const created = await agx(["create", "extension", "acme"]);
    expect(created.stdout).toContain("Created @agx-ext/acme in extensions/acme");

    const pkgDir = join(copy, "extensions", "acme");
    const test = await inCopy("pnpm", ["test"], pkgDir);
    expect(test.stdout).toMatch(/Tests\s+3 passed/);

    await inCopy("pnpm", ["run", "build"], pkgDir);
    await inCopy("pnpm", ["run", "lint"], pkgDir);
    const listed = JSON.parse((await agx(["commands", "--json"])).stdout) as { extension: string; name: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ extension: "acme", name: "Acme - Get Greeting" }));

    const ran = JSON.parse((await agx(["run", "Acme - Get Greeting", "--input", '{"name":"Ada"}'])).stdout);
    expect(ran).toEqual({ data: { greeting: "Hello, Ada!" }, markdown: "Hello, Ada!" });
  });
});
