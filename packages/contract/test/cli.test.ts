import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Extension, readExtension, z } from "@agx-ext/core";
import { manifestOf, type PackageManifest } from "@agx-ext/core/host";
import { afterEach, describe, expect, it } from "vitest";

/*
 * The built program (what `pnpm contract:check` / `contract:update` run) on a workspace of its own in a temp
 * folder: a package with a manifest, changesets, and `changeset version` from the changesets CLI for the release.
 */
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const CHANGESET = fileURLToPath(new URL("../../../node_modules/@changesets/cli/bin.js", import.meta.url));

@Extension({ id: "steps", name: "Steps", description: "x" })
class Released {
  @Command({ name: "Get Steps", description: "x", input: z.object({ date: z.string() }), output: z.object({ steps: z.number() }) })
  get() {
    return { data: { steps: 1 } };
  }
}

@Extension({ id: "steps", name: "Steps", description: "x" })
class NeedsDays {
  @Command({ name: "Get Steps", description: "x", input: z.object({ date: z.string(), days: z.number().int() }), output: z.object({ steps: z.number() }) })
  get() {
    return { data: { steps: 1 } };
  }
}

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function workspace(version: string): Promise<string> {
  root = await mkdtemp(join(tmpdir(), "agx-contract-"));
  await writeFile(join(root, "package.json"), JSON.stringify({ name: "fixture", private: true, version: "0.0.0" }));
  await writeFile(join(root, "pnpm-workspace.yaml"), "packages:\n  - extensions/*\n");
  await mkdir(join(root, ".changeset"));
  await writeFile(
    join(root, ".changeset", "config.json"),
    JSON.stringify({ changelog: false, commit: false, access: "public", baseBranch: "main", updateInternalDependencies: "patch", ignore: [] }),
  );
  await mkdir(join(root, "extensions", "steps", "dist"), { recursive: true });
  await writePackage(version);
  return root;
}

async function writePackage(version: string): Promise<void> {
  const pkg = { name: "@agx-ext/steps", version, agx: { extension: "./dist/index.js", manifest: "./dist/agx-manifest.json" } };
  await writeFile(join(root!, "extensions", "steps", "package.json"), JSON.stringify(pkg, null, 2));
}

/** What a build writes: the manifest of `extension` at the package's current version. */
async function build(extension: unknown): Promise<void> {
  const pkg = JSON.parse(await readFile(join(root!, "extensions", "steps", "package.json"), "utf8")) as { version: string };
  const manifest: PackageManifest = {
    manifestVersion: 1,
    package: "@agx-ext/steps",
    version: pkg.version,
    extensions: [manifestOf(readExtension(extension)!)],
  };
  await writeFile(join(root!, "extensions", "steps", "dist", "agx-manifest.json"), JSON.stringify(manifest));
}

async function changeset(bump: string): Promise<void> {
  await writeFile(join(root!, ".changeset", "days.md"), `---\n"@agx-ext/steps": ${bump}\n---\n\nGet Steps takes days.\n`);
}

function run(program: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [program, ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const contract = (...args: string[]) => run(CLI, ...args, "--root", root!);

describe("pnpm contract:check and contract:update", () => {
  it("fails a release whose changeset bump is too low, naming the package, command, field and bumps; passes with the right bump", async () => {
    await workspace("1.2.0");
    await build(Released);
    expect(contract("update")).toMatchObject({ code: 0, out: expect.stringContaining("wrote   contracts/steps.json (@agx-ext/steps@1.2.0, first baseline)") });
    expect(contract("check")).toMatchObject({ code: 0, out: expect.stringContaining("ok   @agx-ext/steps: contract unchanged since 1.2.0") });

    await build(NeedsDays);
    await changeset("minor");
    const tooLow = contract("check");
    expect(tooLow.code).toBe(1);
    expect(tooLow.out).toContain('FAIL @agx-ext/steps: 1 contract change; the biggest is a major change, so a "major" changeset is needed');
    expect(tooLow.out).toContain("the pending release is minor (1.2.0 -> 1.3.0)");
    expect(tooLow.out).toContain('major  steps: command "Get Steps" (steps_get_steps): input.days: new required input field');
    expect(tooLow.out).toContain("contract check FAILED");

    await changeset("major");
    const enough = contract("check");
    expect(enough.out).toContain("ok   @agx-ext/steps: 1 contract change, the biggest major; pending release major (1.2.0 -> 2.0.0) covers it");
    expect(enough.code).toBe(0);
  });

  it("with no changeset at all, any contract change fails", async () => {
    await workspace("1.2.0");
    await build(Released);
    contract("update");
    await build(NeedsDays);
    const result = contract("check");
    expect(result.code).toBe(1);
    expect(result.out).toContain("the pending release is none (1.2.0 -> 1.2.0)");
  });

  it("at 0.x a breaking change needs a minor changeset, and says why", async () => {
    await workspace("0.3.1");
    await build(Released);
    contract("update");
    await build(NeedsDays);
    await changeset("patch");
    const tooLow = contract("check");
    expect(tooLow.code).toBe(1);
    expect(tooLow.out).toContain('a major change, and 0.3.1 is 0.x, where a minor bump is enough, so a "minor" changeset is needed');
    await changeset("minor");
    expect(contract("check").code).toBe(0);
  });

  it("the release step (changeset version, then contract:update) moves the baseline with the version", async () => {
    await workspace("1.2.0");
    await build(Released);
    contract("update");
    await build(NeedsDays);
    await changeset("major");
    const version = run(CHANGESET, "version");
    expect(version.code, version.out).toBe(0);
    expect(existsSync(join(root!, ".changeset", "days.md"))).toBe(false);
    await build(NeedsDays); // the release step rebuilds, so the manifest carries 2.0.0

    expect(contract("update")).toMatchObject({ code: 0, out: expect.stringContaining("wrote   contracts/steps.json (@agx-ext/steps@2.0.0, was 1.2.0)") });
    const baseline = JSON.parse(await readFile(join(root!, "contracts", "steps.json"), "utf8"));
    expect(baseline).toMatchObject({ package: "@agx-ext/steps", version: "2.0.0" });
    expect(baseline.extensions[0].commands[0].inputSchema.required).toEqual(["date", "days"]);
    // Before publishing, the gate passes: the baseline is the contract being published.
    expect(contract("check")).toMatchObject({ code: 0, out: expect.stringContaining("contract unchanged since 2.0.0") });
    // Without a new version, update keeps the baseline.
    expect(contract("update").out).toContain("kept    contracts/steps.json (@agx-ext/steps is still at 2.0.0)");
  });

  it("fails when a package has no baseline, or its build is older than its package.json", async () => {
    await workspace("1.2.0");
    await build(Released);
    const missing = contract("check");
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("FAIL @agx-ext/steps: no baseline at contracts/steps.json");
    expect(missing.out).toContain("pnpm contract:update @agx-ext/steps");

    contract("update");
    await writePackage("1.3.0");
    const stale = contract("check");
    expect(stale.code).toBe(1);
    expect(stale.out).toContain("contract: @agx-ext/steps: the built manifest is of @agx-ext/steps@1.2.0, package.json says 1.3.0; rebuild it");
    expect(contract("update", "@agx-ext/nope")).toMatchObject({ code: 1, out: expect.stringContaining("not a package with an agx manifest: @agx-ext/nope") });
  });
});
