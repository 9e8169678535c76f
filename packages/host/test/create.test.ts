import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HOST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORKSPACE = resolve(HOST_DIR, "../..");
const CLI = join(HOST_DIR, "dist", "cli.js");
const fromWorkspace = createRequire(join(WORKSPACE, "package.json"));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Child tools get a clean environment: no vitest worker variables, no host settings of the caller. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|AGX_|npm_)/i.test(key) && key !== "NODE_OPTIONS"));
  return { ...env, AGX_LOG_LEVEL: "silent", ...extra };
}

function node(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, env: cleanEnv(env), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const agx = (args: string[], cwd: string, env?: Record<string, string>) => node([CLI, ...args], cwd, env);

/** npm runs the package's own scripts, with its node_modules/.bin on the PATH, as an author would. */
function npm(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile("npm", args, { cwd, env: cleanEnv(env), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Path of a tool's entry script as the workspace installs it. */
function toolBin(pkg: string, bin: string): string {
  const pkgFile = fromWorkspace.resolve(`${pkg}/package.json`);
  // `bin` is a map of names, or one path when the package has a single command (prettier).
  const bins = (fromWorkspace(pkgFile) as { bin: string | Record<string, string> }).bin;
  return join(dirname(pkgFile), typeof bins === "string" ? bins : bins[bin]!);
}

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), "agx-create-"));
});
afterAll(() => rm(temp, { recursive: true, force: true }));

describe("agx create extension", () => {
  it("refuses names that cannot be an extension id, and wrong usage", async () => {
    const bad = await agx(["create", "extension", "Acme_Weather", "--dir", join(temp, "bad")], temp);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"Acme_Weather" is not a valid extension name');
    expect(existsSync(join(temp, "bad"))).toBe(false);
    expect((await agx(["create", "widget", "acme"], temp)).code).toBe(2);
    expect((await agx(["create", "extension"], temp)).code).toBe(2);
  });

  it("refuses a folder that is not empty", async () => {
    const dir = join(temp, "occupied");
    await mkdir(dir);
    await writeFile(join(dir, "keep.txt"), "mine");
    const result = await agx(["create", "extension", "acme", "--dir", dir], temp);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("already exists and is not empty");
    expect(await readdir(dir)).toEqual(["keep.txt"]);
  });

  it("inside the agx-ext workspace: extensions/<name>, workspace ranges, shared configs and a changeset", async () => {
    const root = join(temp, "workspace");
    await mkdir(join(root, ".changeset"), { recursive: true });
    await mkdir(join(root, "extensions"));
    await mkdir(join(root, "packages"));
    await writeFile(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n  - extensions/*\n");
    await writeFile(join(root, "package.json"), JSON.stringify({ name: "ws", private: true, dependencies: { "@agx-ext/host": "workspace:*" } }));

    // Run from a sub-folder: the package still lands in extensions/.
    const result = await agx(["create", "extension", "acme-weather", "--no-install"], join(root, "packages"));
    expect(result.code, result.stderr).toBe(0);
    const dir = join(root, "extensions", "acme-weather");
    const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      name: "@agx-ext/acme-weather",
      type: "module",
      agx: { extension: "./dist/index.js" },
      peerDependencies: { "@agx-ext/core": "workspace:^" },
      devDependencies: { "@agx-ext/core": "workspace:^", "@agx-ext/testing": "workspace:^" },
      scripts: { build: expect.stringContaining("tsc -p tsconfig.build.json"), test: "vitest run", lint: "eslint src test" },
    });
    expect(JSON.parse(await readFile(join(dir, "tsconfig.json"), "utf8")).extends).toBe("../../tsconfig.base.json");
    expect(await readFile(join(dir, "vitest.config.ts"), "utf8")).toContain('from "../../vitest.shared.js"');
    expect(await readFile(join(dir, "src", "extension.ts"), "utf8")).toMatch(/@Extension\(\{\s+id: "acme-weather",\s+name: "Acme Weather"/);
    expect(await readFile(join(dir, "src", "extension.ts"), "utf8")).toContain("export class AcmeWeather");
    expect(await readFile(join(dir, "src", "index.ts"), "utf8")).toBe('export { AcmeWeather } from "./extension.js";\n');
    expect(await readFile(join(root, ".changeset", "new-extension-acme-weather.md"), "utf8")).toMatch(/^---\n"@agx-ext\/acme-weather": minor\n---\n\n\S/);
    expect(result.stdout).toContain("pnpm --filter @agx-ext/acme-weather test");
    // The root host gets it like every other extension of the workspace.
    expect(JSON.parse(await readFile(join(root, "package.json"), "utf8")).dependencies).toEqual({
      "@agx-ext/host": "workspace:*",
      "@agx-ext/acme-weather": "workspace:*",
    });
    // Written as the workspace's formatter writes it: `pnpm lint` (format:check) passes on a new package.
    await writeFile(join(root, ".prettierrc.json"), await readFile(join(WORKSPACE, ".prettierrc.json")));
    const formatted = await node([toolBin("prettier", "prettier"), "--check", "extensions/acme-weather", ".changeset"], root);
    expect(formatted.code, formatted.stdout + formatted.stderr).toBe(0);
  });

  describe("anywhere else (--dir): a self-contained package that builds, passes its tests and loads in a host", () => {
    let dir: string;

    beforeAll(async () => {
      dir = join(temp, "standalone", "acme");
      const result = await agx(["create", "extension", "acme", "--dir", dir], temp);
      expect(result.code, result.stderr).toBe(0);
      // What `npm install` would provide, taken from this workspace: the agx-ext packages and the tools.
      const modules = join(dir, "node_modules");
      await mkdir(join(modules, "@agx-ext"), { recursive: true });
      await mkdir(join(modules, "@types"), { recursive: true });
      await symlink(join(WORKSPACE, "packages", "core"), join(modules, "@agx-ext", "core"), "dir");
      await symlink(join(WORKSPACE, "packages", "testing"), join(modules, "@agx-ext", "testing"), "dir");
      for (const tool of ["typescript", "vitest", "@types/node"])
        await symlink(dirname(fromWorkspace.resolve(`${tool}/package.json`)), join(modules, tool), "dir");
      await mkdir(join(modules, ".bin"));
      await symlink(toolBin("typescript", "tsc"), join(modules, ".bin", "tsc"));
      await symlink(toolBin("vitest", "vitest"), join(modules, ".bin", "vitest"));
    });

    it("depends on published versions and ships its own configs", async () => {
      const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
      const coreVersion = JSON.parse(await readFile(join(WORKSPACE, "packages", "core", "package.json"), "utf8")).version;
      expect(pkg.peerDependencies).toEqual({ "@agx-ext/core": `^${coreVersion}` });
      expect(pkg.devDependencies).toMatchObject({ "@agx-ext/core": `^${coreVersion}`, typescript: expect.any(String), vitest: expect.any(String) });
      expect(JSON.stringify(pkg)).not.toContain("workspace:");
      expect(JSON.parse(await readFile(join(dir, "tsconfig.json"), "utf8")).extends).toBeUndefined();
      expect(await readFile(join(dir, ".gitignore"), "utf8")).toContain("node_modules/");
    });

    it("builds (with its manifest), type-checks and passes its own tests with no edits", async () => {
      const build = await npm(["run", "build"], dir);
      expect(build.code, build.stdout + build.stderr).toBe(0);
      expect(existsSync(join(dir, "dist", "index.js"))).toBe(true);
      const manifest = JSON.parse(await readFile(join(dir, "dist", "agx-manifest.json"), "utf8"));
      expect(manifest).toMatchObject({ package: "@agx-ext/acme", extensions: [expect.objectContaining({ id: "acme" })] });
      const typecheck = await npm(["run", "typecheck"], dir);
      expect(typecheck.code, typecheck.stdout + typecheck.stderr).toBe(0);
      const test = await npm(["test"], dir, { NO_COLOR: "1" });
      expect(test.code, test.stdout + test.stderr).toBe(0);
      expect(test.stdout).toMatch(/Tests\s+3 passed/);
      // Three compilers and a test run in child processes: slow on a loaded machine.
    }, 180_000);

    it("is listed and runs in a host that has it installed", async () => {
      const hostDir = join(temp, "host");
      await mkdir(join(hostDir, "node_modules", "@agx-ext"), { recursive: true });
      await symlink(dir, join(hostDir, "node_modules", "@agx-ext", "acme"), "dir");
      const listed = await agx(["commands", "--json"], hostDir);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ extension: "acme", name: "Acme - Get Greeting", toolName: "acme_get_greeting" })]);
      const ran = await agx(["run", "Acme - Get Greeting", "--input", '{"name":"Ada"}'], hostDir, { ACME_GREETING: "Hi" });
      expect(ran.code, ran.stderr).toBe(0);
      expect(JSON.parse(ran.stdout)).toEqual({ data: { greeting: "Hi, Ada!" }, markdown: "Hi, Ada!" });
    });
  });
});
